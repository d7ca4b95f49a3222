import Foundation
import GantryCrypto
import GantryStore

/// Passwords for signing in to the web UI (`gantry admin user create --password`, root's first
/// password). Only the scrypt digest is stored.
extension Accounts {
    /// GitLab's default minimum length.
    public static let minimumPasswordLength = 8

    public struct PasswordError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Sets the user's password and ends their open sessions (a changed password logs out
    /// every browser, as in GitLab).
    public func setPassword(_ password: String, for user: UserRecord) throws {
        try Accounts.check(password: password)
        try store.setPasswordDigest(userID: user.id, PasswordHash.hash(password))
        try store.deleteSessions(userID: user.id)
    }

    /// GitLab's length rule (and a bound, so that nobody hashes megabytes).
    public static func check(password: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw PasswordError(description: "the password is too short (minimum is \(minimumPasswordLength) characters)")
        }
        guard password.utf8.count <= 1024 else { throw PasswordError(description: "the password is too long (maximum is 1024 bytes)") }
    }

    /// root's first password, on the start that finds root without one (the first start, or
    /// the first after an upgrade): `initial` (from `--initial-root-password`) or a generated
    /// one, returned to be printed once. Nil when root has a password already.
    public func bootstrapPassword(initial: String?) throws -> String? {
        guard let root = try store.user(username: "root"), try store.passwordDigest(userID: root.id) == nil else { return nil }
        let password = initial ?? Secrets.generate(prefix: "")
        try setPassword(password, for: root)
        return password
    }
}
