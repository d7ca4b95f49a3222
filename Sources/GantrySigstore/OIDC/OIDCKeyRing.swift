#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryCrypto
import Synchronization

/// The RSA keys an OIDC issuer signs ID tokens with, as files in one folder (the server's
/// `DATA/oidc`, a checkout's `.gantry/oidc`): `<kid>.pem` (the private key, 0600) and
/// `<kid>.json` (when it was made and when the last token it signed expires).
///
/// The newest key signs. ``rotate()`` adds a newer one; an older key stays published (``keySet()``)
/// until every token it signed has expired, so tokens handed out before a rotation still verify.
/// Another process (`gantry admin oidc rotate`) may rotate while a server runs: the folder is
/// read again on each use, which costs a directory listing and a few small files.
public final class OIDCKeyRing: JWTSigning {
    public let folder: URL
    /// Parsed private keys by kid: a key file never changes once written.
    private let parsed = Mutex<[String: RSAKey]>([:])
    /// Held while a key's record is read and raised, so that two jobs signing at once never
    /// write a lower expiry over a higher one.
    private let recording = Mutex(())

    /// What `<kid>.json` holds.
    struct Record: Codable {
        var created: Double
        /// The latest `exp` of a token the key signed (rounded up, see ``expiryStep``); 0 for none yet.
        var tokensExpireBy: Double

        enum CodingKeys: String, CodingKey { case created, tokensExpireBy = "tokens_expire_by" }
    }

    /// Recorded expiries are rounded up to this step, so that a busy issuer rewrites a key's
    /// record about once per step rather than once per token; a retired key stays published at
    /// most this much longer than needed.
    static let expiryStep: Double = 600

    /// Opens the key ring in `folder`, creating the folder (0700) and a first key when there is none.
    public init(folder: URL) throws {
        self.folder = folder.standardizedFileURL
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: self.folder.path)
        if try records().isEmpty { _ = try rotate() }
    }

    /// How long a replaced key's files are kept even when no token of it is valid: a server that
    /// picked the key just before a rotation in another process still finds it, and its signing
    /// publishes the key again (its record's expiry moves ahead).
    static let pruneAfter: Double = 86_400

    /// A new signing key; the previous ones stay published while tokens they signed are valid.
    /// Keys older than a day whose tokens have all expired are removed. Returns the new key's id.
    @discardableResult
    public func rotate(now: Date = Date()) throws -> String {
        let key = try RSAKey.generate()
        let kid = JSONWebKey(publicKeyOf: key).kid
        try write(Data(try key.privateKeyPEM().utf8), to: "\(kid).pem")
        try write(try JSONEncoder().encode(Record(created: now.timeIntervalSince1970, tokensExpireBy: 0)), to: "\(kid).json")
        let seconds = now.timeIntervalSince1970
        for (old, record) in try records()
        where old != kid && record.tokensExpireBy < seconds && record.created < seconds - Self.pruneAfter {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(old).pem"))
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(old).json"))
        }
        return kid
    }

    /// The kid of the key that signs now.
    public func currentKeyID() throws -> String {
        guard let newest = try records().max(by: { ($0.1.created, $0.0) < ($1.1.created, $1.0) }) else {
            throw JWTError("no signing key in \(folder.path)")
        }
        return newest.0
    }

    /// The public keys a verifier must know now: the signing key, and every older key with a
    /// token that has not expired yet.
    public func keySet(now: Date = Date()) throws -> JSONWebKeySet {
        let current = try currentKeyID()
        let live = try records().filter { $0.0 == current || $0.1.tokensExpireBy >= now.timeIntervalSince1970 }
            .sorted { ($0.1.created, $0.0) > ($1.1.created, $1.0) }
        return JSONWebKeySet(keys: try live.map { JSONWebKey(publicKeyOf: try privateKey($0.0)) })
    }

    public func signJWT(payload: Data, expires: Date) throws -> String {
        let kid = try currentKeyID()
        // Recorded before the token exists, so that no token outlives its key's publication.
        let path = folder.appendingPathComponent("\(kid).json")
        try recording.withLock { _ in
            if var record = try? JSONDecoder().decode(Record.self, from: Data(contentsOf: path)),
               record.tokensExpireBy < expires.timeIntervalSince1970 {
                record.tokensExpireBy = (expires.timeIntervalSince1970 / Self.expiryStep).rounded(.up) * Self.expiryStep
                try write(try JSONEncoder().encode(record), to: "\(kid).json")
            }
        }
        return try JSONWebToken.sign(payload: payload, with: try privateKey(kid), keyID: kid)
    }

    private func privateKey(_ kid: String) throws -> RSAKey {
        if let key = parsed.withLock({ $0[kid] }) { return key }
        let pem = try String(contentsOf: folder.appendingPathComponent("\(kid).pem"), encoding: .utf8)
        let key = try RSAKey(privateKeyPEM: pem)
        parsed.withLock { $0[kid] = key }
        return key
    }

    /// Every key with both files, by kid.
    private func records() throws -> [(String, Record)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.compactMap { name -> (String, Record)? in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            let kid = String(name.dropLast(5))
            guard names.contains("\(kid).pem"),
                  let record = try? JSONDecoder().decode(Record.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            else { return nil }
            return (kid, record)
        }
    }

    /// Writes a file whole, readable by its owner only: a temporary file (0600 from its creation)
    /// renamed over the old one, so a reader never sees half a key or record.
    private func write(_ data: Data, to name: String) throws {
        let target = folder.appendingPathComponent(name)
        let temporary = folder.appendingPathComponent(".\(name).\(UUID().uuidString)")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
