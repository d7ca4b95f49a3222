import Foundation

/// How a job gets its sources, read from its variables as GitLab Runner reads them, with the
/// runner's defaults: `GIT_STRATEGY`, `GIT_CHECKOUT`, `GIT_CLEAN_FLAGS`, `GIT_FETCH_EXTRA_FLAGS`,
/// `GIT_SUBMODULE_STRATEGY`, `GIT_SUBMODULE_DEPTH`, `GIT_SUBMODULE_UPDATE_FLAGS`. A value the
/// runner does not understand gets the default and the runner's warning, word for word.
public struct GitSettings: Sendable, Equatable {
    public enum Strategy: String, Sendable {
        case fetch, clone, none, empty
    }

    public enum Submodules: String, Sendable {
        case none, normal, recursive
    }

    public var strategy: Strategy = .fetch
    /// `GIT_CHECKOUT`; always false for `none` and `empty`.
    public var checkout = true
    /// `GIT_CLEAN_FLAGS` split into words; empty for `none` (no `git clean` at all).
    public var cleanFlags = ["-ffdx"]
    public var fetchFlags = ["--prune", "--quiet"]
    /// Commits of history to fetch; 0 for all of it.
    public var depth = 0
    /// Nil for a value GitLab Runner refuses: such a job fails in its get_sources step.
    public var submodules: Submodules? = Submodules.none
    public var submoduleDepth = 0
    public var submoduleUpdateFlags: [String] = []
    /// GitLab Runner's warnings about values it replaced by defaults, for the job log.
    public var warnings: [String] = []

    /// `depth`: a runner's `git_info.depth` from the server, which already weighed `GIT_DEPTH`
    /// against the project's default; nil reads `GIT_DEPTH` here (`gantry run`, where no server
    /// does). `allowFetch`: the payload's `allow_git_fetch`, which makes `fetch` the default over
    /// `clone`.
    public init(variables: [String: String], depth: Int? = nil, allowFetch: Bool = true) {
        func value(_ key: String) -> String { variables[key] ?? "" }
        let defaultStrategy: Strategy = allowFetch ? .fetch : .clone
        switch value("GIT_STRATEGY") {
        case "": strategy = defaultStrategy
        case let raw:
            if let known = Strategy(rawValue: raw) {
                strategy = known
            } else {
                strategy = defaultStrategy
                warnings.append("GIT_STRATEGY: expected either 'clone', 'fetch', 'none' or 'empty' got \"\(raw)\", using default value '\(defaultStrategy.rawValue)'")
            }
        }
        checkout = boolean("GIT_CHECKOUT", value("GIT_CHECKOUT"), default: true)
        self.depth = depth ?? integer("GIT_DEPTH", value("GIT_DEPTH"), default: 0)
        switch value("GIT_SUBMODULE_STRATEGY") {
        case "": submodules = Submodules.none
        case let raw:
            submodules = Submodules(rawValue: raw)
            if submodules == nil {
                warnings.append("GIT_SUBMODULE_STRATEGY: expected either 'normal', 'recursive' or 'none' got \"\(raw)\"")
            }
        }
        submoduleDepth = integer("GIT_SUBMODULE_DEPTH", value("GIT_SUBMODULE_DEPTH"), default: self.depth)
        cleanFlags = Self.flags(value("GIT_CLEAN_FLAGS"), default: cleanFlags)
        fetchFlags = Self.flags(value("GIT_FETCH_EXTRA_FLAGS"), default: fetchFlags)
        submoduleUpdateFlags = Self.flags(value("GIT_SUBMODULE_UPDATE_FLAGS"), default: [])
        if strategy == .none || strategy == .empty {
            checkout = false
            submodules = Submodules.none
        }
    }

    /// Go's `strconv.ParseBool`, which GitLab Runner uses.
    private mutating func boolean(_ key: String, _ raw: String, default fallback: Bool) -> Bool {
        switch raw {
        case "": return fallback
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default:
            warnings.append("\(key): expected bool got \"\(raw)\", using default value: \(fallback)")
            return fallback
        }
    }

    private mutating func integer(_ key: String, _ raw: String, default fallback: Int) -> Int {
        if raw.isEmpty { return fallback }
        guard let number = Int(raw) else {
            warnings.append("\(key): expected int got \"\(raw)\", using default value: \(fallback)")
            return fallback
        }
        return number
    }

    /// Words of a flags variable; `none` is no flags at all.
    private static func flags(_ raw: String, default fallback: [String]) -> [String] {
        if raw.isEmpty { return fallback }
        if raw == "none" { return [] }
        return raw.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
