import GantryYAML

/// What GitLab's `Interpolation::Interpolator` does with one file: find the `spec:` header, check
/// it and the inputs, and interpolate `$[[ inputs.… ]]` in the configuration document. A file
/// without a header is used as written, and may not be given inputs. The header itself is never
/// interpolated.
struct SpecInterpolation {
    private(set) var root: Node?
    /// GitLab stops at the first step that fails and reports that step's errors.
    private(set) var errors: [InterpolationError] = []
    private(set) var warnings: [InterpolationError] = []
    /// What interpolation built, added to what it had built for the pipeline's earlier files.
    private(set) var interpolatedBytes: Int

    /// `arguments` are the include's `inputs:` (nil for the top-level file, whose inputs take their
    /// defaults); `requestMark` is where the file was asked for; `component` the facts about the
    /// component the file is (name, sha, version, reference), of which `$[[ component.x ]]` sees those
    /// the header's `spec:component` lists. `mayHaveBlocks` says the text holds
    /// `$[[`, so that files without one are not walked.
    init(documents: [Node?], arguments: Node?, requestMark: SourceMark?, variables: [String: String], mayHaveBlocks: Bool,
         interpolatedBytes: Int = 0, component: Mapping? = nil) {
        self.interpolatedBytes = interpolatedBytes
        run(documents: documents, arguments: arguments, requestMark: requestMark, variables: variables, mayHaveBlocks: mayHaveBlocks,
            component: component)
    }

    private mutating func run(documents: [Node?], arguments: Node?, requestMark: SourceMark?, variables: [String: String],
                              mayHaveBlocks: Bool, component: Mapping?) {
        let split = ConfigDocuments(documents)
        if let ignored = split.ignored {
            warnings.append(InterpolationError(split.header == nil
                ? "only the first YAML document is read; later documents are ignored"
                : "only the document after the `spec:` header is read; later YAML documents are ignored", at: ignored.mark))
        }
        let given = arguments?.mapping.flatMap { $0.isEmpty ? nil : $0 }
        guard let header = split.header, let headerMark = split.headerMark else {
            if let given {
                return fail("Given inputs not defined in the `spec` section of the included configuration file", given.entries[0].keyMark)
            }
            root = split.content
            if mayHaveBlocks, let content = split.content, let mark = Self.firstBlock(in: content) {
                warnings.append(InterpolationError("`$[[ … ]]` is left as written: GitLab interpolates only files that start with a `spec:` header document (`spec: inputs: …` then `---`)", at: mark))
            }
            return
        }
        let spec = SpecHeader(header, mark: headerMark)
        guard spec.errors.isEmpty else { return errors = spec.errors }
        let values = InputValues(specs: spec.inputs, arguments: given, requestMark: requestMark ?? headerMark)
        guard values.errors.isEmpty else { return errors = values.errors }
        guard let content = split.content else { return }
        guard mayHaveBlocks else { return root = content }
        var context = Mapping()
        context["inputs", headerMark] = Node(.mapping(values.values), mark: headerMark)
        if let component, !spec.componentKeys.isEmpty {
            let facts = Mapping(component.entries.filter { spec.componentKeys.contains($0.key) })
            context["component", headerMark] = Node(.mapping(facts), mark: headerMark)
        }
        var interpolator = Interpolator(context: context, variables: variables, bytesSoFar: interpolatedBytes)
        root = interpolator.interpolate(content)
        errors = interpolator.errors
        self.interpolatedBytes = interpolator.outputBytes
    }

    private mutating func fail(_ message: String, _ mark: SourceMark) {
        errors.append(InterpolationError(message, at: mark))
    }

    /// Where the first string holding `$[[ inputs.` is, for the warning about a file without a header.
    private static func firstBlock(in node: Node) -> SourceMark? {
        switch node.content {
        case .scalar:
            return node.string.map { $0.hasSubstring("$[[") && $0.hasSubstring("inputs.") } == true ? node.mark : nil
        case .sequence(let items):
            for item in items { if let mark = firstBlock(in: item) { return mark } }
        case .mapping(let map):
            for entry in map.entries {
                if entry.key.hasSubstring("$[[") && entry.key.hasSubstring("inputs.") { return entry.keyMark }
                if let mark = firstBlock(in: entry.value) { return mark }
            }
        }
        return nil
    }
}
