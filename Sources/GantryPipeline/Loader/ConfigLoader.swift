import Foundation
import GantryYAML

/// What loading a pipeline gives: the configuration when it is valid, and every finding.
public struct LoadResult: Sendable {
    public var config: PipelineConfig?
    public var diagnostics: Diagnostics
    public var isValid: Bool { config != nil && !diagnostics.hasErrors }

    public init(config: PipelineConfig?, diagnostics: Diagnostics) {
        self.config = config
        self.diagnostics = diagnostics
    }
}

/// Turns `.gitlab-ci.yml` into a `PipelineConfig` in GitLab's order: YAML, `include`, `extends`,
/// `!reference`, keyword validation, `default:`/`inherit:`, then the checks across jobs.
public struct ConfigLoader: Sendable {
    /// Top-level keys that are not jobs.
    public static let reservedKeys: Set<String> = ["image", "services", "stages", "before_script", "after_script",
                                                   "variables", "cache", "include", "default", "workflow"]

    public let source: SourceProvider
    /// Variables available to `include:` paths and `include: rules:` (predefined and project ones).
    public let variables: [String: String]
    public let templates: BuiltinTemplates
    /// Reads `include: project/remote/template/component`; nil when there is no server or source.
    public let fetcher: (any IncludeFetcher)?
    /// Run, in order, once the configuration is valid; none by default.
    public let checks: [any ConfigCheck]
    /// The pipeline's inputs, for a top-level file with a `spec:inputs` header (GitLab's pipeline
    /// inputs); nil or empty: the header's defaults.
    public let inputs: Mapping?

    public init(source: SourceProvider, variables: [String: String] = [:], templates: BuiltinTemplates = .standard,
                checks: [any ConfigCheck] = [], inputs: Mapping? = nil, fetcher: (any IncludeFetcher)? = nil) {
        self.source = source
        self.fetcher = fetcher
        self.variables = variables
        self.templates = templates
        self.checks = checks
        self.inputs = inputs
    }

    /// Loads the project file at `path` (relative to the source's root).
    public func load(file path: String) -> LoadResult {
        guard let bytes = source.readBytes(path) else {
            var d = Diagnostics()
            d.error(SourceMark(file: path, line: 1, column: 1), "Please provide content of \(path): the file does not exist")
            return LoadResult(config: nil, diagnostics: d)
        }
        return load(bytes: bytes, file: path)
    }

    public func load(text: String, file: String) -> LoadResult {
        load(bytes: Array(text.utf8), file: file)
    }

    /// The file as stored: invalid UTF-8 is an error, as in GitLab.
    public func load(bytes: [UInt8], file: String) -> LoadResult {
        var includes = IncludeResolver(source: source, variables: variables, templates: templates, fetcher: fetcher)
        let start = SourceMark(file: file, line: 1, column: 1)
        let request = inputs.map { IncludeInvocation(pipelineInputs: $0, mark: start) }
        guard let document = includes.parse(bytes: bytes, file: file, request: request) else {
            var d = includes.diagnostics
            if !d.hasErrors { d.error(start, "Please provide content of .gitlab-ci.yml: \(file) is empty") }
            return LoadResult(config: nil, diagnostics: d)
        }
        guard document.mapping != nil else {
            var d = includes.diagnostics
            d.error(document.mark, "Invalid configuration format: the top level of \(file) must be a mapping of keywords and jobs")
            return LoadResult(config: nil, diagnostics: d)
        }
        let merged = includes.expand(document, file: file)
        var diagnostics = includes.diagnostics
        guard let mergedRoot = merged.mapping else {
            return LoadResult(config: nil, diagnostics: diagnostics)
        }
        // A file that could not be included leaves the configuration invalid, but the rest is still
        // checked: every job that neither extends nor references anything (which the missing file
        // may define) is validated as usual.
        if diagnostics.hasErrors {
            var rest = Diagnostics()
            _ = assemble(Self.standalone(mergedRoot), file: file, start: start, diagnostics: &rest)
            for item in rest.items where !item.message.hasPrefix("jobs config should contain at least one visible job") {
                diagnostics.append(item)
            }
            return LoadResult(config: nil, diagnostics: diagnostics)
        }

        var extends = ExtendsResolver(root: mergedRoot)
        let extended = extends.resolve()
        diagnostics.append(contentsOf: extends.diagnostics)
        var references = ReferenceResolver(root: extended)
        let root = references.resolve()
        diagnostics.append(contentsOf: references.diagnostics)
        var nesting = ReferenceNestingCheck(root: extended)
        nesting.check(resolved: root, into: &diagnostics)
        guard !diagnostics.hasErrors else { return LoadResult(config: nil, diagnostics: diagnostics) }

        let config = assemble(root, file: file, start: start, diagnostics: &diagnostics)
        if !diagnostics.hasErrors {
            JobGraphValidator(config: config).validate(into: &diagnostics)
            if !diagnostics.hasErrors {
                for check in checks { check.check(config, source: source, into: &diagnostics) }
            }
        }
        return LoadResult(config: diagnostics.hasErrors ? nil : config, diagnostics: diagnostics)
    }

