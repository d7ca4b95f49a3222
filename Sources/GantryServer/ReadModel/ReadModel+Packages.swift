import Foundation
import GantryStore

/// The packages page: a project's Python packages, each version with its files, and the index
/// URLs `pip install --index-url` takes (the project's and its group's, the API's PyPI routes).
/// Access as the API's packages list (`read_package`: Reporter and above on a private project).
extension ReadModel {
    public struct PackageVersion: Sendable {
        public let package: PackageRecord
        public let files: [PackageFileRecord]
    }

    public struct PackageIndexes: Sendable {
        public let project: String
        /// Nil for a project in a user's namespace.
        public let group: String?
        /// Private and internal projects' indexes need a token in the URL (`__token__:<token>@`).
        public let needsToken: Bool
    }

    /// A page of the project's Python packages, newest first; nil when the visitor may not read them.
    public func pythonPackages(of project: ProjectRecord, for visitor: Visitor, page: Int, perPage: Int) throws
        -> (items: [PackageVersion], total: Int)? {
        guard access.canDownloadCode(project, visitor.principal) else { return nil }
        let found = try store.packages(projectIDs: [project.id], filter: PackageFilter(packageType: "pypi"), page: page, perPage: perPage)
        return (try found.items.map { PackageVersion(package: $0, files: try store.packageFiles(packageID: $0.id)) }, found.total)
    }

    public func packageIndexes(of project: ProjectRecord) -> PackageIndexes {
        let api = "\(baseURL)/api/v4"
        return PackageIndexes(project: "\(api)/projects/\(project.id)/packages/pypi/simple",
                              group: project.namespaceKind == "group" ? "\(api)/groups/\(project.namespaceID)/-/packages/pypi/simple" : nil,
                              needsToken: project.visibility != "public")
    }
}
