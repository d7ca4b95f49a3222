import Foundation

/// Who is listing, for the lists filtered by what the caller may see.
public struct Viewer: Sendable {
    /// Nil for anonymous callers.
    public var userID: Int?
    public var isAdmin: Bool
    public var now: Date
    /// GitLab's `membership=true`: only what the viewer is a member of (directly or through a group).
    public var membersOnly = false
    /// GitLab's `min_access_level`: only what the viewer has at least this role in (implies membersOnly).
    public var minAccessLevel: Int?
    /// GitLab's `owned=true`: projects in the viewer's own namespace; groups the viewer owns.
    public var ownedOnly = false

    public init(userID: Int?, isAdmin: Bool = false, now: Date = Date()) {
        self.userID = userID
        self.isAdmin = isAdmin
        self.now = now
    }

    /// Whether the list is restricted to the viewer's memberships, and from which role.
    var membershipLevel: Int? {
        if ownedOnly { return 50 }
        if let minAccessLevel { return minAccessLevel }
        return membersOnly ? 0 : nil
    }

    public static let anonymous = Viewer(userID: nil)
}