    /// The entries whose meaning does not depend on another file: jobs without `extends:` or
    /// `!reference`, and the keywords that are not jobs.
    private static func standalone(_ root: Mapping) -> Mapping {
        var kept = Mapping()
        for entry in root.entries where !(entry.value.mapping.map { $0["extends"] != nil } ?? false) && !entry.value.containsReference {
            kept[entry.key, entry.keyMark] = entry.value
        }
        return kept
    }

    /// Validates each top-level entry and builds the jobs with `default:` applied.
    private func assemble(_ root: Mapping, file: String, start: SourceMark, diagnostics: inout Diagnostics) -> PipelineConfig {
        let layout = LayoutHint(root: root)
        func hint(_ key: String) -> String { layout.hint(for: key).map { " (\($0))" } ?? "" }
        var globals = Mapping()
        var jobs: [JobConfig] = []
        for entry in root.entries {
            if Self.reservedKeys.contains(entry.key) {
                GlobalValidator.validate(key: entry.key, keyMark: entry.keyMark, value: entry.value, into: &diagnostics)
                globals[entry.key, entry.keyMark] = entry.value
            } else if entry.key.hasPrefix(".") {
                // Hidden jobs are templates: not validated as jobs, not run; but never empty.
                if entry.value.isNull {
                    diagnostics.error(entry.keyMark, "jobs:\(entry.key) config can't be blank" + hint(entry.key))
                }
            } else if entry.value.mapping != nil {
                JobValidator.validate(name: entry.key, nameMark: entry.keyMark, job: entry.value, into: &diagnostics)
                jobs.append(JobConfig(name: entry.key, nameMark: entry.keyMark, node: entry.value))
            } else {
                diagnostics.error(entry.keyMark, "jobs \(entry.key) config should implement the script:, run:, or trigger: keyword" + hint(entry.key))
            }
        }
        GlobalValidator.checkDefaultDuplicates(root, into: &diagnostics)
        if jobs.isEmpty && !diagnostics.hasErrors {
            diagnostics.error(start, "jobs config should contain at least one visible job")
        }
        let defaults = defaultEntries(globals)
        jobs = jobs.map { applyDefaults(defaults, to: $0) }

        var stages = globals["stages"]?.sequence?.compactMap { $0.scalar?.value.asString } ?? PipelineConfig.defaultStages
        if stages.first != ".pre" { stages.insert(".pre", at: 0) }
        if stages.last != ".post" { stages.append(".post") }
        return PipelineConfig(stages: stages, variables: VariableDefinition.list(from: globals["variables"]),
                              workflow: globals["workflow"], jobs: jobs, globals: globals)
    }

    /// `default:` entries, with the deprecated top-level image/services/cache/before_script/after_script
    /// filling what `default:` does not set.
    private func defaultEntries(_ globals: Mapping) -> Mapping {
        var defaults = globals["default"]?.mapping ?? Mapping()
        for key in PipelineConfig.deprecatedGlobals where defaults[key] == nil {
            if let entry = globals.entry(key) { defaults[key, entry.keyMark] = entry.value }
        }
        return defaults
    }

    /// A job takes each default key it does not set itself, unless `inherit: default:` says no.
    private func applyDefaults(_ defaults: Mapping, to job: JobConfig) -> JobConfig {
        guard !defaults.isEmpty, var map = job.node.mapping else { return job }
        let policy = InheritPolicy(map["inherit"]?.mapping?["default"])
        for entry in defaults.entries where map[entry.key] == nil && policy.allows(entry.key) {
            map[entry.key, entry.keyMark] = entry.value
        }
        var out = job
        out.node = Node(.mapping(map), tag: job.node.tag, mark: job.node.mark)
        return out
    }
}

private extension Node {
    /// Whether a `!reference` tag stands anywhere in this tree.
    var containsReference: Bool {
        if tag == ReferenceResolver.tag { return true }
        switch content {
        case .scalar: return false
        case .sequence(let list): return list.contains { $0.containsReference }
        case .mapping(let map): return map.entries.contains { $0.value.containsReference }
        }
    }
}
