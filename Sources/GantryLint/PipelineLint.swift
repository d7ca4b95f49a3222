import GantryPipeline

/// The checks `gantry lint`, `gantry run` and the server give the loader: today the Python
/// pipeline checks (docs/python-lint.md).
public enum PipelineLint {
    public static let checks: [any ConfigCheck] = [PythonPipelineChecks()]

    /// The checks' warnings on a configuration that loaded without errors, in file order.
    public static func warnings(_ config: PipelineConfig, source: SourceProvider) -> [Diagnostic] {
        var diagnostics = Diagnostics()
        for check in checks { check.check(config, source: source, into: &diagnostics) }
        return diagnostics.warnings
    }
}
