import GantryPipeline
import GantryYAML

/// Check 3: a job that uploads a package (`twine upload`, `poetry publish`, `uv publish`, …) on
/// every pipeline rather than on release tags, and seed 004's `test && publish || publish
/// --dry-run`, where a failed upload falls through to a dry run that passes.
enum PublishCheck {
    /// The publish command as the user would recognise it (`poetry publish`), or nil when the
    /// command does not upload (a `--dry-run`, another subcommand).
    static func publishCommand(_ tool: ToolInvocation) -> String? {
        if tool.arguments.contains("--dry-run") { return nil }
        switch tool.tool {
        case "twine":
            guard tool.subcommand()?.0 == "upload" else { return nil }
            return "twine upload"
        case "poetry":
            guard tool.subcommand(valued: ["-C", "--directory", "-P", "--project"])?.0 == "publish" else { return nil }
            return "poetry publish"
        case "uv", "flit", "hatch", "pdm":
            guard tool.subcommand(valued: ["--directory", "--project", "-p", "--python"])?.0 == "publish" else { return nil }
            return "\(tool.tool) publish"
        default:
            return nil
        }
    }

    /// The command `||` runs when the publish at `index` (or an `&&` chain after it) fails.
    static func fallback(after index: Int, in commands: [ShellCommandLine.Command]) -> String? {
        var j = index
        while j < commands.count, commands[j].next == .and { j += 1 }
        guard j + 1 < commands.count, commands[j].next == .or else { return nil }
        let words = commands[j + 1].program.map(\.text)
        guard !words.isEmpty else { return nil }
        return excerpt(words.joined(separator: " "), limit: 70)
    }

    static func fallbackMessage(publish: String, fallback: String) -> String {
        "`… && \(publish) … || \(fallback)` is not an if/else: when `\(publish)` fails (a rejected upload, a "
            + "version that already exists, bad credentials), the shell runs `\(fallback)` instead, and when that "
            + "succeeds the job passes: a failed release shows green. Write `if [[ … ]]; then \(publish) …; else "
            + "\(fallback); fi`, or split the real and the dry-run publish into two jobs with `rules:`"
    }

    static func unlimitedMessage(command: String, jobs: [String]) -> String {
        let who: String
        switch jobs.count {
        case 1: who = "job `\(jobs[0])`"
        case 2...3: who = "jobs " + jobs.map { "`\($0)`" }.joined(separator: ", ")
        default: who = "jobs `\(jobs[0])`, `\(jobs[1])` and \(jobs.count - 2) more"
        }
        return "`\(command)` runs in \(who) on branch and merge-request pipelines, not only for release tags: no `rules: - if: "
            + "$CI_COMMIT_TAG`, `only: [tags]` or test of `$CI_COMMIT_TAG` in the script limits it, so every push "
            + "tries to upload (and fails once the version exists). Add `rules: - if: $CI_COMMIT_TAG` (or "
            + "`only: [tags]`), and give branches a `--dry-run` job"
    }

    // MARK: - rules, only, except

    static func jobLimitsToTags(_ job: JobConfig) -> Bool {
        if let rules = job["rules"]?.sequence { return rulesLimitToTags(rules, jobWhen: job.when) }
        // A manual job uploads when someone starts it: a choice, not a slip.
        if job.when == "manual" { return true }
        if let only = job["only"], onlyLimitsToTags(only) { return true }
        if let except = job["except"], exceptExcludesBranches(except) { return true }
        return false
    }

    /// Whether every rule that starts the job by itself needs a tag: its `if:` tests
    /// `$CI_COMMIT_TAG`, or an earlier `when: never` rule has already turned away pipelines
    /// without one. Rules that make the job manual are left to the person who starts it.
    static func rulesLimitToTags(_ rules: [Node], jobWhen: String = "on_success") -> Bool {
        var tagsOnly = false
        for rule in rules {
            guard let map = rule.mapping else { continue }
            let condition = map["if"]?.string
            let when = map["when"]?.string ?? jobWhen
            if when == "never" {
                if let condition, excludesUntagged(condition) { tagsOnly = true }
                continue
            }
            if tagsOnly || when == "manual" { continue }
            guard let condition, requiresTag(condition) else { return false }
        }
        return true
    }

    /// `$CI_COMMIT_TAG`, `$CI_COMMIT_TAG =~ /^v/`, `$CI_COMMIT_TAG != null`: true only on a tag
    /// pipeline. Each `||` alternative must need the tag.
    static func requiresTag(_ condition: String) -> Bool {
        condition.components(separatedBy: "||").allSatisfy { part in
            part.hasSubstring("CI_COMMIT_TAG") && !testsForNoTag(part)
        }
    }

    /// `$CI_COMMIT_TAG == null` (or `== ""`, `!~ /re/`, `!= "x"`), as a `when: never` rule: true on
    /// every pipeline without a tag.
    static func excludesUntagged(_ condition: String) -> Bool {
        !condition.hasSubstring("&&") && !condition.hasSubstring("||") && condition.hasSubstring("CI_COMMIT_TAG")
            && (testsForNoTag(condition) || condition.hasSubstring("!~") || condition.hasSubstring("!="))
    }

    private static func testsForNoTag(_ part: String) -> Bool {
        let squeezed = part.replacingOccurrences(of: " ", with: "")
        return squeezed.hasSubstring("CI_COMMIT_TAG==null") || squeezed.hasSubstring("CI_COMMIT_TAG==\"\"")
            || squeezed.hasSubstring("CI_COMMIT_TAG==''") || squeezed.hasSubstring("CI_COMMIT_TAG}==null")
            || squeezed.hasSubstring("CI_COMMIT_TAG}==\"\"")
    }

    static func onlyLimitsToTags(_ node: Node) -> Bool {
        if let refs = refNames(node) { return !refs.isEmpty && refs.allSatisfy { $0 == "tags" } }
        guard let map = node.mapping else { return false }
        if let refsNode = map["refs"], let refs = refNames(refsNode), !refs.isEmpty, refs.allSatisfy({ $0 == "tags" }) {
            return true
        }
        if let vars = map["variables"] {
            let expressions = (vars.sequence ?? [vars]).compactMap(\.string)
            return !expressions.isEmpty && expressions.allSatisfy(requiresTag)
        }
        return false
    }

    static func exceptExcludesBranches(_ node: Node) -> Bool {
        if let refs = refNames(node) { return refs.contains("branches") }
        if let refsNode = node.mapping?["refs"], let refs = refNames(refsNode) { return refs.contains("branches") }
        return false
    }

    private static func refNames(_ node: Node) -> [String]? {
        if let list = node.sequence { return list.compactMap(\.string) }
        if let s = node.string { return [s] }
        return nil
    }
}
