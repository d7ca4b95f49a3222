#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// git look-ups for workspaces and untracked files: posix_spawn, output collected, nil on failure.
enum Git {
    static func run(_ args: [String], in directory: URL) -> String? {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        guard let process = try? Subprocess(["git"] + args, environment: env, directory: directory, mergeStderr: false) else { return nil }
        var data = Data()
        process.readOutput { data.append($0) }
        guard process.wait() == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Output split into entries (NUL-separated with `-z`).
    static func lines(_ args: [String], in directory: URL, nul: Bool = false) -> [String] {
        guard let out = run(args, in: directory) else { return [] }
        return out.split(separator: nul ? "\0" : "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Files git does not track, ignored ones included, as GitLab's `untracked: true` takes them.
    static func untrackedFiles(in directory: URL) -> [String] {
        lines(["ls-files", "--others", "-z"], in: directory, nul: true)
    }
}
