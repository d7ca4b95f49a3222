/// A script line split the way a POSIX shell reads it, far enough for lint: simple commands,
/// the operator after each, and each word with its quotes removed and its byte offset in the line.
/// Expansions are kept as written (`$VAR`, `$(...)`, backticks); nothing is evaluated.
struct ShellCommandLine {
    enum Operator: Equatable {
        case and, or, pipe, semicolon, background, newline, open, close, end
    }

    struct Word {
        var text: String
        /// Byte offset of the word's first character in the line.
        var offset: Int
    }

    struct Command {
        var words: [Word]
        /// What follows the command: `&&`, `||`, `|`, `;`, ...
        var next: Operator

        var offset: Int { words.first?.offset ?? 0 }
    }

    var commands: [Command] = []

    init(_ line: String) {
        let bytes = Array(line.utf8)
        var words: [Word] = []
        var word: [UInt8] = []
        var wordStart = -1
        var i = 0
        let n = bytes.count

        func endWord() {
            if wordStart >= 0 {
                words.append(Word(text: String(decoding: word, as: UTF8.self), offset: wordStart))
            }
            word.removeAll(keepingCapacity: true)
            wordStart = -1
        }
        func endCommand(_ op: Operator) {
            endWord()
            if !words.isEmpty || op == .close {
                if !words.isEmpty { commands.append(Command(words: words, next: op)) }
                else if var last = commands.popLast() {  // `)` after `;`: keep the closing on the last command
                    if last.next == .semicolon || last.next == .newline { last.next = .close }
                    commands.append(last)
                }
            } else if op == .and || op == .or, var last = commands.popLast() {
                // `(a; b) || c`: the operator belongs to the group, i.e. its last command.
                last.next = op
                commands.append(last)
            }
            words.removeAll(keepingCapacity: true)
        }
        func startWord(_ at: Int) { if wordStart < 0 { wordStart = at } }
        /// Copies `$(...)` (starting at the `(`), nesting and quotes respected.
        func copySubstitution() {
            var depth = 0
            while i < n {
                let c = bytes[i]
                word.append(c)
                i += 1
                if c == UInt8(ascii: "(") { depth += 1 }
                else if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { return } }
                else if c == UInt8(ascii: "'") {
                    while i < n { let d = bytes[i]; word.append(d); i += 1; if d == UInt8(ascii: "'") { break } }
                } else if c == UInt8(ascii: "\\"), i < n { word.append(bytes[i]); i += 1 }
            }
        }

        while i < n {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                endWord(); i += 1
            case UInt8(ascii: "\n"):
                endCommand(.newline); i += 1
            case UInt8(ascii: ";"):
                endCommand(.semicolon); i += 1
                while i < n && bytes[i] == UInt8(ascii: ";") { i += 1 }
            case UInt8(ascii: "&"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "&") {
                    endCommand(.and); i += 2
                } else if (word.last == UInt8(ascii: ">") || word.last == UInt8(ascii: "<"))
                            || (i + 1 < n && bytes[i + 1] == UInt8(ascii: ">")) {
                    startWord(i); word.append(c); i += 1  // `2>&1`, `&>file`
                } else {
                    endCommand(.background); i += 1
                }
            case UInt8(ascii: "|"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "|") {
                    endCommand(.or); i += 2
                } else {
                    endCommand(.pipe); i += 1
                    if i < n && bytes[i] == UInt8(ascii: "&") { i += 1 }
                }
            case UInt8(ascii: "("):
                if word.last == UInt8(ascii: "$") || word.last == UInt8(ascii: "<") || word.last == UInt8(ascii: ">") {
                    copySubstitution()
                } else if wordStart < 0 {
                    endCommand(.open); i += 1
                } else {
                    word.append(c); i += 1
                }
            case UInt8(ascii: ")"):
                endCommand(.close); i += 1
            case UInt8(ascii: "`"):
                startWord(i); word.append(c); i += 1
                while i < n {
                    let d = bytes[i]; word.append(d); i += 1
                    if d == UInt8(ascii: "\\"), i < n { word.append(bytes[i]); i += 1 } else if d == UInt8(ascii: "`") { break }
                }
            case UInt8(ascii: "'"):
                startWord(i); i += 1
                while i < n && bytes[i] != UInt8(ascii: "'") { word.append(bytes[i]); i += 1 }
                i += 1
            case UInt8(ascii: "\""):
                startWord(i); i += 1
                while i < n && bytes[i] != UInt8(ascii: "\"") {
                    let d = bytes[i]
                    if d == UInt8(ascii: "\\"), i + 1 < n {
                        let e = bytes[i + 1]
                        if e == UInt8(ascii: "\n") { i += 2; continue }
                        if e == UInt8(ascii: "\"") || e == UInt8(ascii: "\\") || e == UInt8(ascii: "$") || e == UInt8(ascii: "`") {
                            word.append(e); i += 2; continue
                        }
                    }
                    if d == UInt8(ascii: "$"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "(") {
                        word.append(d); i += 1; copySubstitution(); continue
                    }
                    word.append(d); i += 1
                }
                i += 1
            case UInt8(ascii: "\\"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 2; continue }
                startWord(i)
                if i + 1 < n { word.append(bytes[i + 1]) }
                i += 2
            case UInt8(ascii: "#") where wordStart < 0:
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            default:
                startWord(i); word.append(c); i += 1
            }
        }
        endCommand(.end)
    }
}

