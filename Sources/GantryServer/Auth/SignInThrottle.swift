import Foundation
import Synchronization

/// Failed sign-ins, counted per user name and per client address over a sliding window: past
/// the limit, sign-ins are refused (even with the right password) until the window has moved
/// on, as GitLab locks an account for ten minutes after ten failures. Kept in memory: a
/// restart forgets it, which costs a brute-forcer a restart they cannot cause.
final class SignInThrottle: Sendable {
    let window: TimeInterval
    let perUser: Int
    let perAddress: Int
    private let failures = Mutex<[String: [Date]]>([:])
    /// Password checks at once: each takes 32 MiB and a core for a tenth of a second, and a
    /// burst of sign-ins arrives before any of them has failed.
    private let checking = DispatchSemaphore(value: 4)

    init(window: TimeInterval = 600, perUser: Int = 10, perAddress: Int = 30) {
        self.window = window
        self.perUser = perUser
        self.perAddress = perAddress
    }

    /// Runs a password check when one of the few slots is free.
    func checkingPassword<T>(_ body: () throws -> T) rethrows -> T {
        checking.wait()
        defer { checking.signal() }
        return try body()
    }

    /// Whether one more try is allowed for this user name from this address.
    func allows(username: String, address: String, now: Date = Date()) -> Bool {
        failures.withLock { table in
            count(&table, "user:" + username.lowercased(), now) < perUser && count(&table, "address:" + address, now) < perAddress
        }
    }

    func failed(username: String, address: String, now: Date = Date()) {
        failures.withLock { table in
            // Bounded memory: a flood of made-up names is forgotten as it ages, and at worst wholesale.
            if table.count > 100_000 { table.removeAll() }
            table["user:" + username.lowercased(), default: []].append(now)
            table["address:" + address, default: []].append(now)
        }
    }

    /// A successful sign-in clears the name's failures (not the address's: one right password
    /// must not reset a spray over many names).
    func succeeded(username: String) {
        _ = failures.withLock { $0.removeValue(forKey: "user:" + username.lowercased()) }
    }

    private func count(_ table: inout [String: [Date]], _ key: String, _ now: Date) -> Int {
        guard let times = table[key] else { return 0 }
        let recent = times.filter { now.timeIntervalSince($0) < window }
        table[key] = recent.isEmpty ? nil : recent
        return recent.count
    }
}
