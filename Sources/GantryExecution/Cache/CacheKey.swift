import Foundation
import GantryCrypto
import GantryPipeline
import GantryYAML

/// What a job's `cache:key:` says, after the caller expanded its variables.
public enum CacheKeySource: Sendable, Equatable {
    /// `key: <string>`; nil when `key:` is not given.
    case string(String?)
    /// `key: {files: [...], prefix: ...}`: a digest of the files' contents.
    case files([String], prefix: String?)
}

/// The suffixes GitLab's Rails appends to every cache key and fallback key (`Ci::Build#cache`)
/// before the runner sees it:
/// - `-<index>` once the project's caches were cleared ("Clear runner caches" bumps
///   `jobs_cache_index`, 1, 2, ...);
/// - `-protected` or `-non_protected` (separated caches, on by default): `-protected` for a
///   protected ref unless the cache says `unprotect: true`.
///
/// Gantry's local scheme is ``none``: local runs have no protected refs and no server-side
/// index, so local keys are the keys as written. A local "clear caches" can set ``index`` to
/// start afresh the way GitLab does; ``protection`` reproduces GitLab's key names exactly.
public struct CacheKeySuffix: Sendable, Equatable {
    public enum Protection: String, Sendable, Equatable {
        case protected = "protected"
        case nonProtected = "non_protected"
    }

    public var index: Int?
    public var protection: Protection?

    public init(index: Int? = nil, protection: Protection? = nil) {
        self.index = index
        self.protection = protection
    }

    public static let none = CacheKeySuffix()

    func apply(to key: String) -> String {
        var key = key
        if let index { key += "-\(index)" }
        if let protection { key += "-" + protection.rawValue }
        return key
    }
}

/// A resolved cache key: the name the cache archive is stored under (it may contain `/`,
/// which makes subdirectories), and the keys to try in order when it has no archive yet.
///
/// How GitLab builds it, and what Gantry does:
/// - `key:` absent: `default` (GitLab's `Entry::Key.default`). A key that is empty after
///   variable expansion is taken as absent too (GitLab would send `-protected` or give the
///   runner an empty key, depending on the project's settings).
/// - `key: files:` GitLab hashes the files as they are in the repository at the pipeline's
///   commit (SHA-1 over the sorted git blob ids; older versions used the last commits touching
///   them). Gantry hashes the files in the job's workspace: SHA-256 of each file's contents,
///   sorted and de-duplicated, joined with `-`, and SHA-256 of that, in hex. Patterns with
///   `*`/`**` are matched against the workspace's files; directories and missing files are
///   ignored; no file at all gives `default`. The prefix is joined as GitLab does:
///   `prefix-digest`, or the digest alone when the prefix is empty.
/// - Then the suffixes of ``CacheKeySuffix`` (none by default), then the runner's
///   sanitisation (`cache/cachekey.Sanitize`): `%2F`/`%2f` become `/`, `%2E`/`%2e` `.`, `\`
///   becomes `/`; the path is cleaned within a virtual root so that `.` and `..` can never
///   climb out (`../a` → `a`, `a/b/..` → `a`); trailing white space and empty trailing
///   segments are dropped. A key that cleans to nothing (`.`, `..`, `/`) has no cache: the
///   runner warns and skips it.
/// - `fallback_keys:` get the same suffixes and sanitisation, then the runner's
///   `CACHE_FALLBACK_KEY` variable is tried last, never suffixed, refused if it ends in
///   `-protected`.
public struct CacheKey: Sendable, Equatable {
    /// The key to restore from and save to; nil when it cleaned to nothing.
    public let key: String?
    /// Keys to restore from, in order, when ``key`` has no archive.
    public let fallbackKeys: [String]
    /// Lines for the job log, as the runner words them (`cache key "x" sanitized to "y"`).
    public let warnings: [String]

    public static func resolve(
        _ source: CacheKeySource,
        fallbackKeys: [String] = [],
        in root: URL,
        variables: [String: String] = [:],
        suffix: CacheKeySuffix = .none
    ) -> CacheKey {
        var warnings: [String] = []
        let raw: String
        switch source {
        case .string(let text):
            if let text, !text.isEmpty { raw = text } else { raw = "default" }
        case .files(let patterns, let prefix):
            let digest = filesDigest(patterns, in: root) ?? "default"
            raw = [prefix ?? "", digest].filter { !$0.isEmpty }.joined(separator: "-")
        }
        let key = sanitizeLogging(suffix.apply(to: raw), &warnings)
        if key == nil {
            warnings.append("empty cache key: the cache is skipped")
        }
        var fallbacks: [String] = []
        for fallback in fallbackKeys where !fallback.isEmpty {
            if let clean = sanitizeLogging(suffix.apply(to: fallback), &warnings) {
                fallbacks.append(clean)
            }
        }
        if let global = variables["CACHE_FALLBACK_KEY"], !global.isEmpty {
            if global.hasSuffix("-protected") {
                warnings.append("CACHE_FALLBACK_KEY \"\(global)\" not allowed to end in \"-protected\"")
            } else if let clean = sanitizeLogging(global, &warnings) {
                fallbacks.append(clean)
            }
        }
        return CacheKey(key: key, fallbackKeys: fallbacks, warnings: warnings)
    }

