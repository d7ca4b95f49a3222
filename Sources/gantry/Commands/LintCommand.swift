import GantryCommandLine
import GantryPipeline

/// `gantry lint`: `valid` and exit 0, or every error as `F:LINE:COL: message`, exit 1.
enum LintCommand {
    static let command = Command("lint", abstract: "check .gitlab-ci.yml: `valid`, or every error as F:LINE:COL: message",
                                 options: [PipelineOptions.file] + IncludeOptions.options, action: run)

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let file = try PipelineFile(options)
        let result = file.load(variables: file.lintVariables(options))
        PipelineFile.report(result.diagnostics)
        guard result.isValid else { return 1 }
        Output.out("valid")
        return 0
    }
}
