import Foundation
import GantryPipeline
import GantryYAML

/// Warnings about slips that Python pipelines make and GitLab accepts, each found in the seed
/// documents: `apt install` of an image tag, a `sed` that rewrites more of pyproject.toml than
/// the key it means, a publish job that runs on every branch (or hides a failed upload behind
/// `|| … --dry-run`), cache and artifact paths outside the project, and a `.venv` cache that
/// Poetry never fills. Only warnings: the pipeline stays valid. See docs/python-lint.md.
///
/// Cheap on big pipelines: a script line is analysed once however many jobs share it (templates,
/// `default:`), lines without a word of interest are not even split, and sed patterns are
/// compiled once each.
public struct PythonPipelineChecks: ConfigCheck {
    public init() {}

    public func check(_ config: PipelineConfig, source: SourceProvider, into diagnostics: inout Diagnostics) {
        var run = LintRun(config: config, source: source)
        for job in config.jobs { run.check(job) }
        run.finish()
        // File order: files as they first come up; within a file, by line and column.
        var fileOrder: [String: Int] = [:]
        var keyed: [(rank: Int, line: Int, column: Int, index: Int, warning: Diagnostic)] = []
        for (index, warning) in run.warnings.enumerated() {
            let file = warning.mark.file
            let rank: Int
            if let known = fileOrder[file] { rank = known } else { rank = fileOrder.count; fileOrder[file] = rank }
            keyed.append((rank, warning.mark.line, warning.mark.column, index, warning))
        }
        for entry in keyed.sorted(by: { ($0.rank, $0.line, $0.column, $0.index) < ($1.rank, $1.line, $1.column, $1.index) }) {
            diagnostics.append(entry.warning)
        }
    }
}

/// One script entry of a job: a line (or block) of `before_script`, `script` or `after_script`.
struct ScriptItem {
    var node: Node
    var text: String
    /// Where the content of a literal block (`|`) starts, column-wise (a best guess: the
    /// loader keeps no indentation).
    var blockColumn: Int
    var section: String

    /// The place of byte `offset` of the text in the file: its line and column in a literal block
    /// (`|`), whose lines are kept as written; the start of the scalar otherwise, since a flow or
    /// folded scalar may span lines the loaded text no longer shows.
    func mark(at offset: Int) -> SourceMark {
        var mark = node.mark
        guard node.scalar?.style == .literal else { return mark }
        let bytes = text.utf8
        let prefix = bytes.prefix(offset)
        let newlines = prefix.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = prefix.lastIndex(of: 0x0A).map { bytes.index(after: $0) } ?? bytes.startIndex
        let column = String(decoding: bytes[lineStart..<prefix.endIndex], as: UTF8.self).unicodeScalars.count
        mark.line += 1 + newlines
        mark.column = blockColumn + column
        return mark
    }
}

/// What one script entry holds, independent of the job that runs it.
struct ScriptFacts {
    struct Publish {
        var command: String
        var offset: Int
        /// A test of CI_COMMIT_TAG / CI_COMMIT_REF_NAME before it on the same line (`[[ … ]] &&`, `if`).
        var guarded: Bool
    }

    var publishes: [Publish] = []
    /// The line stops the job unless it runs for a tag (`[ -n "$CI_COMMIT_TAG" ] || exit 0`).
    var tagGuard = false
    /// The first command that makes Poetry create or use its environment (`poetry install`, `poetry run`).
    var poetryEnvUse: (offset: Int, command: String)?
    /// Where the line tells Poetry to keep the environment in the project.
    var inProject: Int?
    /// The line makes `.venv` itself (`python -m venv .venv`), which Poetry then uses.
    var createsVenv = false

    static let empty = ScriptFacts()
}

struct LintRun {
    let config: PipelineConfig
    let source: SourceProvider
    var warnings: [Diagnostic] = []
    private var seen: Set<Diagnostic> = []
    private var facts: [SourceMark: ScriptFacts] = [:]
    private var files: [String: [Substring]?] = [:]
    private var regexes: [String: NSRegularExpression?] = [:]
    private var sedMemo: [String: [String]] = [:]
    private lazy var globalVariables: [String: VariableDefinition] = {
        var out: [String: VariableDefinition] = [:]
        for v in config.variables { out[v.name] = v }
        return out
    }()
    private lazy var workflowLimitsToTags: Bool = {
        guard let rules = config.workflow?.mapping?["rules"]?.sequence else { return false }
        return PublishCheck.rulesLimitToTags(rules)
    }()
    private lazy var poetryTomlInProject: Bool = {
        guard let lines = lines(of: "poetry.toml") else { return false }
        return PoetryVenvCheck.poetryTomlSetsInProject(lines)
    }()
    /// Unguarded publish lines and the jobs that run them, reported once per line.
    private var unlimitedPublishes: [(mark: SourceMark, command: String, jobs: [String])] = []
    private var unlimitedIndex: [SourceMark: Int] = [:]

