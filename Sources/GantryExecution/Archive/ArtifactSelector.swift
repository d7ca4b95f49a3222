import Foundation
import GantryPipeline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses the files of `artifacts:` (or `cache:`) as GitLab's runner does (`gitlab-runner
/// artifacts-uploader`, `commands/helpers/file_archiver.go`): `paths` (variables already
/// expanded by the caller), `exclude`, and `untracked` files.
///
/// - A path names a file, a symlink or a directory; a directory is taken with everything
///   below it. Wildcards: `*` and `?` within one name, `**` across directories, `{a,b}`
///   alternatives (doublestar's syntax; `[...]` classes are taken literally).
/// - Absolute paths are accepted inside the workspace (`$CI_PROJECT_DIR/build`); a path that
///   leaves it (`../x`, `/etc`, or through a symlinked directory that points outside) is
///   refused with the runner's warning "artifact path is not a subpath of project directory".
/// - `exclude` patterns are matched against every path taken, one by one, as the runner does:
///   `build/tmp` excludes only that directory's own entry, `build/tmp/**` also its contents.
/// - Symlinks are taken as links, never followed.
public struct ArtifactSelector: Sendable {
    public var paths: [String]
    public var exclude: [String]
    /// `artifacts:untracked: true`: the files `git ls-files -o` lists (relative to the
    /// workspace), gathered by the caller; nil when untracked files are not wanted.
    public var untracked: [String]?

    public init(paths: [String], exclude: [String] = [], untracked: [String]? = nil) {
        self.paths = paths
        self.exclude = exclude
        self.untracked = untracked
    }

    /// The entries to archive (files, directories and symlinks, relative to `root`, sorted
    /// by bytes, without duplicates) and the warning lines the caller prints after `WARNING: `.
    public func select(in root: URL) -> (files: [String], warnings: [String]) {
        let result = selection(in: root)
        return (result.files, result.warnings)
    }

    /// Everything ``select(in:)`` finds, with the runner's information lines and the
    /// patterns that matched nothing.
    public func selection(in root: URL) -> ArtifactSelection {
        var state = SelectionState(root: root)
        state.prepareExcludes(exclude)
        for path in paths {
            state.process(pattern: path)
        }
        if let untracked {
            state.processUntracked(untracked)
        }
        for pattern in exclude {
            if let count = state.excludedCount[pattern], count > 0 {
                state.selection.notes.append("\(pattern): excluded \(count) files")
            }
        }
        state.selection.files = state.files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return state.selection
    }
}

/// The result of ``ArtifactSelector/selection(in:)``.
public struct ArtifactSelection: Sendable, Equatable {
    /// Relative paths of the entries to archive: files, directories and symlinks.
    public var files: [String] = []
    /// Lines the caller prints after `WARNING: `, worded as the runner's.
    public var warnings: [String] = []
    /// Lines the runner prints as information: matches and exclusions per pattern.
    public var notes: [String] = []
    /// The `paths` entries (as given) that selected nothing, refused ones included.
    public var unmatched: [String] = []

    public init() {}
}

private struct SelectionState {
    let workspace: WorkspacePath
    var files: Set<String> = []
    var selection = ArtifactSelection()
    var excludes: [(pattern: String, globs: [PathPattern])] = []
    var excludedCount: [String: Int] = [:]

    init(root: URL) {
        workspace = WorkspacePath(root: root)
    }

    mutating func prepareExcludes(_ patterns: [String]) {
        for pattern in patterns {
            guard let relative = workspace.relative(pattern) else {
                selection.warnings.append("isExcluded: artifact path is not a subpath of project directory: \(pattern)")
                continue
            }
            excludes.append((pattern, PathPattern.expandingBraces(relative)))
        }
    }

    // MARK: - paths

    mutating func process(pattern original: String) {
        guard !original.isEmpty else {
            // A variable that expanded to nothing; not the whole workspace.
            selection.warnings.append("empty artifact path ignored")
            selection.unmatched.append(original)
            return
        }
        var found = 0
        var shown: [String] = []
        var refused = false
        for alternative in PathPattern.braceAlternatives(original) {
            guard let relative = workspace.relative(alternative) else {
                refused = true
                continue
            }
            shown.append(relative)
            for match in matches(of: relative) {
                found += take(match)
            }
        }
        if refused && shown.isEmpty {
            selection.warnings.append("processPath: artifact path is not a subpath of project directory: \(original)")
            selection.unmatched.append(original)
            return
        }
        let display = shown.count == 1 ? shown[0] : original
        if found == 0 {
            selection.warnings.append(
                "\(display): no matching files. Ensure that the artifact path is relative to the working directory (\(workspace.rootPath))")
            selection.unmatched.append(original)
        } else {
            selection.notes.append("\(display): found \(found) matching artifact files and directories")
        }
    }