extension ShellCommandLine.Command {
    /// Words that introduce or close a compound command and are not the command itself.
    private static let keywords: Set<String> = ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "}",
                                                "fi", "done", "time", "exec", "command", "nohup", "builtin"]

    /// The command as it runs: leading keywords (`if`, `then`, ...), variable assignments,
    /// `sudo`/`env` and their options dropped; redirections removed. Empty when nothing runs.
    var program: [ShellCommandLine.Word] {
        var i = 0
        let w = words
        while i < w.count {
            let t = w[i].text
            if Self.keywords.contains(t) { i += 1; continue }
            if Self.isAssignment(t) { i += 1; continue }
            if t == "sudo" || t == "env" {
                i += 1
                while i < w.count, w[i].text.hasPrefix("-") || Self.isAssignment(w[i].text) {
                    // sudo -u USER / env -u NAME take a value.
                    if w[i].text == "-u" || w[i].text == "-g" { i += 1 }
                    i += 1
                }
                continue
            }
            break
        }
        var out: [ShellCommandLine.Word] = []
        out.reserveCapacity(w.count - i)
        var skipNext = false
        while i < w.count {
            let t = w[i].text
            i += 1
            if skipNext { skipNext = false; continue }
            if let kind = Self.redirection(t) {
                if kind == .operatorOnly { skipNext = true }
                continue
            }
            out.append(w[i - 1])
        }
        return out
    }

    static func isAssignment(_ t: String) -> Bool {
        guard let eq = t.utf8.firstIndex(of: UInt8(ascii: "=")), eq != t.utf8.startIndex else { return false }
        return t.utf8[..<eq].allSatisfy { b in
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
        } && !(t.utf8.first! >= 0x30 && t.utf8.first! <= 0x39)
    }

    private enum Redirection { case operatorOnly, withTarget }

    /// `>`, `2>`, `>>` (target in the next word) or `>file`, `2>&1`, `<input` (target included).
    private static func redirection(_ t: String) -> Redirection? {
        let u = Array(t.utf8)
        var j = 0
        while j < u.count && u[j] >= 0x30 && u[j] <= 0x39 { j += 1 }
        if j < u.count && u[j] == UInt8(ascii: "&") && j == 0 { j += 1 }  // &>
        guard j < u.count, u[j] == UInt8(ascii: ">") || u[j] == UInt8(ascii: "<") else { return nil }
        j += 1
        while j < u.count && (u[j] == UInt8(ascii: ">") || u[j] == UInt8(ascii: "<") || u[j] == UInt8(ascii: "&")
                              || u[j] == UInt8(ascii: "|")) { j += 1 }
        return j == u.count ? .operatorOnly : .withTarget
    }
}

/// The tool a command runs, through the wrappers Python projects use: `python -m twine`,
/// `poetry run twine`, `uv run`, `uvx`, `pipx run`, `.venv/bin/twine`.
struct ToolInvocation {
    /// The tool's name (`twine`, `poetry`), without its directory.
    var tool: String
    /// The words after the tool's name.
    var arguments: [String]
    /// Where the command starts in its line.
    var offset: Int

    init(tool: String, arguments: [String], offset: Int) {
        self.tool = tool
        self.arguments = arguments
        self.offset = offset
    }

    /// The tool of a command whose `program` words are given.
    init?(program words: [ShellCommandLine.Word]) {
        guard let first = words.first, let found = Self.resolve(words.map { $0.text }[...], offset: first.offset) else { return nil }
        self = found
    }

    private static let runners: [String: Set<String>] = ["poetry": ["run"], "uv": ["run", "tool"], "pipx": ["run"],
                                                         "hatch": ["run"], "pdm": ["run"], "uvx": []]
    private static let runnerValued: Set<String> = ["--with", "--from", "--python", "-p", "--spec", "--env", "-e"]

    private static func resolve(_ words: ArraySlice<String>, offset: Int) -> ToolInvocation? {
        guard let first = words.first else { return nil }
        let name = basename(first)
        var rest = words.dropFirst()
        if isPython(name) {
            // python [-u -X opt ...] -m MODULE args
            while let w = rest.first, w.hasPrefix("-"), w != "-m" {
                rest = rest.dropFirst()
                if w == "-X" || w == "-W" { rest = rest.dropFirst() }
            }
            guard rest.first == "-m", rest.count >= 2 else {
                return ToolInvocation(tool: name, arguments: Array(words.dropFirst()), offset: offset)
            }
            return resolve(rest.dropFirst(), offset: offset)
        }
        if let sub = runners[name] {
            var r = rest
            if name == "uv" && r.first == "tool" { r = r.dropFirst() }  // uv tool run X
            if name == "uvx" || r.first.map(sub.contains) == true {
                if name != "uvx" { r = r.dropFirst() }
                while let w = r.first, w.hasPrefix("-") {
                    r = r.dropFirst()
                    if runnerValued.contains(w) { r = r.dropFirst() }
                }
                if let inner = resolve(r, offset: offset) { return inner }
            }
        }
        return ToolInvocation(tool: name, arguments: Array(rest), offset: offset)
    }

    static func basename(_ word: String) -> String {
        let u = word.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")) else { return word }
        return String(Substring(u[u.index(after: slash)...]))
    }

    /// Names that may start an upload, directly or through a runner (`poetry run twine`, `uvx`).
    static let publishers: Set<String> = ["twine", "poetry", "uv", "uvx", "flit", "hatch", "pdm", "pipx"]

    /// `python`, `python3`, `python3.11`.
    static func isPython(_ name: String) -> Bool {
        guard name.hasPrefix("python") else { return false }
        return name.dropFirst(6).allSatisfy { $0 == "." || $0.isNumber }
    }

    /// The first argument that is not an option (a subcommand), skipping the values of the given options.
    func subcommand(valued: Set<String> = []) -> (String, Int)? {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a.hasPrefix("-") {
                if valued.contains(a) { i += 1 }
                i += 1
                continue
            }
            return (a, i)
        }
        return nil
    }
}
