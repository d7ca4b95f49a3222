import GantryCommandLine
import GantryPipeline

/// `gantry config`: the fully merged configuration as JSON.
enum ConfigCommand {
    static let command = Command("config", abstract: "the fully merged configuration as JSON", options: [PipelineOptions.file] + IncludeOptions.options,
                                 action: run)

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        let file = try PipelineFile(options)
        let result = file.load(variables: file.lintVariables(options))
        PipelineFile.report(result.diagnostics)
        guard result.isValid, let config = result.config else { return 1 }
        Output.out(ConfigJSON.render(config).serialized())
        return 0
    }
}
