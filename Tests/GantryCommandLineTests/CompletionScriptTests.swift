import Foundation
import Testing
@testable import GantryCommandLine

/// The completion scripts are checked by the shells themselves: each parses (`-n`) and offers
/// what the declarations say for the words typed so far.
@Suite struct CompletionScriptTests {
    static func script(_ shell: String) throws -> String {
        try #require(SampleTool.output(["completion", shell]))
    }

    /// Runs `shell` with `arguments`, the script in the file `$SCRIPT` names; a `-n` check reads the
    /// file itself (`-n` reads and does not run, so `source` would check nothing).
    static func run(_ shell: String, _ arguments: [String], script: String) throws -> (status: Int32, out: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [shell] + (arguments == ["-n"] ? ["-n", file.path] : arguments)
        process.environment = ["SCRIPT": file.path, "PATH": "/usr/bin:/bin:/usr/local/bin"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func bashParsesItAndCompletesByTheDeclarations() throws {
        let script = try Self.script("bash")
        #expect(try Self.run("bash", ["-n"], script: script).status == 0)
        func complete(_ words: String) throws -> String {
            try Self.run("bash", ["-c", "source \"$SCRIPT\"; COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _tool; echo \"${COMPREPLY[*]}\""],
                         script: script).out.trimmingCharacters(in: .newlines)
        }
        #expect(try complete("tool ''") == "build remote help completion version -h --help --version")
        #expect(try complete("tool build --f") == "--file")
        #expect(try complete("tool build --ref main --k") == "--keep")
        #expect(try complete("tool remote --data /tmp add x --mode ''") == "fetch push")
        #expect(try complete("tool remote add x --") == "--data --url --mode --help")
        #expect(try complete("tool completion ''") == "bash zsh fish -h --help")
        #expect(try complete("tool help r") == "remote")
        // The value of --ref is not a subcommand word, so `remote` there does not descend.
        #expect(try complete("tool build --ref remote --k") == "--keep")
    }

    @Test func zshParsesItAndCompletesByTheDeclarations() throws {
        let script = try Self.script("zsh")
        #expect(try Self.run("zsh", ["-n"], script: script).status == 0)
        // Outside a completion widget: zsh's completion functions replaced by ones that print what
        // they were asked to offer.
        let stubs = """
            compdef() { :; }; _describe() { print -rl -- "${(@P)2}"; }; _files() { print -r -- "_files $*"; }
            _message() { print -r -- "_message $*"; }; compadd() { print -r -- "compadd $*"; }
            source "$SCRIPT"
            """
        func complete(_ words: String) throws -> String {
            try Self.run("zsh", ["-f", "-c", stubs + "\nwords=(\(words)); CURRENT=${#words}; _tool"], script: script).out
        }
        #expect(try complete("tool remote add x --mode ''") == "compadd -- fetch push\n")
        #expect(try complete("tool build --file ''") == "_files \n")
        #expect(try complete("tool remote --data ''") == "_files -/\n")
        #expect(try complete("tool build --ref ''") == "_message R\n")
        #expect(try complete("tool remote ''") == "add:add a remote\n--data:where remotes are kept\n--help:show this help\n")
    }

    @Test func fishParsesItAndCompletesByTheDeclarations() throws {
        let script = try Self.script("fish")
        #expect(try Self.run("fish", ["-n"], script: script).status == 0)
        let out = try Self.run("fish", ["-c", "source $SCRIPT; complete -C 'tool remote add x --mo'; complete -C 'tool b'"], script: script).out
        #expect(out == "--mode\thow to reach it\nbuild\tbuild the targets\n")
    }
}
