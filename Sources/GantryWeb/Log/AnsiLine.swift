/// One log line's text with its terminal colours: SGR escapes (`ESC[1;31m`) become spans with
/// classes (`term-fg-1`, `term-bold`; the pages' CSP allows no inline style), every other
/// escape and control character is dropped, and a carriage return keeps what was written after
/// it (a progress bar shows its last state). The text is escaped by `HTML`, the classes are ours.
struct AnsiLine {
    struct Style: Equatable {
        var foreground: Int?
        var background: Int?
        var bold = false
        var italic = false
        var underline = false

        var classes: String {
            var names: [String] = []
            if let foreground { names.append("term-fg-\(foreground)") }
            if let background { names.append("term-bg-\(background)") }
            if bold { names.append("term-bold") }
            if italic { names.append("term-italic") }
            if underline { names.append("term-underline") }
            return names.joined(separator: " ")
        }

        /// Applies an SGR parameter list (`1;31`, `38;5;9`, `` = reset).
        mutating func apply(_ parameters: String) {
            var codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            if codes.isEmpty { codes = [0] }
            var i = 0
            while i < codes.count {
                let code = codes[i]
                switch code {
                case 0: self = Style()
                case 1: bold = true
                case 3: italic = true
                case 4: underline = true
                case 22: bold = false
                case 23: italic = false
                case 24: underline = false
                case 30...37: foreground = code - 30
                case 90...97: foreground = code - 90 + 8
                case 39: foreground = nil
                case 40...47: background = code - 40
                case 100...107: background = code - 100 + 8
                case 49: background = nil
                case 38, 48:
                    // 256 colours: the 16 basic ones keep their class, others have none; 24-bit: none.
                    if i + 2 < codes.count, codes[i + 1] == 5 {
                        let colour = codes[i + 2] < 16 ? codes[i + 2] : nil
                        if code == 38 { foreground = colour } else { background = colour }
                        i += 2
                    } else if i + 4 < codes.count, codes[i + 1] == 2 {
                        i += 4
                    }
                default: break
                }
                i += 1
            }
        }
    }

    /// The line's markup; `style` is the style at its start and becomes the style at its end.
    static func html(_ text: Substring, style: inout Style) -> HTML {
        var visible = text
        if let cr = visible.lastIndex(of: "\r") { visible = visible[visible.index(after: cr)...] }
        var out = HTML.empty
        var run = ""
        var runStyle = style
        func flush() {
            guard !run.isEmpty else { return }
            let classes = runStyle.classes
            out += classes.isEmpty ? "\(run)" : "<span class=\"\(classes)\">\(run)</span>"
            run = ""
        }
        var scalars = visible.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\u{1B}" {
                guard let kind = scalars.first else { break }
                scalars = scalars.dropFirst()
                if kind == "[" {
                    // CSI: parameters, then one final byte in @...~.
                    var parameters = ""
                    while let next = scalars.popFirst() {
                        if (0x40...0x7E).contains(next.value) {
                            if next == "m" {
                                style.apply(parameters)
                                if style != runStyle { flush(); runStyle = style }
                            }
                            break
                        }
                        parameters.unicodeScalars.append(next)
                    }
                } else if kind == "]" {
                    // OSC (window titles, hyperlinks): up to BEL or ESC \.
                    while let next = scalars.popFirst(), next != "\u{07}", next != "\u{1B}" {}
                }
                continue
            }
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { continue }
            run.unicodeScalars.append(scalar)
        }
        flush()
        return out
    }
}
