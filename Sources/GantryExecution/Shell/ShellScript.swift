/// The bash script a job's commands become, as GitLab's runner writes it for its bash shell:
/// stop at the first failing command (`set -eo pipefail`), echo each command as `$ command` in
/// green before running it, and keep multi-line commands whole.
public enum ShellScript {
    public static func build(_ commands: [String], prologue: [String] = []) -> String {
        var out = "set -eo pipefail\nset +o noclobber\n"
        for line in prologue { out += line + "\n" }
        for command in commands {
            let shown = command.contains("\n")
                ? String(command.prefix(while: { $0 != "\n" })) + " # collapsed multi-line command"
                : command
            out += "printf '%s\\n' \(quote("\u{1B}[32;1m$ \(shown)\u{1B}[0;m"))\n"
            out += command + "\n"
        }
        return out
    }

    /// A bash `$'...'` literal that reproduces `text` exactly.
    public static func quote(_ text: String) -> String {
        var out = "$'"
        for u in text.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            default:
                if u.value < 0x20 { out += "\\x" + String(u.value, radix: 16) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "'"
    }
}
