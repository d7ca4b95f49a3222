import Foundation
import GantryExecution

/// One git plumbing command on a bare repository, for the repository API: arguments never pass
/// through a shell, pathspecs are literal (`GIT_LITERAL_PATHSPECS`, so `*` in a name is no glob),
/// and extra environment (a temporary index, the author) is given per call.
struct GitProcess: Sendable {
    let gitDir: URL

    struct Result {
        let status: Int32
        let output: Data
        var text: String { String(decoding: output, as: UTF8.self) }
        var ok: Bool { status == 0 }
    }

    /// Runs `git --git-dir <repo> args`; `input` is a file for standard input, `sink` a file that
    /// takes the output instead of memory (a large blob served raw).
    @discardableResult
    func run(_ args: [String], environment extra: [String: String] = [:], input: URL? = nil, sink: URL? = nil) -> Result {
        var env = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"] { env[key] = nil }
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_LITERAL_PATHSPECS"] = "1"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        for (k, v) in extra { env[k] = v }
        guard let process = try? Subprocess(["git", "--git-dir", gitDir.path] + args, environment: env,
                                            directory: gitDir, mergeStderr: false, input: input) else {
            return Result(status: -1, output: Data())
        }
        var data = Data()
        if let sink, let handle = try? FileHandle(forWritingTo: sink) {
            process.readOutput { try? handle.write(contentsOf: $0) }
            try? handle.close()
        } else {
            process.readOutput { data.append($0) }
        }
        return Result(status: process.wait(), output: data)
    }

    /// Output as text with the trailing newline trimmed; nil when git failed.
    func text(_ args: [String], environment: [String: String] = [:]) -> String? {
        let r = run(args, environment: environment)
        return r.ok ? r.text.trimmingCharacters(in: .newlines) : nil
    }
}
