import Testing
@testable import GantryCommandLine

/// Help pages and usage lines as a user reads them, generated from the declarations.
@Suite struct HelpTextTests {
    @Test func theToolsPageListsEveryCommandWithItsAbstract() throws {
        #expect(SampleTool.output(["--help"]) == """
            tool: a tool to test with

            usage: tool [--version | --help] COMMAND [ARGUMENT...]

            commands:
              tool build       build the targets
              tool remote add  add a remote
              tool help        show the help of tool or of a command
              tool completion  print a shell completion script: source <(tool completion bash)
              tool version     print tool's version

            options:
              --version        print tool's version
              -h, --help       show this help

            `tool help COMMAND` or `tool COMMAND --help` shows a command's arguments and options.
            """)
    }

    @Test func aCommandsPageShowsItsArgumentsAndOptions() throws {
        #expect(SampleTool.output(["build", "--help"]) == """
            tool build: build the targets

            usage: tool build [TARGET...] [--file F] [--ref R | --tag T] [--variable K=V]... [--keep]

            arguments:
              TARGET...       what to build (default: everything)

            options:
              --file F        the build file
              --ref R         build this branch
              --tag T         build this tag
              --variable K=V  a variable for the build (repeatable)
              --keep          keep the workspace
              -h, --help      show this help
            """)
    }

    @Test func aGroupsPageShowsItsSubcommandsAndSharedOptions() throws {
        #expect(SampleTool.output(["help", "remote"]) == """
            tool remote: the remotes

            usage: tool remote [--data DIR] add NAME --url URL [--mode M]

            commands:
              add         add a remote

            options:
              --data DIR  where remotes are kept
              -h, --help  show this help

            `tool help remote COMMAND` shows a command's arguments and options.
            """)
        #expect(SampleTool.output(["help", "remote", "add"]) == """
            tool remote add: add a remote

            usage: tool remote [--data DIR] add NAME --url URL [--mode M]

            arguments:
              NAME        its name

            options:
              --data DIR  where remotes are kept
              --url URL   its address (required)
              --mode M    how to reach it
              -h, --help  show this help
            """)
    }

    @Test func longUsageAndHelpWrapAtAHundredColumnsUnderTheirStart() {
        let options = (1...9).map { Option.value("option-\($0)", "VALUE", help: String(repeating: "word ", count: 30)) }
        let tool = CommandLineTool(name: "t", abstract: "long", version: "1",
                                   commands: [Command("long", abstract: "many options", options: options, action: { _ in 0 })])
        guard case .output(let page) = tool.respond(to: ["long", "--help"]) else {
            Issue.record("no help")
            return
        }
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(page)")
        #expect(lines[2] == "usage: t long [--option-1 VALUE] [--option-2 VALUE] [--option-3 VALUE] [--option-4 VALUE]")
        #expect(lines[3] == "              [--option-5 VALUE] [--option-6 VALUE] [--option-7 VALUE] [--option-8 VALUE]")
        #expect(lines[4] == "              [--option-9 VALUE]")
        #expect(lines[6] == "options:")
        #expect(lines[7].hasPrefix("  --option-1 VALUE  word word"))
        #expect(lines[8].hasPrefix("                    word word"))
    }

    @Test func aLeftColumnTooWideForTheRowPutsItsHelpBelow() {
        let tool = CommandLineTool(name: "t", abstract: "wide", version: "1", commands: [
            Command("wide", abstract: "a wide option", options: [
                .value("a-very-long-option-name", "SOME_VALUE", help: "what it does"),
                .flag("x", help: "short"),
            ], action: { _ in 0 }),
        ])
        guard case .output(let page) = tool.respond(to: ["help", "wide"]) else {
            Issue.record("no help")
            return
        }
        #expect(page.hasSuffix("""
            options:
              --a-very-long-option-name SOME_VALUE
                                            what it does
              --x                           short
              -h, --help                    show this help
            """))
    }
}
