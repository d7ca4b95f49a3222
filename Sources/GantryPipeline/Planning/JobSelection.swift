/// `gantry run JOB...`: only the named jobs (a base name selects all its parallel instances),
/// with `--needs` also every job they need, transitively. Needs on jobs left out are dropped, so
/// the chosen jobs start at once.
public struct JobSelection: Sendable {
    public var names: [String]
    public var withNeeds: Bool

    public init(names: [String], withNeeds: Bool) {
        self.names = names
        self.withNeeds = withNeeds
    }

    public struct UnknownJob: Error, CustomStringConvertible {
        public let name: String
        public let known: [String]
        public var description: String {
            "no job '\(name)' in this pipeline; its jobs are: \(known.joined(separator: ", "))"
        }
    }

    public func apply(to plan: Plan) throws(UnknownJob) -> Plan {
        var chosen: Set<String> = []
        for name in names {
            let matches = plan.jobs.filter { $0.name == name || $0.instance.job.name == name }
            guard !matches.isEmpty else { throw UnknownJob(name: name, known: plan.jobs.map(\.name)) }
            chosen.formUnion(matches.map(\.name))
        }
        if withNeeds {
            var pending = Array(chosen)
            let byName = Dictionary(uniqueKeysWithValues: plan.jobs.map { ($0.name, $0) })
            while let name = pending.popLast() {
                for need in byName[name]?.needs ?? [] where chosen.insert(need.job).inserted {
                    pending.append(need.job)
                }
            }
        }
        var out = plan
        out.jobs = plan.jobs.filter { chosen.contains($0.name) }.map { job in
            var job = job
            job.needs = job.needs?.filter { chosen.contains($0.job) } ?? (withNeeds ? nil : [])
            return job
        }
        out.stages = plan.stages.filter { stage in out.jobs.contains { $0.stage == stage } }
        return out
    }
}
