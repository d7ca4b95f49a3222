import Foundation
import GantryStore

/// What the web UI reads and does, through the same store, access rules and presenters as the
/// REST API: a page never shows what the API would refuse the same person, and never computes a
/// status, a duration or a latest pipeline a second way. Grouped by page in `ReadModel+<Concern>.swift`.
public struct ReadModel: Sendable {
    let store: any Store
    let data: DataDirectory
    public let baseURL: String
    let coordinator: PipelineCoordinator
    let log: ServerLog
    /// Failed sign-ins, shared by every request of this server.
    let throttle = SignInThrottle()
    let needsCache = NeedsCache()

    var access: Access { Access(store: store) }
    var presenter: Presenter { Presenter(baseURL: baseURL, store: store, data: data) }

    /// Session cookies get `Secure` when people reach the server over https.
    public var secureCookies: Bool { baseURL.lowercased().hasPrefix("https://") }

    /// Notes a line in the server's log (unless `--quiet`).
    public func note(_ line: String) { log.note(line) }
}

/// Who looks at a page: a signed-in user (by session) or an anonymous visitor.
public struct Visitor: Sendable {
    let principal: Principal
    public let user: UserRecord?

    public static let anonymous = Visitor(principal: .anonymous, user: nil)

    /// A session acts as its user with the `api` scope: a person in the browser may do what
    /// their role allows, as with a personal access token that has every scope.
    init(user: UserRecord) {
        self.user = user
        principal = .user(user, token: AccessTokenRecord(userID: user.id, name: "web session", tokenDigest: "", scopes: ["api"],
                                                         createdAt: Date()))
    }

    private init(principal: Principal, user: UserRecord?) {
        self.principal = principal
        self.user = user
    }
}

extension ReadModel {
    /// The project at `path` (`group/sub/project`) when the visitor may see it, as the API's
    /// `GET /projects/:id`; nil otherwise (a 404, so that private projects do not show they exist).
    public func project(path: String, for visitor: Visitor) -> ProjectRecord? {
        guard let found = (try? store.project(pathWithNamespace: path)) ?? nil, access.canRead(found, visitor.principal) else {
            return nil
        }
        return found
    }

    /// The group at `path` when the visitor may see it, as the API's `GET /groups/:id`.
    public func group(path: String, for visitor: Visitor) -> GroupRecord? {
        guard let found = (try? store.group(fullPath: path)) ?? nil, access.canRead(found, visitor.principal) else { return nil }
        return found
    }
}
