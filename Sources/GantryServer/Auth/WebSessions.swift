import Foundation
import GantryCrypto
import GantryStore

/// People signed in to the web UI: a user name and password make a session, which the browser
/// keeps as a cookie holding a random secret (the store keeps its sha256). Every sign-in makes
/// a new session, so a session id planted in the browser before (fixation) never becomes a
/// signed-in one. Tokens stay for machines: a session is for a browser only.
public struct WebSessions: Sendable {
    let store: any Store
    let throttle: SignInThrottle

    /// A week, GitLab's default session lifetime.
    public static let lifetime: TimeInterval = 7 * 24 * 3600

    public enum SignIn: Sendable {
        /// The cookie secret of the new session.
        case signedIn(secret: String, Visitor)
        case refused
        /// Too many failures for this name or address: wait.
        case throttled
    }

    /// Checks the password and opens a session. The same work (one scrypt) is done for an
    /// unknown name as for a known one, so the time does not tell which names exist.
    public func signIn(username: String, password: String, address: String, now: Date = Date()) throws -> SignIn {
        guard throttle.allows(username: username, address: address, now: now) else { return .throttled }
        let user = try store.user(username: username)
        let digest = try user.flatMap { try store.passwordDigest(userID: $0.id) }
        let matches = throttle.checkingPassword { PasswordHash.verify(password, against: digest ?? WebSessions.decoy) }
        guard let user, digest != nil, matches, user.state == "active", !user.isBot else {
            throttle.failed(username: username, address: address, now: now)
            return .refused
        }
        throttle.succeeded(username: username)
        try store.deleteExpiredSessions(before: now)
        let secret = WebSessions.newSecret()
        _ = try store.createSession(SessionRecord(digest: Secrets.digest(secret), userID: user.id,
                                                  csrfToken: WebSessions.newSecret(),
                                                  createdAt: now, expiresAt: now.addingTimeInterval(WebSessions.lifetime)))
        return .signedIn(secret: secret, Visitor(user: user))
    }

    /// The signed-in visitor of a cookie secret and its session's CSRF token; nil when the
    /// session is unknown, expired, or its user blocked.
    public func visitor(secret: String, now: Date = Date()) throws -> (Visitor, csrfToken: String)? {
        guard !secret.isEmpty, let session = try store.session(digest: Secrets.digest(secret), at: now),
              let user = try store.user(id: session.userID), user.state == "active" else { return nil }
        return (Visitor(user: user), session.csrfToken)
    }

    public func signOut(secret: String) throws {
        try store.deleteSession(digest: Secrets.digest(secret))
    }

    /// 48 random characters (about 285 bits): session secrets and CSRF tokens.
    public static func newSecret() -> String { Secrets.generate(prefix: "") + Secrets.generate(prefix: "") }

    /// A digest no password matches, verified when the name is unknown (same cost as a real one).
    private static let decoy = PasswordHash.hash(Secrets.generate(prefix: ""))
}

extension ReadModel {
    public var sessions: WebSessions { WebSessions(store: store, throttle: throttle) }
}
