import Foundation
import GantryStore

/// A new project: its row and its bare repository, under a group or a user's namespace. As in
/// GitLab, its creator becomes its Owner and its default branch is protected (Maintainers push
/// and merge, no force push).
public struct ProjectCreator: Sendable {
    let store: any Store
    let data: DataDirectory

    public init(store: any Store, data: DataDirectory) {
        self.store = store
        self.data = data
    }

    public enum Namespace: Sendable {
        case user(UserRecord)
        case group(GroupRecord)
    }

    public func create(name: String, path: String, namespace: Namespace, creator: UserRecord, visibility: String = "private",
                       description: String = "", defaultBranch: String = "main") throws -> ProjectRecord {
        let now = Date()
        let (kind, id, prefix): (String, Int, String)
        switch namespace {
        case .user(let u): (kind, id, prefix) = ("user", u.id, u.username)
        case .group(let g): (kind, id, prefix) = ("group", g.id, g.fullPath)
        }
        let project = try store.createProject(ProjectRecord(name: name, path: path, namespaceKind: kind, namespaceID: id,
                                                            pathWithNamespace: prefix + "/" + path, visibility: visibility,
                                                            description: description, defaultBranch: defaultBranch,
                                                            createdAt: now, lastActivityAt: now, creatorID: creator.id))
        try store.setMember(MemberRecord(sourceKind: "project", sourceID: project.id, userID: creator.id,
                                         accessLevel: 50, createdAt: now, createdByID: creator.id))
        _ = try store.createProtectedRef(ProtectedRefRecord(projectID: project.id, kind: "branch", name: defaultBranch))
        let repository = BareRepository(path: data.repository(projectID: project.id))
        try? FileManager.default.removeItem(at: repository.path)
        try repository.create(defaultBranch: defaultBranch)
        return project
    }
}
