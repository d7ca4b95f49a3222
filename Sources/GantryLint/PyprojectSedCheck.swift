import Foundation

/// Check 2: `sed -i "s/name = \".*\"/…/" pyproject.toml`. Without `^` and an address the pattern
/// hits every line that contains the key, in any table (`authors = [{name = "…"`, dependency
/// and tool tables, `python_version = "…"`), and `".*"` runs to the last quote on the line.
enum PyprojectSedCheck {
    /// The path to read for a sed file operand, relative to the project; nil when it depends on
    /// a variable other than CI_PROJECT_DIR.
    static func projectPath(_ operand: String) -> String? {
        var path = operand
        for prefix in ["$CI_PROJECT_DIR/", "${CI_PROJECT_DIR}/"] where path.hasPrefix(prefix) {
            path = String(path.dropFirst(prefix.count))
        }
        while path.hasPrefix("./") { path = String(path.dropFirst(2)) }
        guard !path.contains("$"), !path.hasPrefix("/"), !path.contains("..") else { return nil }
        return path
    }

    /// A TOML key edit: the key the pattern starts with, and whether `^` anchors it.
    struct KeyPattern {
        var key: String
        var anchored: Bool
    }

    static func keyPattern(_ pattern: String) -> KeyPattern? {
        var p = Substring(pattern)
        let anchored = p.hasPrefix("^")
        if anchored { p = p.dropFirst() }
        // Leading blanks: ` *`, `[ \t]*`, `\s*`, `[[:space:]]*`.
        for lead in ["[[:space:]]*", "[[:blank:]]*", "[ \\t]*", "\\s*", " *"] where p.hasPrefix(lead) {
            p = p.dropFirst(lead.count)
        }
        let key = p.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "\"" || $0 == "'" }
        guard !key.isEmpty, key.contains(where: \.isLetter) else { return nil }
        var rest = p.dropFirst(key.count)
        for blank in ["[[:space:]]*", "[ \\t]*", "\\s*", " *", "\\s+", " "] {
            while rest.hasPrefix(blank) { rest = rest.dropFirst(blank.count) }
        }
        guard rest.hasPrefix("=") else { return nil }
        return KeyPattern(key: String(key), anchored: anchored)
    }

    /// The warnings for one `s` command of a `sed -i` on `file`; `lines` are the file's lines when
    /// the project has it.
    static func problems(_ s: SedInvocation.Substitution, extended: Bool, file: String, lines: [Substring]?,
                         regex: (String) -> NSRegularExpression?) -> [String] {
        guard !s.hasAddress, let key = keyPattern(s.pattern) else { return [] }
        // `\"` in a sed pattern is a plain quote.
        let pattern = s.pattern.replacingOccurrences(of: "\\\"", with: "\"")
        let greedy = pattern.contains("\".*\"")
        let shown = "`s/\(s.pattern)/…/`"
        let bareKey = key.key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))

        var matches: [(number: Int, text: Substring, table: String, range: NSRange)] = []
        /// Whether the file was read and the pattern matched against it.
        var fileChecked = false
        if let lines, let icu = SedRegex.icuPattern(pattern, extended: extended), let re = regex(icu) {
            fileChecked = true
            var table = ""
            for (index, line) in lines.enumerated() {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.hasPrefix("[") { table = String(trimmed.prefix { $0 != "#" }).trimmingCharacters(in: .whitespaces) }
                let text = String(line)
                if let m = re.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
                    matches.append((index + 1, line, table, m.range))
                }
            }
        }

        var out: [String] = []
        // Which match is the line the author means: the key at the start of its line, in [project]
        // or [tool.poetry] for name and version.
        let keyLines = matches.filter { startsWithKey($0.text, key.key) }
        let preferred = ["[project]", "[tool.poetry]"]
        let intended = keyLines.first { preferred.contains($0.table) } ?? keyLines.first
        let others = matches.filter { $0.number != intended?.number }
        let fix = suggestion(key: key.key, table: intended.map(\.table).flatMap { $0.isEmpty ? nil : $0 })
        let describe = { (m: (number: Int, text: Substring, table: String, range: NSRange)) -> String in
            "line \(m.number) (`\(excerpt(m.text))`\(m.table.isEmpty || m.table == intended?.table ? "" : " in \(m.table)"))"
        }
        let more = { (list: [(number: Int, text: Substring, table: String, range: NSRange)]) -> String in
            list.count <= 1 ? "" : " and \(list.count - 1) more (line\(list.count > 2 ? "s" : "") "
                + list.dropFirst().prefix(5).map { String($0.number) }.joined(separator: ", ")
                + (list.count > 6 ? ", …" : "") + ")"
        }

        if !key.anchored {
            var message = "sed pattern \(shown) is not anchored to the start of a line or limited to a table, so it "
            if let first = others.first {
                message += "rewrites more of \(file) than `\(bareKey)`"
                if let intended { message += " (line \(intended.number))" }
                message += ": it also matches \(describe(first))\(more(others)). "
            } else if let intended {
                message += "rewrites any line of \(file) that contains `\(key.key) =`: today only line \(intended.number) "
                    + "matches, but \(laterVictims(bareKey)) would be rewritten too. "
            } else {
                message += "rewrites every line of \(file) that contains `\(key.key) =`, in any table: "
                    + "\(laterVictims(bareKey)), not only the key it means. "
            }
            out.append(message + fix)
        } else if !others.isEmpty, intended != nil {
            out.append("sed pattern \(shown) is not limited to a table: besides line \(intended!.number) it also "
                       + "matches \(describe(others[0]))\(more(others)) of \(file). " + fix)
        }

        if greedy {
            // Where `".*"` reaches past the value's closing quote: compare with `"[^"]*"`.
            let tight = pattern.replacingOccurrences(of: "\".*\"", with: "\"[^\"]*\"")
            var eaten: (Int, String, String)? = nil
            if fileChecked, let icu = SedRegex.icuPattern(tight, extended: extended), let re = regex(icu) {
                for m in matches {
                    let text = String(m.text)
                    let ns = text as NSString
                    guard let t = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)),
                          t.range != m.range else { continue }
                    eaten = (m.number, ns.substring(with: m.range), ns.substring(with: t.range))
                    break
                }
                if let (number, long, short) = eaten {
                    out.append("`\".*\"` in sed pattern \(shown) is greedy: on line \(number) of \(file) it runs to the "
                               + "last `\"` of the line and replaces `\(excerpt(long))` instead of `\(excerpt(short))`. "
                               + "Write `\"[^\"]*\"` to stop at the value's closing quote")
                }
            } else if !key.anchored {
                out.append("`\".*\"` in sed pattern \(shown) is greedy: on a line with more than one quoted string, "
                           + "such as an inline table `{name = \"…\", email = \"…\"}`, it runs to the last `\"` and "
                           + "replaces everything up to it. Write `\"[^\"]*\"` to stop at the value's closing quote")
            }
        }
        return out
    }

    static func startsWithKey(_ line: Substring, _ key: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix(key) else { return false }
        return trimmed.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }.hasPrefix("=")
    }

    static func laterVictims(_ key: String) -> String {
        switch key {
        case "name":
            return "an inline table such as `authors = [{name = \"…\", email = \"…\"}]`, a `[[tool.poetry.source]]` name "
                + "or a dependency table's name"
        case "version":
            return "`python_version = \"…\"` (mypy), `target-version`, a dependency's `{version = \"…\"}`"
        default:
            return "a key ending in `\(key)`, an inline table or the same key in another table"
        }
    }

    /// What to write instead: Gantry's editor for name and version, else an anchored edit limited
    /// to the key's table (`table` as the file has it, when known).
    static func suggestion(key: String, table: String?) -> String {
        let bare = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        let header = table ?? ((bare == "name" || bare == "version") ? "[project]" : "[TABLE]")
        var escaped = ""
        for c in header {
            if c == "[" || c == "]" || c == "." { escaped += "\\" }
            escaped.append(c)
        }
        let quote = key.hasPrefix("'") ? "'\\''" : ""
        let sedKey = quote.isEmpty ? key : key.replacingOccurrences(of: "'", with: quote)
        let anchored = "sed -i '/^\(escaped)/,/^\\[/ s/^\(sedKey) = \"[^\"]*\"/\(sedKey) = \"…\"/' pyproject.toml"
        let limit = "or anchor the key and limit the edit to its table: `\(anchored)`"
        switch bare.lowercased() {
        case "name":
            return "Use `gantry python version --write --set-name NAME`, which edits only the `name` of [project] "
                + "(or [tool.poetry]), \(limit)"
        case "version":
            return "Use `gantry python version --write`, which sets only the `version` of [project] (or "
                + "[tool.poetry]) from the release tag, or a dev version from the pipeline ID, \(limit)"
        case "homepage":
            return "Use `gantry python version --write --set-homepage URL`, which edits only the home page of "
                + "[project.urls] (or [tool.poetry]), \(limit)"
        default:
            return "Anchor the key and limit the edit to its table: `\(anchored)`"
        }
    }
}
