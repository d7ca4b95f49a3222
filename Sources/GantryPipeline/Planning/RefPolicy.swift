import Foundation
import GantryYAML

/// `only:` / `except:` as GitLab evaluates them: refs (keywords, names, /regex/), variables
/// expressions, changes. A job with neither rules nor only/except behaves as `only: [branches, tags]`.
struct RefPolicy {
    let context: PlanContext
    let variables: [String: String]
    let fileExists: (String) -> Bool

    /// Whether the job is created, and if not, why.
    func allows(_ job: JobConfig) -> (Bool, String) {
        let only = job["only"]
        let except = job["except"]
        if let only {
            if !matches(only, defaultRefs: true) { return (false, "only: does not match \(describe())") }
        } else if !matchesRefs(["branches", "tags"]) {
            return (false, "a job without rules or only: runs for branches and tags, not \(describe())")
        }
        if let except, matches(except, defaultRefs: false) { return (false, "except: matches \(describe())") }
        return (true, "")
    }

    private func describe() -> String {
        "\(context.isTag ? "tag" : "ref") '\(context.ref)' (source \(context.source))"
    }

    /// An only/except entry: a list of refs, or a hash whose every given part must match.
    private func matches(_ node: Node, defaultRefs: Bool) -> Bool {
        if let list = node.sequence { return matchesRefs(list.compactMap(\.string)) }
        if let s = node.string { return matchesRefs([s]) }
        guard let map = node.mapping else { return false }
        var result = true
        if let refs = map["refs"] { result = result && matchesRefs((refs.sequence ?? [refs]).compactMap(\.string)) }
        if let vars = map["variables"] {
            let expressions = (vars.sequence ?? [vars]).compactMap(\.string)
            result = result && expressions.contains { (try? RuleExpression($0).evaluate(variables)) ?? false }
        }
        // `changes:` cannot be known without a push event: GitLab then counts it as matched.
        if map["refs"] == nil && map["variables"] == nil && map["changes"] == nil && map["kubernetes"] == nil {
            return defaultRefs
        }
        return result
    }

    func matchesRefs(_ patterns: [String]) -> Bool {
        patterns.contains(where: matchesRef)
    }

    private func matchesRef(_ rawPattern: String) -> Bool {
        // `pattern@group/project` limits a ref to one project.
        var pattern = rawPattern
        if !rawPattern.hasPrefix("/"), let at = rawPattern.lastIndex(of: "@") {
            let project = rawPattern[rawPattern.index(after: at)...]
            if project.contains("/") {
                guard project == context.projectPath else { return false }
                pattern = String(rawPattern[..<at])
            }
        }
        if pattern == "tags" && context.isTag { return true }
        if pattern == "branches" && !context.isTag && !context.isMergeRequest { return true }
        let source = context.source.replacingOccurrences(of: "_event", with: "")
        if pattern == source || pattern == source + "s" || pattern == source + "es" { return true }
        guard !context.isMergeRequest else { return false }
        if let regex = GitLabRegex.fromValue(pattern) { return regex.matches(context.ref) }
        return pattern == context.ref
    }
}
