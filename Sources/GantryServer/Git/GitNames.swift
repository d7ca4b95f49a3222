import Foundation

/// What the repository API lets reach git as a branch or tag name and as a file path. Names are
/// checked here, in Swift, before any git process sees them, so none can be read as an option
/// (`-x`), a revision expression (`main~1`, `@{-1}`) or a path outside the tree (`../x`).
enum GitNames {
    /// `git check-ref-format` rules for `refs/heads/<name>` and `refs/tags/<name>`, plus GitLab's
    /// own (Gitlab::GitRefValidator): no leading `-`, not `HEAD`, no `refs/` prefix, not a full SHA.
    static func isValidRefName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 1024, !name.hasPrefix("-"), name != "HEAD", name != "@",
              !name.hasPrefix("refs/"), !isFullSHA(name) else { return false }
        if name.hasSuffix("/") || name.hasSuffix(".") || name.contains("..") || name.contains("@{") || name.contains("//") {
            return false
        }
        for scalar in name.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { return false }
            if " ~^:?*[\\".unicodeScalars.contains(scalar) { return false }
        }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component.hasPrefix(".") || component.hasSuffix(".lock") { return false }
        }
        return true
    }

    static func isFullSHA(_ text: String) -> Bool {
        text.utf8.count == 40 && isHex(text)
    }

    /// An abbreviated or full commit id (what `ref`/`sha` parameters may be besides a name).
    static func isCommitID(_ text: String) -> Bool {
        (4...40).contains(text.utf8.count) && isHex(text)
    }

    private static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A file path as the files and tree APIs take it (already percent-decoded by the router): no
    /// `..`, `.` or empty component, no control character (NUL included), no `.git` component,
    /// at most 4096 bytes. A leading `/` is refused, except where GitLab drops it (`raw`).
    /// Returns the path to use, or nil when GitLab would answer "should be a valid file path".
    static func filePath(_ raw: String, allowLeadingSlash: Bool = false) -> String? {
        var path = raw
        if allowLeadingSlash { while path.hasPrefix("/") { path.removeFirst() } }
        guard !path.isEmpty, path.utf8.count <= 4096, !path.hasPrefix("/"), !path.hasSuffix("/") else { return nil }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component == "." || component == ".." || component.lowercased() == ".git" { return nil }
        }
        return path
    }

    /// The all-zero object id: as an old value, `update-ref` takes it to mean "must not exist yet".
    static let zeroID = String(repeating: "0", count: 40)
}
