import GantryLint
import GantryPipeline

/// What the server keeps as a pipeline's warnings when it creates one: the warnings of loading
/// its configuration and GantryLint's advice on it (the Python slips `gantry lint` shows), each
/// `file:line:col: message`, in file order. Shown by the API as the pipeline's `warnings`.
enum PipelineWarnings {
    /// `source` is the commit the configuration came from: some checks read the project's files.
    static func of(_ plan: Plan, source: SourceProvider) -> [String] {
        let lint = plan.config.map { PipelineLint.warnings($0, source: source) } ?? []
        var seen: Set<Diagnostic> = []
        return (plan.warnings + lint).filter { seen.insert($0).inserted }.map { "\($0.mark): \($0.message)" }
    }
}
