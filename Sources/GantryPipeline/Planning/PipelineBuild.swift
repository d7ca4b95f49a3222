/// From a pipeline file's text to a plan: load (include, extends, validation), then plan for a
/// context. `gantry plan` and `gantry run` take this path for files on disk, the server for the
/// file at a pushed commit.
public enum PipelineBuild {
    public enum Outcome: Sendable {
        case planned(Plan)
        /// Errors of the file (with their file:line:col) or of planning, one message each.
        case invalid([String])
        /// Rules or workflow leave nothing to run.
        case noPipeline(String)
    }

    /// `diagnostics` holds every finding of loading, warnings included, for the caller to show;
    /// `checks` run on the loaded configuration (GantryLint's, for the commands that want advice).
    public static func plan(text: String, file: String, source: SourceProvider, context: PlanContext,
                            checks: [any ConfigCheck] = [], fetcher: (any IncludeFetcher)? = nil) -> (outcome: Outcome, diagnostics: Diagnostics) {
        plan(bytes: Array(text.utf8), file: file, source: source, context: context, checks: checks, fetcher: fetcher)
    }

    /// The file's bytes as stored: invalid UTF-8 is an error (a `String` would hide it).
    public static func plan(bytes: [UInt8], file: String, source: SourceProvider, context: PlanContext,
                            checks: [any ConfigCheck] = [], fetcher: (any IncludeFetcher)? = nil) -> (outcome: Outcome, diagnostics: Diagnostics) {
        let loaded = ConfigLoader(source: source, variables: PredefinedVariables.forIncludes(context), checks: checks, fetcher: fetcher)
            .load(bytes: bytes, file: file)
        guard loaded.isValid, let config = loaded.config else {
            var seen: Set<Diagnostic> = []
            let errors = loaded.diagnostics.errors.filter { seen.insert($0).inserted }.map(\.description)
            return (.invalid(errors), loaded.diagnostics)
        }
        switch Planner(config: config, context: context, files: source.allFiles()).plan() {
        case .success(var plan):
            plan.config = config
            plan.warnings = loaded.diagnostics.warnings
            return (.planned(plan), loaded.diagnostics)
        case .failure(.noPipeline(let why)):
            return (.noPipeline(why.reason), loaded.diagnostics)
        case .failure(.invalid(let errors)):
            return (.invalid(errors.map(\.description)), loaded.diagnostics)
        }
    }
}