    /// Paths (relative to the root) that a relative pattern names.
    private func matches(of relative: String) -> [String] {
        let components = relative == "." ? [] : relative.split(separator: "/").map(String.init)
        let firstWild = components.firstIndex(where: PathPattern.hasWildcard)
        guard let firstWild else {
            // A plain path: the entry itself, if its directory is inside the workspace.
            let parent = components.dropLast().joined(separator: "/")
            guard workspace.isInside(parent) else { return [] }
            return exists(relative) ? [relative] : []
        }
        let base = components[..<firstWild].joined(separator: "/")
        guard workspace.isInside(base), isDirectory(base) else { return [] }
        let glob = PathPattern(relative)
        let rest = components[firstWild...]
        let maxDepth = rest.contains(where: { $0.contains("**") }) ? Int.max : rest.count
        var found: [String] = []
        walk(base, depth: 0, maxDepth: maxDepth) { path in
            if glob.matches(path) { found.append(path) }
        }
        return found
    }

    /// Takes a matched path and, for a real directory, everything below it; the number taken.
    private mutating func take(_ match: String) -> Int {
        var count = 0
        if add(match) { count += 1 }
        if isDirectory(match, followingSymlinks: false) {
            var below: [String] = []
            walk(match, depth: 0, maxDepth: .max) { below.append($0) }
            for path in below where add(path) { count += 1 }
        }
        return count
    }

    /// The runner's `process`: excluded paths are counted against their rule, others kept.
    private mutating func add(_ path: String) -> Bool {
        for (pattern, globs) in excludes where globs.contains(where: { $0.matches(path) }) {
            excludedCount[pattern, default: 0] += 1
            return false
        }
        if path != "." { files.insert(path) }
        return true
    }

    // MARK: - untracked

    mutating func processUntracked(_ list: [String]) {
        var found = 0
        for entry in list {
            guard let relative = workspace.relative(entry) else {
                selection.warnings.append("\(entry): not supported: outside build directory")
                continue
            }
            let parent = relative.split(separator: "/").dropLast().joined(separator: "/")
            guard workspace.isInside(parent), exists(relative) else { continue }
            if add(relative) { found += 1 }
        }
        if found == 0 {
            selection.warnings.append("untracked: no files")
        } else {
            selection.notes.append("untracked: found \(found) files")
        }
    }

    // MARK: - file system

    private func exists(_ relative: String) -> Bool {
        var info = stat()
        return lstat(workspace.absolute(relative), &info) == 0
    }

    private func isDirectory(_ relative: String, followingSymlinks: Bool = true) -> Bool {
        var info = stat()
        let status = followingSymlinks ? stat(workspace.absolute(relative), &info) : lstat(workspace.absolute(relative), &info)
        return status == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Every entry below `relative` (not following symlinks), as root-relative paths.
    private func walk(_ relative: String, depth: Int, maxDepth: Int, _ visit: (String) -> Void) {
        guard depth < maxDepth,
              let names = try? FileManager.default.contentsOfDirectory(atPath: workspace.absolute(relative))
        else { return }
        for name in names {
            let child = relative.isEmpty || relative == "." ? name : relative + "/" + name
            visit(child)
            if isDirectory(child, followingSymlinks: false) {
                walk(child, depth: depth + 1, maxDepth: maxDepth, visit)
            }
        }
    }
}

/// A doublestar-style pattern over root-relative paths, built on ``Glob``: `dir/**` also
/// names `dir` itself, as in the runner.
struct PathPattern: Sendable {
    private let glob: Glob
    private let directoryItself: String?

    init(_ pattern: String) {
        glob = Glob(pattern)
        directoryItself = pattern.hasSuffix("/**") ? String(pattern.dropLast(3)) : nil
    }

    func matches(_ path: String) -> Bool {
        if let directoryItself, Glob(directoryItself).matches(path) { return true }
        return glob.matches(path)
    }

    static func hasWildcard(_ component: String) -> Bool {
        component.contains("*") || component.contains("?")
    }

    static func expandingBraces(_ pattern: String) -> [PathPattern] {
        braceAlternatives(pattern).map(PathPattern.init)
    }

    /// `a{b,c}d` → `abd`, `acd`; nested braces expand too; a brace without a top-level comma
    /// or without its closing brace stays literal.
    static func braceAlternatives(_ pattern: String) -> [String] {
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            if chars[i] == "{" {
                var depth = 0
                var commas: [Int] = []
                var j = i
                var close: Int?
                while j < chars.count {
                    switch chars[j] {
                    case "{": depth += 1
                    case "}":
                        depth -= 1
                        if depth == 0 { close = j }
                    case "," where depth == 1: commas.append(j)
                    default: break
                    }
                    if close != nil { break }
                    j += 1
                }
                if let close, !commas.isEmpty {
                    let head = String(chars[..<i])
                    let tail = String(chars[(close + 1)...])
                    let bounds = [i] + commas + [close]
                    let options = (0..<(bounds.count - 1)).map { String(chars[(bounds[$0] + 1)..<bounds[$0 + 1]]) }
                    return options.flatMap { braceAlternatives(head + $0 + tail) }
                }
            }
            i += 1
        }
        return [pattern]
    }
}
