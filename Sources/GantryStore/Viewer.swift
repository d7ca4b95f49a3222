import Foundation

/// Who is listing, for the lists filtered by what the caller may see.
public struct Viewer: Sendable {
    /// Nil for anonymous callers.
    public var userID: Int?
    public var isAdmin: Bool
    public var now: Date

    public init(userID: Int?, isAdmin: Bool = false, now: Date = Date()) {
        self.userID = userID
        self.isAdmin = isAdmin
        self.now = now
    }

    public static let anonymous = Viewer(userID: nil)
}
