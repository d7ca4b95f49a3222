import Foundation
import GantryStore

/// Users and their personal access tokens: the first administrator on first start, and the
/// users and tokens that `gantry admin` and the API create.
public struct Accounts: Sendable {
    let store: any Store

    public init(store: any Store) { self.store = store }

    /// A new token for `user`; the secret is returned once and only its digest is stored.
    public func createToken(for user: UserRecord, name: String, scopes: [String] = ["api"], expiresAt: Date? = nil,
                            secret: String? = nil) throws -> (AccessTokenRecord, String) {
        let secret = secret ?? Secrets.generate(prefix: "glpat-")
        let record = try store.createAccessToken(AccessTokenRecord(userID: user.id, name: name, tokenDigest: Secrets.digest(secret),
                                                                   scopes: scopes, createdAt: Date(), expiresAt: expiresAt))
        return (record, secret)
    }

    /// On the first start: the `root` administrator and a token for it, which the caller prints
    /// once. `initialToken` (from `--initial-root-token` or GANTRY_INITIAL_ROOT_TOKEN) makes the
    /// token known in advance, for scripted set-ups. Nil when the server already has users.
    public func bootstrap(initialToken: String?) throws -> String? {
        if let existing = try store.user(username: "root") {
            // A scripted set-up may restart with the same token: make sure it still works.
            if let token = initialToken, try store.user(forTokenDigest: Secrets.digest(token)) == nil {
                _ = try createToken(for: existing, name: "initial-root-token", secret: token)
            }
            return nil
        }
        let root = try store.createUser(UserRecord(username: "root", name: "Administrator", email: "root@gantry.local",
                                                   isAdmin: true, createdAt: Date()))
        return try createToken(for: root, name: "initial-root-token", secret: initialToken).1
    }
}
