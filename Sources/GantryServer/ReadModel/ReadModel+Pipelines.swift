import Foundation
import Synchronization
import GantryEngine
import GantryExecution
import GantryStore

/// A project's pipelines: the list with its filters, and one pipeline with its jobs by stage,
/// their `needs:`, what the visitor may do to them, and the test report. Access as the API's
/// pipeline routes: whoever may see the project sees its pipelines; Developers act.
extension ReadModel {
    public func pipelines(of project: ProjectRecord, status: String?, ref: String?, page: Int, perPage: Int) throws
        -> (items: [PipelineSummary], total: Int) {
        var filter = PipelineFilter(ref: ref, status: status.flatMap(PipelineStatus.init(rawValue:)))
        // A status GitLab does not have matches nothing, as in the API.
        if status != nil && filter.status == nil { filter.statuses = [] }
        let found = try store.pipelines(projectID: project.id, filter: filter, page: page, perPage: perPage)
        return (found.items.map(summary), found.total)
    }

    /// The newest pipeline of a ref (the badge's).
    public func latestPipeline(of project: ProjectRecord, ref: String) throws -> PipelineSummary? {
        try store.pipelines(projectID: project.id, filter: PipelineFilter(ref: ref), page: 1, perPage: 1).items.first.map(summary)
    }

    /// The newest pipeline of each branch and tag the repository has, newest first.
    public func latestPerRef(of project: ProjectRecord) throws -> [(ref: String, tag: Bool, pipeline: PipelineSummary?)] {
        let refs = BareRepository(path: data.repository(projectID: project.id)).refs()
        return try refs.keys.sorted().compactMap { full -> (String, Bool, PipelineSummary?)? in
            let (name, tag): (String, Bool)
            if full.hasPrefix("refs/heads/") { (name, tag) = (String(full.dropFirst(11)), false) }
            else if full.hasPrefix("refs/tags/") { (name, tag) = (String(full.dropFirst(10)), true) }
            else { return nil }
            var filter = PipelineFilter(ref: name)
            filter.tag = tag
            return (name, tag, try store.pipelines(projectID: project.id, filter: filter, page: 1, perPage: 1).items.first.map(summary))
        }
        .sorted { ($0.2?.record.id ?? 0, $1.0) > ($1.2?.record.id ?? 0, $0.0) }
    }

    public struct JobView: Sendable {
        public let record: JobRecord
        public let status: DetailedStatus
        /// Earlier attempts of the same job (retries).
        public let retries: Int
        /// Names of the jobs it waits for (`needs:`); nil when it follows stage order.
        public let needs: [String]?
        public let canPlay: Bool
        public let canRetry: Bool
    }

    public struct StageView: Sendable {
        public let name: String
        public let jobs: [JobView]
    }

    public struct PipelineDetail: Sendable {
        public let record: PipelineRecord
        public let status: DetailedStatus
        public let user: UserRecord?
        public let duration: Double?
        public let queuedDuration: Double?
        public let commitTitle: String?
        public let stages: [StageView]
        /// Developer and above: play, retry, cancel (the API's rule for the same actions).
        public let canAct: Bool
        public let canCancel: Bool
        public let canRetry: Bool
        public var failedJobs: [JobView] { stages.flatMap(\.jobs).filter { $0.record.status == .failed } }
    }

    public func pipeline(_ id: Int, of project: ProjectRecord, for visitor: Visitor) throws -> PipelineDetail? {
        guard let p = try store.pipeline(id: id), p.projectID == project.id else { return nil }
        let all = try store.jobs(pipelineID: p.id, includeRetried: true)
        let current = all.filter { !$0.retried }
        let attempts = Dictionary(grouping: all.filter(\.retried), by: \.name).mapValues(\.count)
        let needs = needsCache.needs(of: p) { coordinator.needs(of: p, project: project) }
        let canAct = visitor.user != nil && access.role(of: visitor.principal, in: project) >= Role.developer
        let jobs = current.sorted { ($0.stageIndex, $0.id) < ($1.stageIndex, $1.id) }.map { j in
            JobView(record: j, status: DetailedStatus(j.status.rawValue, pipeline: false), retries: attempts[j.name] ?? 0,
                    needs: needs[j.name], canPlay: canAct && j.status == .manual,
                    canRetry: canAct && (j.status == .failed || j.status == .canceled || j.status == .success))
        }
        var stages: [StageView] = []
        for job in jobs {
            if stages.last?.name == job.record.stage {
                stages[stages.count - 1] = StageView(name: job.record.stage, jobs: stages[stages.count - 1].jobs + [job])
            } else {
                stages.append(StageView(name: job.record.stage, jobs: [job]))
            }
        }
        return PipelineDetail(record: p, status: DetailedStatus(pipeline: p, jobs: current), user: p.userID.flatMap { try? store.user(id: $0) },
                              duration: PipelineDuration.shown(p, jobs: current), queuedDuration: PipelineDuration.queued(p),
                              commitTitle: CommitCache(data: data).commit(project: project.id, sha: p.sha)?.title, stages: stages,
                              canAct: canAct, canCancel: canAct && !p.status.isSettled,
                              canRetry: canAct && current.contains { $0.status == .failed || $0.status == .canceled })
    }

    public struct TestSuite: Sendable {
        public let name: String
        public let jobIDs: [Int]
        public let report: JUnitReport
        /// Why a report file could not be read.
        public let error: String?
        /// Failed and errored cases first, as GitLab sorts them.
        public var sortedCases: [JUnitReport.Case] {
            TestReportBuilder.order.flatMap { status in report.cases.filter { $0.status == status } }
        }
    }

    /// The test report tab: the same suites the API's `test_report` answers.
    public func testReport(of pipeline: PipelineRecord) throws -> [TestSuite] {
        try TestReportBuilder(store: store, data: data).suites(pipeline).map {
            TestSuite(name: $0.name, jobIDs: $0.jobIDs, report: $0.report, error: $0.error)
        }
    }
}

/// `needs:` per pipeline, which never change once planned: planning a commit again reads git and
/// YAML, too much for every refresh of a page.
final class NeedsCache: Sendable {
    private let known = Mutex<[Int: [String: [String]]]>([:])

    func needs(of pipeline: PipelineRecord, _ compute: () -> [String: [String]]) -> [String: [String]] {
        if let found = known.withLock({ $0[pipeline.id] }) { return found }
        let computed = compute()
        known.withLock { table in
            if table.count >= 2000 { table.removeAll() }
            table[pipeline.id] = computed
        }
        return computed
    }
}
