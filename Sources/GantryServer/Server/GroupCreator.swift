import Foundation
import GantryStore

/// A new group, at the top or below a parent: its full path is the parent's followed by its own
/// path. The API's creator becomes its Owner, as in GitLab; `gantry admin` creates it ownerless,
/// for the server's admins to fill.
public struct GroupCreator: Sendable {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    public func create(name: String, path: String, parent: GroupRecord?, visibility: String = "private",
                       description: String = "", owner: UserRecord? = nil) throws -> GroupRecord {
        let now = Date()
        let group = try store.createGroup(GroupRecord(name: name, path: path, fullPath: parent.map { $0.fullPath + "/" + path } ?? path,
                                                      parentID: parent?.id, visibility: visibility, description: description,
                                                      createdAt: now))
        if let owner {
            try store.setMember(MemberRecord(sourceKind: "group", sourceID: group.id, userID: owner.id,
                                             accessLevel: Role.owner, createdAt: now, createdByID: owner.id))
        }
        return group
    }
}