    init(config: PipelineConfig, source: SourceProvider) {
        self.config = config
        self.source = source
    }

    mutating func warn(_ mark: SourceMark, _ message: String) {
        let d = Diagnostic.warning(mark, message)
        if seen.insert(d).inserted { warnings.append(d) }
    }

    // MARK: - Jobs

    mutating func check(_ job: JobConfig) {
        let items = scriptItems(job)
        var all: [(ScriptItem, ScriptFacts)] = []
        all.reserveCapacity(items.count)
        for item in items { all.append((item, facts(for: item))) }

        // 3: publishing outside release tags.
        if all.contains(where: { !$0.1.publishes.isEmpty }) {
            let limited = workflowLimitsToTags || PublishCheck.jobLimitsToTags(job)
            var guardedBefore = false
            for (item, f) in all {
                for p in f.publishes where !limited && !guardedBefore && !p.guarded {
                    let mark = item.mark(at: p.offset)
                    if let i = unlimitedIndex[mark] {
                        unlimitedPublishes[i].jobs.append(job.name)
                    } else {
                        unlimitedIndex[mark] = unlimitedPublishes.count
                        unlimitedPublishes.append((mark, p.command, [job.name]))
                    }
                }
                if f.tagGuard && item.section != "after_script" { guardedBefore = true }
            }
        }

        // 4: cache and artifacts paths outside the project.
        var paths = ProjectPathCheck(job: job, globals: globalVariables)
        for (node, kind) in ProjectPathCheck.pathNodes(of: job) {
            if let message = paths.problem(node, kind: kind) { warn(node.mark, message) }
        }

        // 5: Poetry with a `.venv` cache but its environment elsewhere.
        if !poetryTomlInProject, let cachedVenv = paths.cachedVenv() {
            if let (mark, message) = PoetryVenvCheck.problem(job: job, items: all, cacheMark: cachedVenv,
                                                            globals: globalVariables) {
                warn(mark, message)
            }
        }
    }

    mutating func finish() {
        for entry in unlimitedPublishes {
            warn(entry.mark, PublishCheck.unlimitedMessage(command: entry.command, jobs: entry.jobs))
        }
    }

    /// `before_script`, `script` and `after_script` entries in the order they run, nested lists
    /// (from `!reference`) flattened.
    func scriptItems(_ job: JobConfig) -> [ScriptItem] {
        var out: [ScriptItem] = []
        guard let map = job.node.mapping else { return out }
        for section in ["before_script", "script", "after_script"] {
            guard let entry = map.entry(section) else { continue }
            func add(_ node: Node, column: Int) {
                switch node.content {
                case .scalar(let s):
                    let text = node.string ?? s.value.asString
                    if !text.isEmpty { out.append(ScriptItem(node: node, text: text, blockColumn: column, section: section)) }
                case .sequence(let list):
                    for element in list { add(element, column: element.mark.column) }
                case .mapping:
                    break
                }
            }
            add(entry.value, column: entry.keyMark.column + 2)
        }
        return out
    }

    // MARK: - Script lines

    /// Words whose absence means a line has nothing for any check, by first byte.
    private static let needles: [UInt8: [[UInt8]]] = Dictionary(grouping: [
        "apt", "sed", "publish", "upload", "poetry", "CI_COMMIT_", "venv", "POETRY_VIRTUALENVS_IN_PROJECT",
    ].map { Array($0.utf8) }, by: { $0[0] })
    private static let needleStarts: [Bool] = (0..<256).map { needles[UInt8($0)] != nil }

