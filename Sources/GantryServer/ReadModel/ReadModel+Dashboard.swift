import Foundation
import GantryStore

/// The dashboard and group pages: the group monitor (`LatestPipelines`, as the API's
/// `latest_pipelines` answers `gantry pipelines`), for what the visitor may see.
extension ReadModel {
    /// A pipeline as a list shows it: status in GitLab's words, who started it and how long it took.
    public struct PipelineSummary: Sendable {
        public let record: PipelineRecord
        public let status: DetailedStatus
        public let user: UserRecord?
    }

    public struct ProjectRow: Sendable {
        public let project: ProjectRecord
        public let latest: PipelineSummary?
    }

    public struct GroupBoard: Sendable {
        public let group: GroupRecord
        /// The group's and its subgroups' projects, failing first, then running, then by path.
        public let rows: [ProjectRow]
        /// Projects beyond `rows` (the board shows a bounded number).
        public let more: Int
    }

    /// Boards of at most this many projects: a page stays quick whatever the group's size.
    public static let boardSize = 500

    /// Every top-level group the visitor can see (and every visible subgroup whose parent they
    /// cannot see), each with its subgroups' projects.
    public func dashboard(for visitor: Visitor) throws -> [GroupBoard] {
        let viewer = access.viewer(visitor.principal)
        let groups = try store.groups(visibleTo: viewer, parentID: nil, search: nil, page: 1, perPage: 1000).items
        let visible = Set(groups.map(\.id))
        return try groups.filter { $0.parentID.map { !visible.contains($0) } ?? true }
            .sorted { $0.fullPath.lowercased() < $1.fullPath.lowercased() }
            .map { try board($0, for: visitor) }
    }

    public func board(_ group: GroupRecord, for visitor: Visitor) throws -> GroupBoard {
        let page = try LatestPipelines(store: store).page(of: group, viewer: access.viewer(visitor.principal), page: 1,
                                                          perPage: ReadModel.boardSize)
        let rows = page.items.map { ProjectRow(project: $0.project, latest: $0.pipeline.map(summary)) }
        return GroupBoard(group: group, rows: rows.sorted(by: ReadModel.failingFirst), more: max(0, page.total - rows.count))
    }

    func summary(_ p: PipelineRecord) -> PipelineSummary {
        PipelineSummary(record: p, status: DetailedStatus(p.status.rawValue, pipeline: true),
                        user: p.userID.flatMap { try? store.user(id: $0) })
    }

    /// Failed first, then what is moving (running, pending, waiting), then the rest; by path within.
    static func failingFirst(_ a: ProjectRow, _ b: ProjectRow) -> Bool {
        func rank(_ row: ProjectRow) -> Int {
            switch row.latest?.record.status {
            case .failed: return 0
            case .running, .pending, .waitingForResource: return 1
            case .manual, .scheduled: return 2
            case .none: return 4
            default: return 3
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        return ra != rb ? ra < rb : a.project.pathWithNamespace.lowercased() < b.project.pathWithNamespace.lowercased()
    }
}
