import GantryPipeline
import GantryYAML

/// Check 4: `cache:paths` and `artifacts:paths` that lead outside the project directory. The
/// runner archives only what lies under `$CI_PROJECT_DIR` (anything else is skipped with
/// `not supported: outside build directory`), so such a cache stays empty and such an artifact
/// is never uploaded. Paths are expanded with the job's YAML variables first, as the runner does:
/// seed 004's `VERSION_PATH: ${SOURCE_DIR}/VERSION` with an empty `SOURCE_DIR` is `/VERSION`.
struct ProjectPathCheck {
    enum Kind: String { case cache, artifacts }

    let job: JobConfig
    let globals: [String: VariableDefinition]
    /// The job's own variables, looked up on first need.
    private var local: [String: VariableDefinition]?

    init(job: JobConfig, globals: [String: VariableDefinition]) {
        self.job = job
        self.globals = globals
    }

    /// The path entries of the job's cache(s) and artifacts.
    static func pathNodes(of job: JobConfig) -> [(Node, Kind)] {
        var out: [(Node, Kind)] = []
        if let cache = job["cache"] {
            for entry in cache.sequence ?? [cache] {
                for path in entry.mapping?["paths"]?.sequence ?? [] where path.scalar != nil { out.append((path, .cache)) }
            }
        }
        for path in job["artifacts"]?.mapping?["paths"]?.sequence ?? [] where path.scalar != nil {
            out.append((path, .artifacts))
        }
        return out
    }

    enum Verdict: Equatable {
        case inside(String)  // the path relative to the project, normalised
        case outside(String)  // what it expands to
        case unknown
    }

    /// Expands a path with the job's variables and decides where it points. CI_PROJECT_DIR,
    /// HOME and CI_BUILDS_DIR stay as names; variables neither the YAML nor GitLab defines
    /// (project settings) make the verdict unknown.
    mutating func verdict(_ raw: String) -> Verdict {
        var unknown = false
        var expanded = raw
        if raw.utf8.contains(UInt8(ascii: "$")) {
            var depth = 0
            func lookup(_ name: String) -> String? {
                if let v = variable(name) {
                    guard v.expand, v.value.utf8.contains(UInt8(ascii: "$")), depth < 8 else { return v.value }
                    depth += 1
                    defer { depth -= 1 }
                    return VariableExpander.expand(v.value, with: lookup)
                }
                if name.hasPrefix("CI_") || name.hasPrefix("GITLAB_") || name == "HOME" { return "$" + name }
                unknown = true
                return "$" + name
            }
            expanded = VariableExpander.expand(raw, with: lookup)
        }
        var path = Substring(expanded)
        if path.hasPrefix("$CI_PROJECT_DIR") {
            path = path.dropFirst("$CI_PROJECT_DIR".count)
            if path.isEmpty { return .inside("") }
            guard path.hasPrefix("/") else { return .outside(expanded) }  // `$CI_PROJECT_DIR.tmp`
            path = path.dropFirst()
        } else if path.hasPrefix("$HOME") || path.hasPrefix("~") || path.hasPrefix("$CI_BUILDS_DIR") || path.hasPrefix("/") {
            return .outside(expanded)
        } else if unknown && path.hasPrefix("$") {
            return .unknown
        }
        var depth = 0
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                depth -= 1
                if depth < 0 { return .outside(expanded) }
                parts.removeLast()
                continue
            }
            depth += 1
            parts.append(part)
        }
        return unknown ? .unknown : .inside(parts.joined(separator: "/"))
    }

    private mutating func variable(_ name: String) -> VariableDefinition? {
        if local == nil {
            var map: [String: VariableDefinition] = [:]
            for v in job.variables { map[v.name] = v }
            local = map
        }
        if let v = local?[name] { return v }
        guard job.inheritedVariables.allows(name) else { return nil }
        return globals[name]
    }

    /// The warning for one path entry, if it leads outside the project.
    mutating func problem(_ node: Node, kind: Kind) -> String? {
        guard let raw = node.scalar?.value.asString, !raw.isEmpty else { return nil }
        let u = raw.utf8
        let first = u.first!
        guard u.contains(UInt8(ascii: "$")) || first == UInt8(ascii: "/") || first == UInt8(ascii: "~")
                || LintRun.mentions(raw, Array("..".utf8)) else { return nil }
        guard case .outside(let expanded) = verdict(raw) else { return nil }
        let shown = expanded == raw ? "`\(raw)`" : "`\(raw)` expands to `\(expanded)`\(trail(raw))"
        let reason: String
        if expanded.hasPrefix("~") || expanded.hasPrefix("$HOME") {
            reason = "the runner user's home, outside the project directory"
        } else if expanded.hasPrefix("$CI_BUILDS_DIR") || expanded.hasPrefix("$CI_PROJECT_DIR") {
            reason = "next to the project directory, not inside it"
        } else if expanded.hasPrefix("/") {
            reason = "an absolute path outside the project directory"
        } else {
            reason = "above the project directory"
        }
        switch kind {
        case .cache:
            return "cache path \(shown): \(reason). GitLab caches only files inside `$CI_PROJECT_DIR` (the runner "
                + "skips this one with `not supported: outside build directory`), so the cache stays empty. "
                + "Point the tool at a folder in the project (`PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"`) "
                + "and cache that relative path (`.cache/pip`)"
        case .artifacts:
            return "artifacts path \(shown): \(reason). GitLab uploads artifacts only from inside "
                + "`$CI_PROJECT_DIR` (the runner skips this one with `not supported: outside build directory`), "
                + "so later jobs never get it. Use a path relative to the project"
        }
    }

    /// `(VERSION_PATH is `${SOURCE_DIR}/VERSION`, SOURCE_DIR is empty)`: how the expansion came about.
    private mutating func trail(_ raw: String) -> String {
        var steps: [String] = []
        var pending = [raw]
        var seen: Set<String> = []
        while let text = pending.popLast(), steps.count < 4 {
            _ = VariableExpander.expand(text) { name in
                if seen.insert(name).inserted, let v = variable(name) {
                    steps.append(v.value.isEmpty ? "\(name) is empty" : "\(name) is `\(v.value)`")
                    if v.expand && v.value.utf8.contains(UInt8(ascii: "$")) { pending.insert(v.value, at: 0) }
                }
                return nil
            }
        }
        return steps.isEmpty ? "" : " (" + steps.joined(separator: ", ") + ")"
    }

    /// The mark of a cache path that is the project's `.venv` and that the job saves, for check 5.
    /// A `policy: pull` cache is only restored, and Poetry uses a `.venv` it finds in the project.
    mutating func cachedVenv() -> SourceMark? {
        guard let cache = job["cache"] else { return nil }
        for entry in cache.sequence ?? [cache] {
            if entry.mapping?["policy"]?.string == "pull" { continue }
            for path in entry.mapping?["paths"]?.sequence ?? [] {
                guard let raw = path.scalar?.value.asString,
                      raw.utf8.contains(UInt8(ascii: "$")) || LintRun.mentions(raw, Array(".venv".utf8)) else { continue }
                if case .inside(let relative) = verdict(raw), relative == ".venv" { return path.mark }
            }
        }
        return nil
    }
}
