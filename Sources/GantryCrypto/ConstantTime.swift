/// Comparing secrets (password digests, CSRF tokens) in time that does not depend on where
/// they differ, so that timing tells an attacker nothing about how much of a guess was right.
public enum ConstantTime {
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
