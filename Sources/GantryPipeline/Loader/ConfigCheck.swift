/// Advice beyond GitLab's own validation, run on a configuration that loaded without errors:
/// GantryLint's checks. The loader runs only the checks its caller gives it (`gantry lint`,
/// `gantry run`), so loading stays what GitLab does.
public protocol ConfigCheck: Sendable {
    /// Adds warnings (never errors: the pipeline stays valid) to `diagnostics`.
    func check(_ config: PipelineConfig, source: SourceProvider, into diagnostics: inout Diagnostics)
}