    /// The key of a job's `cache:key:` node (a string, or `files:` with `prefix:`), its
    /// variables expanded by `expand`, with no suffix. For the fallback keys and the log's
    /// warnings, use ``resolve(_:fallbackKeys:in:variables:suffix:)``. A key that cleans to
    /// nothing (`..`, `/`) gives `default` here, where the runner would skip the cache.
    public static func resolve(_ node: Node?, expand: (String) -> String, root: URL) -> String {
        resolve(source(of: node, expand: expand), in: root).key ?? "default"
    }

    /// What a `cache:key:` node says: absent or a scalar is a string key, a mapping is
    /// `files:` (a string or a list) with an optional `prefix:`.
    public static func source(of node: Node?, expand: (String) -> String) -> CacheKeySource {
        guard let node, !node.isNull else { return .string(nil) }
        if let scalar = node.scalar { return .string(expand(scalar.value.asString)) }
        guard let mapping = node.mapping else { return .string(nil) }
        let files: [String]
        if let list = mapping["files"]?.sequence {
            files = list.compactMap { $0.scalar.map { expand($0.value.asString) } }
        } else if let one = mapping["files"]?.scalar {
            files = [expand(one.value.asString)]
        } else {
            files = []
        }
        let prefix = mapping["prefix"]?.scalar.map { expand($0.value.asString) }
        return .files(files, prefix: prefix)
    }

    private static func sanitizeLogging(_ raw: String, _ warnings: inout [String]) -> String? {
        let clean = sanitize(raw)
        guard !clean.isEmpty else {
            warnings.append("cache key \"\(raw)\" could not be sanitized")
            return nil
        }
        if clean != raw {
            warnings.append("cache key \"\(raw)\" sanitized to \"\(clean)\"")
        }
        return clean
    }

    /// The runner's `cachekey.Sanitize`; empty when nothing is left (the runner then warns
    /// and skips the cache).
    public static func sanitize(_ key: String) -> String {
        guard !key.isEmpty else { return "" }
        // One pass, like Go's strings.Replacer: a decoded character is never decoded again.
        var bytes: [UInt8] = []
        let source = Array(key.utf8)
        var i = 0
        while i < source.count {
            if source[i] == UInt8(ascii: "\\") {
                bytes.append(UInt8(ascii: "/"))
                i += 1
            } else if source[i] == UInt8(ascii: "%"), i + 2 < source.count, source[i + 1] == UInt8(ascii: "2"),
                      let decoded = percentDecoded(source[i + 2]) {
                bytes.append(decoded)
                i += 3
            } else {
                bytes.append(source[i])
                i += 1
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var parts: [Substring] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        while let last = parts.last {
            let trimmed = last.trimmingTrailingWhitespace()
            if trimmed.isEmpty {
                parts.removeLast()
            } else {
                parts[parts.count - 1] = trimmed
                break
            }
        }
        return parts.joined(separator: "/")
    }

    /// `%2f`/`%2F` and `%2e`/`%2E`: the character after `%2`, decoded.
    private static func percentDecoded(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "f"), UInt8(ascii: "F"): UInt8(ascii: "/")
        case UInt8(ascii: "e"), UInt8(ascii: "E"): UInt8(ascii: ".")
        default: nil
        }
    }

    /// GitLab's check of a literal `cache:key:` string in the configuration
    /// (`Gitlab::Config::Entry::Validators::KeyValidator`), for a lint: the message, or nil
    /// when the key is acceptable. URL-decoded first, so `%2F` counts as `/`.
    public static func configurationError(forKey key: String) -> String? {
        let path = key.removingPercentEncoding ?? key
        if path.contains("/") { return "cannot contain the \"/\" character" }
        if path == "." || path == ".." { return "cannot be \".\" or \"..\"" }
        return nil
    }

    /// The digest of the files that `patterns` name in `root`; nil when they name none. A pattern
    /// that leaves the workspace (`../x`, `/etc/x`, a symlink out of it) names nothing.
    static func filesDigest(_ patterns: [String], in root: URL) -> String? {
        let workspace = WorkspacePath(root: root)
        var paths = Set<String>()
        for pattern in patterns where !pattern.isEmpty {
            guard let relative = workspace.relative(pattern, absolute: false), relative != "." else { continue }
            let glob = Glob(relative)
            if glob.hasWildcards {
                // Only below the pattern's literal leading directories.
                let components = relative.split(separator: "/")
                let literal = components.prefix { !$0.contains("*") && !$0.contains("?") }.joined(separator: "/")
                guard workspace.isInside(literal) else { continue }
                for file in regularFiles(under: workspace.rootPath, in: literal) where glob.matches(file) { paths.insert(file) }
            } else if workspace.isInside(relative), isRegularFile(workspace.absolute(relative)) {
                paths.insert(relative)
            }
        }
        var hashes = Set<String>()
        for path in paths {
            if let hash = SHA256Digest.hex(ofFile: workspace.absolute(path)) { hashes.insert(hash) }
        }
        guard !hashes.isEmpty else { return nil }
        return SHA256Digest.hex(Data(hashes.sorted().joined(separator: "-").utf8))
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Regular files below `base/directory`, relative to `base`, not descending into
    /// symlinked directories.
    private static func regularFiles(under base: String, in directory: String) -> [String] {
        let start = directory.isEmpty ? base : base + "/" + directory
        guard let enumerator = FileManager.default.enumerator(atPath: start) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            if type == .typeRegular { files.append(directory.isEmpty ? path : directory + "/" + path) }
        }
        return files
    }
}

extension Substring {
    fileprivate func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex {
            let previous = index(before: end)
            guard self[previous].isWhitespace else { break }
            end = previous
        }
        return self[startIndex..<end]
    }
}
