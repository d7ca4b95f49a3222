import Foundation
import Testing
@testable import GantryExecution

struct ShellScriptTests {
    /// Runs a generated script with bash and returns (exit code, output).
    func execute(_ commands: [String]) throws -> (Int32, String) {
        let executor = ShellExecutor()
        let box = OutputBox()
        let outcome = try executor.run(script: ShellScript.build(commands), environment: ["PATH": "/usr/bin:/bin"],
                                       directory: FileManager.default.temporaryDirectory, timeout: 30) { box.add($0) }
        guard case .exited(let code) = outcome else { return (-1, box.text) }
        return (code, box.text)
    }

    @Test func echoesEachCommandAndStopsAtTheFirstFailure() throws {
        let (code, out) = try execute(["echo one", "false", "echo never"])
        #expect(code == 1)
        #expect(out.contains("$ echo one"))
        #expect(out.contains("one\n"))
        #expect(!out.contains("never\n"))
    }

    @Test func pipefailMakesAFailingPipeFail() throws {
        #expect(try execute(["false | cat"]).0 == 1)
    }

    @Test func quotingSurvivesAnyText() throws {
        let tricky = #"echo 'single' "double" $HOME \back `tick` %s"#
        let (code, out) = try execute([tricky])
        #expect(code == 0)
        #expect(out.contains("$ " + tricky))
    }

    @Test func multiLineCommandsRunWhole() throws {
        let (code, out) = try execute(["for i in 1 2; do\n  echo n$i\ndone"])
        #expect(code == 0)
        #expect(out.contains("n1\nn2\n"))
        #expect(out.contains("# collapsed multi-line command"))
    }

    @Test func exitCodeIsTheFailingCommands() throws {
        #expect(try execute(["exit 42"]).0 == 42)
    }
}

final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func add(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
