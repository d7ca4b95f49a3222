extension StringProtocol {
    /// Substring test on UTF-8 bytes. With Foundation imported, `contains("...")` resolves to
    /// Foundation's locale-aware search, which costs several times more in hot validation paths.
    public func hasSubstring(_ needle: String) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ Self.search($0, needle) }) { return found }
        return String(self).utf8.withContiguousStorageIfAvailable { Self.search($0, needle) } ?? false
    }

    /// Whether `needle` occurs in `haystack` (also for file bytes that are not a `String` yet).
    static func search(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        guard haystack.count >= n.count else { return false }
        var i = 0
        while i <= haystack.count - n.count {
            if haystack[i] == first {
                var j = 1
                while j < n.count && haystack[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }
}
