import Foundation

/// What bash's and zsh's scripts write alike: quoting, `case` patterns, and the loop that finds
/// the command typed so far.
enum ShellSyntax {
    /// Single-quoted.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// `*' --file'` or `'gantry_run --ref'`.
    static func pattern(_ pattern: CompletionTree.Pattern) -> String {
        pattern.anyCommand ? "*" + quote(" --" + pattern.option) : quote("\(pattern.id) --\(pattern.option)")
    }

    /// Sets `$command` to the id of the command typed so far, reading `array[first..<current]`:
    /// subcommand words descend; an option's value is skipped.
    static func commandLoop(_ tree: CompletionTree, array: String, first: Int, current: String) -> [String] {
        var lines = [
            "    # The command typed so far: subcommand words descend; an option's value is skipped.",
            "    for ((i = \(first); i < \(current); i++)); do",
            "        case \"$command ${\(array)[i]}\" in",
        ]
        for descent in tree.descents {
            lines.append("            \(quote("\(descent.from) \(descent.word)"))) command=\(descent.to) ;;")
        }
        let skipped = tree.patterns(tree.valuedOptions).map(pattern)
        if !skipped.isEmpty { lines.append("            \(skipped.joined(separator: "|"))) ((i++)) ;;") }
        return lines + ["        esac", "    done"]
    }
}
