import GantryYAML

/// How an include asked for a file: its `inputs:`, and the location GitLab names in the file's
/// errors (`` `ci/deploy.yml`: `stage` input: required value has not been provided ``). The
/// top-level file has one only when the pipeline is given inputs, and no location.
struct IncludeInvocation {
    var inputs: Node?
    var location: String?
    var mark: SourceMark
    /// For a component: its `name`, `sha`, `version` and `reference`, which `$[[ component.… ]]` reads.
    var component: Mapping?

    init(item: Node, location: String, component: Mapping? = nil) {
        self.inputs = item.mapping?["inputs"]
        self.location = location
        self.mark = item.mark
        self.component = component
    }

    /// The pipeline's own inputs, for the top-level file's header.
    init(pipelineInputs: Mapping, mark: SourceMark) {
        self.inputs = Node(.mapping(pipelineInputs), mark: mark)
        self.location = nil
        self.mark = mark
    }

    /// What tells two includes of one file apart: GitLab keeps the same file given other inputs
    /// (a component used twice) as two files.
    var identity: String {
        guard let inputs, inputs.mapping?.isEmpty == false else { return "" }
        return " " + RubyText.inspect(inputs)
    }
}

extension IncludeResolver {
    /// The configuration document of a parsed file: its `spec:` header read, its inputs checked
    /// and `$[[ … ]]` interpolated (`request` is nil for a top-level file given no pipeline inputs).
    /// Nil after an error.
    mutating func specified(_ document: YAMLDocument, bytes: [UInt8], request: IncludeInvocation?) -> Node? {
        let mayHaveBlocks = bytes.withUnsafeBufferPointer { String.search($0, Interpolator.blockPrefix) }
        // The common file: one document, no inputs, nothing to interpolate.
        if document.documents.count <= 1, request?.inputs?.mapping?.isEmpty != false, !mayHaveBlocks { return document.root }
        let result = SpecInterpolation(documents: document.documents, arguments: request?.inputs, requestMark: request?.mark,
                                       variables: variables, mayHaveBlocks: mayHaveBlocks, interpolatedBytes: interpolatedBytes,
                                       component: request?.component)
        interpolatedBytes = result.interpolatedBytes
        for warning in result.warnings { diagnostics.warning(warning.mark, warning.message) }
        if let error = InterpolationError.combined(result.errors) {
            diagnostics.error(error.mark, (request?.location.map { "`\($0)`: " } ?? "") + error.message)
            return nil
        }
        return result.root
    }
}
