import Foundation
import GantryTestSupport
import Testing

/// Help, version, usage mistakes and completion as a user meets them, from the real binary: the
/// text comes from each command's declaration, so it cannot drift from the options it parses.
@Suite struct HelpTextTests {
    @Test func everyCommandAndSubcommandPrintsItsExactHelp() throws {
        for (words, page) in HelpPages.pages {
            let asked = try GantryProcess.run(["help"] + words)
            #expect(asked.status == 0, "gantry help \(words)")
            #expect(asked.stdout == page + "\n", "gantry help \(words.joined(separator: " "))")
            #expect(asked.stderr.isEmpty)
            // The same page from `--help` and `-h`, in every place an option may stand.
            let flagged = try GantryProcess.run(words + ["--help"])
            #expect(flagged.status == 0 && flagged.stdout == asked.stdout, "gantry \(words.joined(separator: " ")) --help")
            #expect(try GantryProcess.run(words + ["-h"]).stdout == asked.stdout)
        }
    }

    @Test func everyCommandHasAPage() throws {
        // Each command the listing names has its page above, and no page is of a command gone.
        let listing = try #require(HelpPages.pages.first { $0.words.isEmpty }).page
        // `  gantry runner register   register with ...`: the words before the column gap.
        let listed = listing.split(separator: "\n").filter { $0.hasPrefix("  gantry ") }
            .map { $0.dropFirst(2).components(separatedBy: "  ")[0].split(separator: " ").dropFirst().map(String.init) }
        let paged = Set(HelpPages.pages.map(\.words))
        for words in listed { #expect(paged.contains(words), "no page for gantry \(words)") }
        #expect(listed.count == 21)
    }

    @Test func runHelpIsTheRunPageNotAnUnknownOption() throws {
        // Before declared commands, `gantry run --help` failed with "unknown option --help".
        let r = try GantryProcess.run(["run", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("gantry run: run the pipeline or the named jobs here, each in its own workspace\n"))
        for option in ["--source S", "--default-branch B", "--masked-variable K=V", "--json-summary FILE"] {
            #expect(r.stdout.contains("\n  \(option) "), "\(option)")
        }
    }

    @Test func versionIsPrintedBothWays() throws {
        let flag = try GantryProcess.run(["--version"])
        let command = try GantryProcess.run(["version"])
        #expect(flag.status == 0 && command.status == 0)
        #expect(flag.stdout == command.stdout)
        #expect(flag.stdout.wholeMatch(of: /gantry \d+\.\d+\.\d+\n/) != nil, "\(flag.stdout)")
    }

    @Test func anUnknownOptionSuggestsTheClosestAndShowsTheUsage() throws {
        let r = try GantryProcess.run(["run", "--masked-varible", "A=1"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            gantry run: unknown option --masked-varible; did you mean --masked-variable?
            usage: gantry run [JOB...] [--file F] [--ref R | --tag T] [--source S] [--default-branch B]
                              [--variable K=V]... [--server URL] [--token TOKEN] [--template-source URL]
                              [--masked-variable K=V]... [--concurrency N] [--manual JOB]... [--needs] [--keep]
                              [--json-summary FILE] [--executor E] [--docker-host URL] [--docker-image IMAGE]
                              [--pull-policy P]
            See `gantry run --help`.

            """)
        let admin = try GantryProcess.run(["admin", "user", "create", "alice", "--emial", "a@example.com"])
        #expect(admin.status == 2)
        #expect(admin.stderr.hasPrefix("gantry admin user create: unknown option --emial; did you mean --email?\n"))
    }

    @Test(arguments: [
        (["frobnicate"], "gantry: unknown command 'frobnicate'"),
        (["lnit"], "gantry: unknown command 'lnit'; did you mean 'lint'?"),
        (["runner"], "gantry runner: which command? register, run"),
        (["runner", "regster"], "gantry runner: unknown command 'regster'; did you mean 'register'?"),
        (["runner", "register", "--url", "http://x"], "gantry runner register: missing --token TOKEN"),
        (["plan", "--file"], "gantry plan: --file needs a value: --file F"),
        (["plan", "--json=yes"], "gantry plan: --json takes no value"),
        (["plan", "--ref", "a", "--tag", "b"], "gantry plan: give --ref or --tag, not both"),
        (["init", "--uv", "--setuptools"], "gantry init: give one of --poetry, --setuptools, --uv"),
        (["lint", "extra.yml"], "gantry lint: unexpected argument 'extra.yml'"),
        (["admin", "token", "create"], "gantry admin token create: missing USER"),
        (["server", "--registration-token", "a", "--registration-token-file", "f"],
         "gantry server: give --registration-token or --registration-token-file, not both"),
        (["help", "runer"], "gantry help: unknown command 'runer'; did you mean 'runner'?"),
    ] as [([String], String)])
    func aMistakeIsNamedOnTheFirstLineAndExitsTwo(args: [String], message: String) throws {
        let r = try GantryProcess.run(args)
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == message)
        #expect(r.stderr.contains("\nusage: gantry"))
    }

    @Test func noCommandPrintsTheListingOnStderr() throws {
        let r = try GantryProcess.run([])
        #expect(r.status == 2)
        #expect(r.stderr == HelpPages.pages[0].page + "\n")
    }

    @Test func theBashCompletionScriptParsesAndCompletesGantrysOptions() throws {
        let script = try GantryProcess.run(["completion", "bash"])
        #expect(script.status == 0)
        let file = try GantryProcess.project(["gantry.bash": script.stdout]).appendingPathComponent("gantry.bash")
        let check = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["bash", "-n", file.path], in: GantryProcess.repositoryRoot,
                                    waitingFor: "bash -n")
        #expect(check.status == 0, "\(check.stderr)")
        let completed = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["bash", "-c", """
            source "\(file.path)"
            COMP_WORDS=(gantry run --masked); COMP_CWORD=2; _gantry; echo "${COMPREPLY[*]}"
            COMP_WORDS=(gantry admin --data /tmp project create x --visibility p); COMP_CWORD=8; _gantry; echo "${COMPREPLY[*]}"
            COMP_WORDS=(gantry runner ''); COMP_CWORD=2; _gantry; echo "${COMPREPLY[*]}"
            """], in: GantryProcess.repositoryRoot, waitingFor: "bash completion")
        #expect(completed.stdout == "--masked-variable\nprivate public\nregister run -h --help\n")
    }
}
