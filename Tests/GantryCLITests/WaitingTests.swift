import Foundation
import GantryTestSupport
import Synchronization
import Testing

/// The test runs' way of waiting: children's output read whole, and progress said while they run.
@Suite struct WaitingTests {
    @Test func aLongWaitSaysWhatItWaitsForAndTheLastLine() throws {
        let said = Mutex<[String]>([])
        let r = try Waiting.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo step one; sleep 3; echo step two"],
                                waitingFor: "the sleeper", every: 0.5) { line in said.withLock { $0.append(line) } }
        #expect(r.status == 0)
        #expect(r.stdout == "step one\nstep two\n")
        let lines = said.withLock { $0 }
        #expect(!lines.isEmpty)
        #expect(lines.contains { $0.hasPrefix("still waiting (") && $0.contains("for the sleeper; last line: step one") }, "\(lines)")
        // Nothing is said once the child has ended.
        Thread.sleep(forTimeInterval: 1)
        #expect(said.withLock { $0.count } == lines.count)
    }

    /// More than a pipe holds on both streams at once: neither blocks the child.
    @Test func bothStreamsAreReadWhole() throws {
        let script = "import sys; sys.stdout.write('o' * 300000); sys.stdout.flush(); sys.stderr.write('e' * 300000)"
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], waitingFor: "a chatty child")
        #expect(r.status == 0)
        #expect(r.stdout.count == 300000)
        #expect(r.stderr.count == 300000)
    }
}
