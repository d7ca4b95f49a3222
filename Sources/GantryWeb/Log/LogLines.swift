import Foundation

/// A piece of a job log as numbered lines: each line a `div` with an anchor (`#L12`), its
/// colours (`AnsiLine`), and the names of the sections it sits in (`data-s`), GitLab's
/// `section_start:<unix time>:<name>[collapsed=true]` / `section_end:<unix time>:<name>` markers
/// becoming a header line with a toggle and the section's duration. The script collapses by
/// those names, and a piece rendered later (a poll, an earlier part) continues from the sections
/// the page has open. Section names are GitLab's `[a-zA-Z0-9_.-]+`; other markers stay text.
struct LogLines {
    /// Sections open at the start of the piece (outermost first); the open ones at its end after `render`.
    var open: [String]
    var line: Int

    private struct Rendered {
        var attributes: HTML
        var text: HTML
        var header: (name: String, started: Int)?
        var duration: String?
    }

    init(open: [String] = [], firstLine: Int) {
        self.open = open
        line = firstLine
    }

    mutating func render(_ bytes: Data) -> HTML {
        var lines: [Rendered] = []
        var style = AnsiLine.Style()
        var openHeaders: [String: Int] = [:]  // section name → index in `lines`, for durations
        // Split as bytes: as Characters, "\r\n" is one and would not split at "\n".
        var pieces = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        for piece in pieces {
            var rest = Substring(String(decoding: piece.last == 0x0D ? piece.dropLast() : piece, as: UTF8.self))
            let outer = open.joined(separator: " ")
            var header: (name: String, started: Int, collapsed: Bool)?
            var ended: [(name: String, at: Int)] = []
            while let marker = LogLines.marker(in: rest) {
                rest = rest[..<marker.range.lowerBound] + rest[marker.range.upperBound...]
                if marker.start {
                    if header == nil { header = (marker.name, marker.time, marker.collapsed) }
                    open.append(marker.name)
                } else if let index = open.lastIndex(of: marker.name) {
                    open.removeSubrange(index...)
                    ended.append((marker.name, marker.time))
                }
            }
            var rendered = Rendered(attributes: "id=\"L\(line)\" data-s=\"\(outer)\"", text: AnsiLine.html(rest[...], style: &style))
            if let header {
                rendered.header = (header.name, header.started)
                rendered.attributes += " data-section=\"\(header.name)\" data-started=\"\(header.started)\"\(header.collapsed ? " data-collapsed" : "")"
                openHeaders[header.name] = lines.count
            }
            for end in ended {
                rendered.attributes += " data-closes=\"\(end.name)\" data-ended=\"\(end.at)\""
                if let index = openHeaders.removeValue(forKey: end.name), let started = lines[index].header?.started {
                    lines[index].duration = LogLines.duration(end.at - started)
                }
            }
            lines.append(rendered)
            line += 1
        }
        var first = line - lines.count
        return lines.html { l in
            defer { first += 1 }
            let toggle: HTML = l.header == nil ? .empty
                : "<button type=\"button\" class=\"toggle\" aria-expanded=\"true\" aria-label=\"Collapse section\">▾</button>"
            let duration: HTML = l.header == nil ? .empty : "<span class=\"section-duration\">\(l.duration ?? "")</span>"
            return "<div class=\"ll\(l.header == nil ? "" : " section-head")\" \(l.attributes)><a class=\"ln\" href=\"#L\(first)\">\(first)</a>\(toggle)<span class=\"lt\">\(l.text)</span>\(duration)</div>\n"
        }
    }

    /// GitLab's duration of a section: `mm:ss`, `h:mm:ss` past an hour.
    static func duration(_ seconds: Int) -> String {
        let s = max(0, seconds)
        let (h, m, r) = (s / 3600, s % 3600 / 60, s % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(r))" : "\(two(m)):\(two(r))"
    }

    struct Marker {
        let range: Range<Substring.Index>
        let start: Bool
        let time: Int
        let name: String
        let collapsed: Bool
    }

    /// The first section marker in `text`, with the `ESC[0K` before it and the `\r ESC[0K` after it.
    static func marker(in text: Substring) -> Marker? {
        var searchFrom = text.startIndex
        while let found = text[searchFrom...].range(of: "section_") {
            searchFrom = found.upperBound
            var cursor = found.upperBound
            let kind = text[cursor...].hasPrefix("start:") ? "start:" : text[cursor...].hasPrefix("end:") ? "end:" : nil
            guard let kind else { continue }
            cursor = text.index(cursor, offsetBy: kind.count)
            let digits = text[cursor...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let time = Int(digits.prefix(18)) else { continue }
            cursor = digits.endIndex
            guard cursor < text.endIndex, text[cursor] == ":" else { continue }
            cursor = text.index(after: cursor)
            let name = text[cursor...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
            guard !name.isEmpty else { continue }
            cursor = name.endIndex
            var collapsed = false
            if kind == "start:", text[cursor...].hasPrefix("["), let close = text[cursor...].firstIndex(of: "]") {
                collapsed = text[cursor...close].contains("collapsed=true")
                cursor = text.index(after: close)
            }
            var lower = found.lowerBound
            if text[..<lower].hasSuffix("\u{1B}[0K") { lower = text.index(lower, offsetBy: -4) }
            if text[cursor...].hasPrefix("\r\u{1B}[0K") { cursor = text.index(cursor, offsetBy: 5) }
            else if text[cursor...].hasPrefix("\r") { cursor = text.index(after: cursor) }
            return Marker(range: lower..<cursor, start: kind == "start:", time: time, name: String(name), collapsed: collapsed)
        }
        return nil
    }
}
