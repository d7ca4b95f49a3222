import GantryPipeline

/// `gantry lint [--file F]`: `valid` and exit 0, or every error as `F:LINE:COL: message`, exit 1.
enum LintCommand {
    static let usage = "usage: gantry lint [--file F]"

    static func run(_ args: [String]) throws(Arguments.UsageError) -> Int32 {
        let options = try Arguments(args, valued: ["file"], flags: [])
        let file = PipelineFile(option: options.value("file"))
        let result = file.load()
        PipelineFile.report(result.diagnostics)
        guard result.isValid else { return 1 }
        Output.out("valid")
        return 0
    }
}
