import GantrySuggestion
import GantryYAML

/// The checks GitLab runs across jobs once each job is valid on its own (its YAML processor's
/// "logical validations"): stages exist, needs and dependencies name earlier jobs, no cycles.
struct JobGraphValidator {
    let config: PipelineConfig

    func validate(into diagnostics: inout Diagnostics) {
        let instances = config.instances
        var stageOf: [String: Int] = [:]
        var instancesOf: [String: [JobInstance]] = [:]
        for instance in instances {
            stageOf[instance.name] = config.stages.firstIndex(of: instance.stage) ?? -1
            instancesOf[instance.job.name, default: []].append(instance)
        }

        for job in config.jobs {
            let stageIndex = config.stages.firstIndex(of: job.stage)
            if stageIndex == nil {
                diagnostics.error(job.stageMark, "\(job.name) job: chosen stage \(job.stage) does not exist; available stages are \(config.stages.joined(separator: ", "))")
                continue
            }
            for dependency in job.dependencies ?? [] {
                guard let name = dependency.string else { continue }
                check(job, name, type: "dependency", mark: dependency.mark, optional: false,
                      stageIndex: stageIndex!, stageOf: stageOf, instancesOf: instancesOf, into: &diagnostics)
            }
            let needLists = [job.needs] + (job["rules"]?.sequence ?? []).map { Need.list(from: $0.mapping?["needs"]) }
            for needs in needLists {
                guard let needs else { continue }
                for need in needs {
                    for name in Self.names(of: need, instancesOf: instancesOf) {
                        check(job, name, type: "need", mark: need.mark, optional: need.optional,
                              stageIndex: stageIndex!, stageOf: stageOf, instancesOf: instancesOf, into: &diagnostics)
                    }
                }
                var seen: Set<String> = [], duplicated: [String] = []
                for need in needs where need.matrix == nil {
                    if !seen.insert(need.job).inserted && !duplicated.contains(need.job) { duplicated.append(need.job) }
                }
                if !duplicated.isEmpty {
                    diagnostics.error(needs[0].mark, "\(job.name) has the following needs duplicated: \(duplicated.joined(separator: ", ")).")
                }
            }
            // With needs, GitLab gives artifacts only of needed jobs: a dependency outside needs gets nothing.
            // `needs: []` skips the check (GitLab's `Job#validate_dependencies` looks only at listed needs).
            if let needs = job.needs, !needs.isEmpty, let deps = job.dependencies {
                let needed = Set(needs.map(\.job))
                let missing = deps.compactMap(\.string).filter { !needed.contains($0) }
                if !missing.isEmpty {
                    diagnostics.error(job["dependencies"]!.mark, "jobs:\(job.name) dependencies the \(missing.joined(separator: ", ")) should be part of needs")
                }
            }
        }
        OnStopCheck(instances: instances).check(config.jobs, into: &diagnostics)
        if !diagnostics.hasErrors { checkCycles(instancesOf: instancesOf, into: &diagnostics) }
    }

    /// The job names a need stands for: with `parallel: matrix:` on a parallel job, the instances
    /// the matrix names (`build: [aws, app1]`), which must exist; otherwise the job itself.
    static func names(of need: Need, instancesOf: [String: [JobInstance]]) -> [String] {
        guard let matrix = need.matrix, instancesOf[need.job]?.first?.job["parallel"] != nil else { return [need.job] }
        return matrix.map { MatrixExpansion.name(need.job, values: $0) }
    }

    private func check(_ job: JobConfig, _ name: String, type: String, mark: SourceMark, optional: Bool,
                       stageIndex: Int, stageOf: [String: Int], instancesOf: [String: [JobInstance]],
                       into diagnostics: inout Diagnostics) {
        // A name may be a plain job or a parallel job (meaning all its instances).
        let targets = instancesOf[name].map { $0.map(\.name) } ?? (stageOf[name] != nil ? [name] : [])
        if targets.isEmpty {
            if !optional {
                let known = stageOf.keys.sorted().filter { $0 != job.name }
                diagnostics.error(mark, "\(job.name) job: undefined \(type): \(name)" + Suggestion.phrase(for: name, among: known))
            }
            return
        }
        for target in targets where (stageOf[target] ?? Int.max) > stageIndex {
            diagnostics.error(mark, "\(job.name) job: \(type) \(name) is not defined in current or prior stages")
            return
        }
    }

    /// Needs must form a DAG; GitLab reports a cycle without naming it, so we add the jobs on it.
    private func checkCycles(instancesOf: [String: [JobInstance]], into diagnostics: inout Diagnostics) {
        var edges: [String: [String]] = [:]
        var marks: [String: SourceMark] = [:]
        for job in config.jobs {
            guard let needs = job.needs else { continue }
            edges[job.name] = needs.map(\.job).filter { instancesOf[$0] != nil }
            marks[job.name] = job["needs"]?.mark ?? job.nameMark
        }
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1 { return Array(path[(path.firstIndex(of: name) ?? 0)...]) + [name] }
            state[name] = 1
            path.append(name)
            for next in edges[name] ?? [] {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[name] = 2
            return nil
        }
        for job in config.jobs {
            if let cycle = visit(job.name) {
                diagnostics.error(marks[cycle[0]] ?? job.nameMark,
                                  "The pipeline has circular dependencies: \(cycle.joined(separator: " -> "))")
                return
            }
        }
    }
}
