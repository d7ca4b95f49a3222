#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one check that a path a pipeline names (an artifact, a cache path, a cache key's file)
/// stays inside the job's workspace. A safety check, so it is strict: the path is cleaned of `.`
/// and `..` without ever climbing above the root, and what it names on disk must still lie
/// inside the root once symlinks are resolved (a `link -> /` in the checkout leads nowhere).
public struct WorkspacePath: Sendable {
    /// The root as given, standardized.
    public let rootPath: String
    /// The root with symlinks resolved; nil when it does not exist.
    let realRoot: String?

    public init(root: URL) {
        rootPath = root.standardizedFileURL.path
        realRoot = Self.realPath(rootPath)
    }

    /// `path` relative to the root, `.` and `..` resolved (`.` for the root itself); nil when it
    /// leaves the root. An absolute path counts only when `absolute` allows it and it starts at
    /// the root (as given or resolved): GitLab's `$CI_PROJECT_DIR/build`.
    public func relative(_ path: String, absolute: Bool = true) -> String? {
        var text = path
        if text.hasPrefix("/") {
            let candidates = [rootPath] + (realRoot.map { [$0] } ?? [])
            guard absolute, let prefix = candidates.first(where: { text == $0 || text.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
                return nil
            }
            text = String(text.dropFirst(prefix.count))
        }
        var parts: [Substring] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The absolute path of a root-relative one.
    public func absolute(_ relative: String) -> String {
        relative.isEmpty || relative == "." ? rootPath : rootPath + "/" + relative
    }

    /// Whether what `relative` names, symlinks resolved, exists and lies inside the root.
    public func isInside(_ relative: String) -> Bool {
        guard let realRoot, let real = Self.realPath(absolute(relative)) else { return false }
        return real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
