#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// git look-ups for workspaces, untracked files and the server's bare repositories: posix_spawn,
/// output collected, nil on failure.
public enum Git {
    /// `trim: false` keeps the output as git wrote it (file contents, NUL-separated lists).
    public static func run(_ args: [String], in directory: URL, trim: Bool = true) -> String? {
        guard let data = output(args, in: directory) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return trim ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
    }

    /// The bytes git wrote, undecoded (file contents that may not be UTF-8).
    public static func output(_ args: [String], in directory: URL) -> Data? {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        guard let process = try? Subprocess(["git"] + args, environment: env, directory: directory, mergeStderr: false) else { return nil }
        var data = Data()
        process.readOutput { data.append($0) }
        guard process.wait() == 0 else { return nil }
        return data
    }

    /// Output split into entries (NUL-separated with `-z`).
    static func lines(_ args: [String], in directory: URL, nul: Bool = false) -> [String] {
        guard let out = run(args, in: directory) else { return [] }
        return out.split(separator: nul ? "\0" : "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Files git does not track, ignored ones included, as GitLab's `untracked: true` takes them.
    /// The job wrote the workspace's `.git/config`: its `core.fsmonitor` must not run here, and a
    /// `core.worktree` pointing elsewhere is not followed. In this process (libgit2) when it opens
    /// the copy as the workspace itself; else (a copy a `--run-as` user owns) through git.
    static func untrackedFiles(in directory: URL) -> [String] {
        if let repository = try? GitRepository.open(directory, search: false), let top = repository.workingDirectory,
           LocalSource.samePath(top.path, directory.path), let files = try? repository.untrackedFiles() {
            return files
        }
        return lines(["-c", "core.fsmonitor=false", "-c", "core.worktree=" + directory.path, "ls-files", "--others", "-z"],
                     in: directory, nul: true)
    }
}