    /// One pass over the line: whether any needle occurs in it.
    static func mentionsAny(_ text: String) -> Bool {
        var text = text
        let starts = needleStarts, byFirst = needles
        return text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                if starts[Int(b)] {
                    for needle in byFirst[b]! where i + needle.count <= n {
                        var j = 1
                        while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                        if j == needle.count { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }

    static func mentions(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, needle) }
    }

    static let refNames: [[UInt8]] = [Array("CI_COMMIT_TAG".utf8), Array("CI_COMMIT_REF_NAME".utf8)]

    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard hay.count >= n, let first = needle.first else { return false }
        var i = 0
        let last = hay.count - n
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < n && hay[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    mutating func facts(for item: ScriptItem) -> ScriptFacts {
        guard Self.mentionsAny(item.text) else { return .empty }
        if let known = facts[item.node.mark] { return known }
        let result = analyse(item)
        facts[item.node.mark] = result
        return result
    }

    /// Splits the line into commands and runs the line checks (1, 2, the `&& ||` half of 3);
    /// returns what the job checks need.
    private mutating func analyse(_ item: ScriptItem) -> ScriptFacts {
        let line = ShellCommandLine(item.text)
        let lineMentionsRef = Self.refNames.contains { Self.mentions(item.text, $0) }
        var out = ScriptFacts()
        var tagTestSeen = false
        var exits = false
        for (index, command) in line.commands.enumerated() {
            let program = command.program
            guard let first = program.first else { continue }
            let name = ToolInvocation.basename(first.text)
            let words = program.map { $0.text }
            if lineMentionsRef && (name == "[" || name == "[[" || name == "test" || name == "case")
                && command.words.contains(where: { w in Self.refNames.contains { Self.mentions(w.text, $0) } }) {
                tagTestSeen = true
            }
            if name == "exit" { exits = true }

            // 1: apt install IMAGE:TAG
            if let message = AptImageCheck.problem(name: name, words: words) {
                warn(item.mark(at: first.offset), message)
            }
            // 2: sed -i on pyproject.toml
            if name == "sed", let sed = SedInvocation(Array(words.dropFirst())), sed.inPlace {
                for file in sed.files where ToolInvocation.basename(file) == "pyproject.toml" {
                    for s in sed.substitutions {
                        for message in sedProblems(s, extended: sed.extended, file: file) {
                            warn(item.mark(at: first.offset), message)
                        }
                    }
                }
            }
            // 3: publish commands, and `publish && … || fallback`
            if ToolInvocation.publishers.contains(name) || ToolInvocation.isPython(name),
               let tool = ToolInvocation(program: program), let publish = PublishCheck.publishCommand(tool) {
                out.publishes.append(.init(command: publish, offset: tool.offset, guarded: tagTestSeen))
                if let fallback = PublishCheck.fallback(after: index, in: line.commands) {
                    warn(item.mark(at: tool.offset), PublishCheck.fallbackMessage(publish: publish, fallback: fallback))
                }
            }
            // 5: facts about Poetry's environment
            PoetryVenvCheck.note(command: command, program: program, words: words, name: name, into: &out)
        }
        out.tagGuard = tagTestSeen && exits
        return out
    }

    /// Check 2 for one `s` command, once per distinct command and file.
    private mutating func sedProblems(_ s: SedInvocation.Substitution, extended: Bool, file: String) -> [String] {
        let key = "\(extended ? "E" : "B")\u{0}\(s.hasAddress)\u{0}\(file)\u{0}\(s.pattern)"
        if let known = sedMemo[key] { return known }
        let lines = PyprojectSedCheck.projectPath(file).flatMap { self.lines(of: $0) }
        var compiled = regexes
        let problems = PyprojectSedCheck.problems(s, extended: extended, file: file, lines: lines) { pattern in
            if let known = compiled[pattern] { return known }
            let re = try? NSRegularExpression(pattern: pattern)
            compiled[pattern] = re
            return re
        }
        regexes = compiled
        sedMemo[key] = problems
        return problems
    }

    // MARK: - Project files

    /// A project file's lines, read once.
    mutating func lines(of path: String) -> [Substring]? {
        if let known = files[path] { return known }
        let lines = source.read(path).map { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasSuffix("\r") ? line.dropLast() : line
            }
        }
        files[path] = lines
        return lines
    }

}

/// Shortens a quoted excerpt for a message.
func excerpt(_ text: some StringProtocol, limit: Int = 60) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.count > limit else { return trimmed }
    return String(trimmed.prefix(limit - 1)) + "…"
}
