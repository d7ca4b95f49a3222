import Foundation
import Testing
@testable import GantryExecution

/// Subprocess starts programs directly (posix_spawn changes the child's folder), finding them on
/// the child's own PATH as a shell would.
struct SubprocessTests {
    func output(_ process: Subprocess) -> (String, Int32) {
        var data = Data()
        process.readOutput { data.append($0) }
        return (String(decoding: data, as: UTF8.self), process.wait())
    }

    @Test func startsInTheFolderWhateverItsName() throws {
        try withTemporaryDirectory { dir in
            let odd = dir.appendingPathComponent("a folder with \"quotes\", $HOME and spaces")
            try makeDirectory(odd, "")
            let (text, status) = output(try Subprocess(["pwd", "-P"], environment: ["PATH": "/usr/bin:/bin"], directory: odd))
            #expect(status == 0)
            #expect(text == odd.path + "\n")
        }
    }

    @Test func programsAreFoundOnTheChildsPath() throws {
        try withTemporaryDirectory { dir in
            try writeFile(dir, "tools/hello", "#!/bin/sh\necho hello from $(basename \"$0\")\n", mode: 0o755)
            // Not on this process's PATH: only the child's own, and relative entries count from its folder.
            for path in [dir.appendingPathComponent("tools").path + ":/usr/bin:/bin", "tools:/usr/bin:/bin"] {
                let (text, status) = output(try Subprocess(["hello"], environment: ["PATH": path], directory: dir))
                #expect(status == 0, "\(path)")
                #expect(text == "hello from hello\n", "\(path)")
            }
            let (text, _) = output(try Subprocess(["./tools/hello"], environment: ["PATH": "/usr/bin:/bin"], directory: dir))
            #expect(text == "hello from hello\n")
        }
    }

    @Test func aMissingFolderOrProgramIsAClearError() throws {
        try withTemporaryDirectory { dir in
            let missing = dir.appendingPathComponent("gone")
            #expect { try Subprocess(["true"], environment: ["PATH": "/usr/bin:/bin"], directory: missing) } throws: { error in
                "\(error)" == "cannot start true: no folder \(missing.path)"
            }
            #expect { try Subprocess(["no-such-program-here"], environment: ["PATH": "/usr/bin:/bin"], directory: dir) } throws: { error in
                "\(error)".hasPrefix("cannot start no-such-program-here: No such file")
            }
        }
    }
}
