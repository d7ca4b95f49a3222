import COpenSSL
import Foundation

/// Passwords for people signing in to the web UI, kept as scrypt digests (memory-hard, through
/// OpenSSL's `EVP_PBE_scrypt`): `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, salt and hash in base64.
/// The cost travels with each digest, so raising it later leaves old digests verifiable.
public enum PasswordHash {
    /// N=2^15, r=8, p=1: 32 MiB and about a tenth of a second per try on one core (the cost
    /// of scrypt's paper for interactive logins, and what Python's hashlib and Go's x/crypto
    /// recommend).
    public static let defaultCost = Cost(logN: 15, r: 8, p: 1)

    public struct Cost: Sendable, Equatable {
        public let logN: Int
        public let r: Int
        public let p: Int

        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        /// What a stored digest may ask for: bounded, so that a tampered row cannot make a
        /// sign-in take all memory (2^20 × 8 × 128 = 1 GiB at most).
        var isReasonable: Bool { (10...20).contains(logN) && (1...16).contains(r) && (1...4).contains(p) }
    }

    public static func hash(_ password: String, cost: Cost = defaultCost) -> String {
        // The system generator is the kernel's (getrandom), fit for keys.
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = derive(password, salt: salt, cost: cost) ?? []
        precondition(key.count == 32, "scrypt failed")
        return "$scrypt$ln=\(cost.logN),r=\(cost.r),p=\(cost.p)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` is the one `stored` was made from; false for anything malformed.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt",
              let cost = parseCost(parts[2]), cost.isReasonable,
              let salt = Data(base64Encoded: String(parts[3])), let expected = Data(base64Encoded: String(parts[4])),
              !salt.isEmpty, expected.count == 32,
              let key = derive(password, salt: [UInt8](salt), cost: cost) else { return false }
        return ConstantTime.equal(key, [UInt8](expected))
    }

    private static func parseCost(_ text: Substring) -> Cost? {
        var values: [String: Int] = [:]
        for pair in text.split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let n = Int(kv[1]) else { return nil }
            values[String(kv[0])] = n
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"] else { return nil }
        return Cost(logN: logN, r: r, p: p)
    }

    private static func derive(_ password: String, salt: [UInt8], cost: Cost) -> [UInt8]? {
        var key = [UInt8](repeating: 0, count: 32)
        // A trailing 0 so that an empty password still has an address; its length excludes it.
        let secret = Array(password.utf8CString)
        // maxmem: what N and r need, with room for OpenSSL's own bookkeeping.
        let memory = (UInt64(128 * cost.r) << UInt64(cost.logN)) * UInt64(cost.p) + (16 << 20)
        let ok = secret.withUnsafeBufferPointer { pw in
            EVP_PBE_scrypt(pw.baseAddress, pw.count - 1, salt, salt.count, UInt64(1) << UInt64(cost.logN), UInt64(cost.r),
                           UInt64(cost.p), memory, &key, key.count)
        }
        return ok == 1 ? key : nil
    }
}
