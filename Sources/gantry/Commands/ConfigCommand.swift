import GantryPipeline

/// `gantry config [--file F]`: the fully merged configuration as JSON.
enum ConfigCommand {
    static let usage = "usage: gantry config [--file F]"

    static func run(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["file"], flags: [])
        let result = PipelineFile(option: options.value("file")).load()
        PipelineFile.report(result.diagnostics)
        guard result.isValid, let config = result.config else { return 1 }
        Output.out(ConfigJSON.render(config).serialized())
        return 0
    }
}
