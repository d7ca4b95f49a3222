/// Plain-text layout for help pages: words wrapped at a fixed width (help is the same on every
/// terminal, so tests can check it exactly) and two-column rows.
enum TextColumns {
    static let width = 100
    /// A left column wider than this puts its help on the next line.
    static let maxLeft = 28

    /// `words` joined by spaces after `head`, wrapped so no line passes `width`; continuation
    /// lines start at `indent`.
    static func wrap(_ words: [String], after head: String, indent: Int) -> String {
        var lines: [String] = []
        var line = head
        for word in words {
            let fits = line.count + 1 + word.count <= width
            if line.count > indent && !line.hasSuffix(" ") && !fits {
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
            } else {
                line += (line.isEmpty || line.hasSuffix(" ") ? "" : " ") + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Rows `  LEFT   help`, the help wrapped under itself, in a column wide enough for the
    /// left words of `page` (every section of a page lines up).
    static func rows(_ rows: [(left: String, help: String)], alignedWith page: [(left: String, help: String)]) -> String {
        let column = 2 + min(page.map(\.left.count).max() ?? 0, maxLeft) + 2
        return rows.map { row in
            let words = row.help.split(separator: " ").map(String.init)
            if 2 + row.left.count + 2 > column {
                return "  \(row.left)\n" + wrap(words, after: String(repeating: " ", count: column), indent: column)
            }
            let head = "  " + row.left + String(repeating: " ", count: column - 2 - row.left.count)
            return wrap(words, after: head, indent: column)
        }.joined(separator: "\n")
    }
}
