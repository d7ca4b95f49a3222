import Testing
@testable import GantryCommandLine

/// The forms options take, subcommands, and the error each mistake gets.
@Suite struct ArgumentParserTests {
    @Test func valuesFlagsAndWordsInEveryForm() throws {
        let given = try #require(SampleTool.arguments(["build", "a", "--file", "x.yml", "--variable=A=1", "--keep", "b",
                                                       "--variable", "B=2", "--ref", "main", "--ref=dev"]))
        #expect(given.positional == ["a", "b"])
        #expect(given.value("file") == "x.yml")
        #expect(given.all("variable") == ["A=1", "B=2"])
        #expect(try given.pairs("variable").map { "\($0.0)=\($0.1)" } == ["A=1", "B=2"])
        #expect(given.value("ref") == "dev", "a single-valued option given twice keeps the last")
        #expect(given.flag("keep"))
        #expect(!given.flag("missing"))
        #expect(given.commandPath == ["build"])
    }

    @Test func aValueMayStartWithADashAndWordsAfterDoubleDashAreWords() throws {
        let given = try #require(SampleTool.arguments(["build", "--file", "-odd.yml", "--", "--keep", "-"]))
        #expect(given.value("file") == "-odd.yml")
        #expect(given.positional == ["--keep", "-"])
        #expect(!given.flag("keep"))
    }

    @Test func aGroupsOptionsAreSharedByItsSubcommandsBeforeAndAfterTheirName() throws {
        let before = try #require(SampleTool.arguments(["remote", "--data", "d", "add", "origin", "--url", "u"]))
        let after = try #require(SampleTool.arguments(["remote", "add", "origin", "--url=u", "--data=d"]))
        for given in [before, after] {
            #expect(given.commandPath == ["remote", "add"])
            #expect(given.positional == ["origin"])
            #expect(given.value("data") == "d")
            #expect(given.value("url") == "u")
        }
    }

    @Test(arguments: [
        (["build", "--flie", "x"], "tool build: unknown option --flie; did you mean --file?"),
        (["build", "--kep"], "tool build: unknown option --kep; did you mean --keep?"),
        (["build", "--hepl"], "tool build: unknown option --hepl; did you mean --help?"),
        (["build", "--frobnicate"], "tool build: unknown option --frobnicate"),
        (["build", "-k"], "tool build: unknown option -k"),
        (["build", "--file"], "tool build: --file needs a value: --file F"),
        (["build", "--keep=yes"], "tool build: --keep takes no value"),
        (["build", "--ref", "a", "--tag", "b"], "tool build: give --ref or --tag, not both"),
        (["build", "--variable", "novalue"], nil),
        (["biuld"], "tool: unknown command 'biuld'; did you mean 'build'?"),
        (["remote"], "tool remote: which command? add"),
        (["remote", "ad"], "tool remote: unknown command 'ad'; did you mean 'add'?"),
        (["remote", "add", "--url", "u"], "tool remote add: missing NAME"),
        (["remote", "add", "a", "b", "--url", "u"], "tool remote add: unexpected argument 'b'"),
        (["remote", "add", "a"], "tool remote add: missing --url URL"),
        (["remote", "add", "a", "--url", "u", "--file", "f"], "tool remote add: unknown option --file"),
        (["help", "biuld"], "tool help: unknown command 'biuld'; did you mean 'build'?"),
        (["completion", "tcsh"], "tool completion: no completion for 'tcsh'; give bash, zsh or fish"),
        (["completion"], "tool completion: missing SHELL"),
    ] as [([String], String?)])
    func eachMistakeIsNamedFirst(args: [String], message: String?) throws {
        guard let message else {
            // Well-formed for the parser: the command checks KEY=VALUE itself.
            let given = try #require(SampleTool.arguments(args))
            #expect(throws: Arguments.UsageError(description: "--variable takes KEY=VALUE, got 'novalue'")) { try given.pairs("variable") }
            return
        }
        let text = try #require(SampleTool.failure(args))
        #expect(text.split(separator: "\n").first.map(String.init) == message)
    }

    @Test func aMistakeShowsTheCommandsUsageAndWhereItsHelpIs() throws {
        #expect(SampleTool.failure(["remote", "add", "a"]) == """
            tool remote add: missing --url URL
            usage: tool remote [--data DIR] add NAME --url URL [--mode M]
            See `tool remote add --help`.
            """)
        #expect(SampleTool.failure(["nope"]) == """
            tool: unknown command 'nope'
            usage: tool [--version | --help] COMMAND [ARGUMENT...]
            See `tool --help`.
            """)
    }

    @Test func noArgumentsPrintsTheHelpOnStderr() throws {
        #expect(SampleTool.failure([]) == SampleTool.output(["--help"]))
    }

    @Test func helpAndVersionAreAnsweredByTheTool() throws {
        #expect(SampleTool.output(["--version"]) == "tool 1.2.3")
        #expect(SampleTool.output(["version"]) == "tool 1.2.3")
        let leaf = try #require(SampleTool.output(["help", "remote", "add"]))
        #expect(leaf.hasPrefix("tool remote add: add a remote\n"))
        for asked in [["remote", "add", "--help"], ["remote", "add", "-h"], ["remote", "--data", "d", "add", "x", "--help"],
                      ["remote", "add", "--help", "--bogus"]] {
            #expect(SampleTool.output(asked) == leaf, "\(asked)")
        }
        #expect(SampleTool.output(["help"]) == SampleTool.output(["-h"]))
        #expect(SampleTool.output(["help", "remote"]) == SampleTool.output(["remote", "--help"]))
        // After `--`, `--help` is a word like any other.
        #expect(SampleTool.arguments(["build", "--", "--help"])?.positional == ["--help"])
    }
}
