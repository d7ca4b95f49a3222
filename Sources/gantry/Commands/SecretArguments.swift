#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryCommandLine

/// Secrets handed to a long-running command (`--initial-root-token`, `--registration-token`, their
/// environment variables) are read once and then wiped from this process: any local user can
/// read every process's arguments in /proc/PID/cmdline, and children (git, jobs) inherit the
/// environment. `--NAME-file` reads the secret from a file instead, which never shows anywhere.
enum SecretArguments {
    /// The secret from `--name`, `--name-file` or the environment variable, in that order; the
    /// option's value is overwritten in the process's arguments and the variable removed.
    static func take(_ options: Arguments, _ name: String, environment variable: String) throws(Arguments.UsageError) -> String? {
        defer {
            wipeArgument(name)
            wipeEnvironment(variable)
        }
        if let value = options.value(name) { return value }
        if let path = options.value(name + "-file") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Arguments.UsageError(description: "--\(name)-file: cannot read \(path)")
            }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw Arguments.UsageError(description: "--\(name)-file: \(path) is empty") }
            return secret
        }
        return ProcessInfo.processInfo.environment[variable]
    }

    /// Zeroes the value of `--name V` and `--name=V` in argv in place, which is what the kernel
    /// shows in /proc/PID/cmdline.
    static func wipeArgument(_ name: String) {
        let argv = CommandLine.unsafeArgv
        var index = 1
        while index < Int(CommandLine.argc) {
            defer { index += 1 }
            guard let arg = argv[index] else { continue }
            let text = String(cString: arg)
            if text == "--" + name, index + 1 < Int(CommandLine.argc), let value = argv[index + 1] {
                memset(value, 0, strlen(value))
            } else if text.hasPrefix("--\(name)=") {
                let skip = name.utf8.count + 3
                memset(arg + skip, 0, strlen(arg) - skip)
            }
        }
    }

    /// Overwrites the variable's value where the kernel keeps the initial environment
    /// (/proc/PID/environ) and removes it, so that no child process inherits it.
    static func wipeEnvironment(_ variable: String) {
        if let value = getenv(variable) { memset(value, 0, strlen(value)) }
        unsetenv(variable)
    }
}
