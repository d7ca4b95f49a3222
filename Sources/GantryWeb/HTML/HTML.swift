/// Markup for a page. Everything interpolated into it is escaped (`"\(jobName)"` cannot open a
/// tag or leave an attribute) except values that are `HTML` already; the literal parts are the
/// source code's own. This is the only place text becomes markup, so escaping is never forgotten.
/// Attribute values are always written in double quotes, which the escaping covers.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var markup: String

    public init(stringLiteral literal: StaticString) {
        markup = literal.description
    }

    public init(stringInterpolation: StringInterpolation) {
        markup = stringInterpolation.markup
    }

    private init(markup: String) { self.markup = markup }

    public static let empty = HTML(markup: "")

    /// Markup produced outside this type that is known to be safe (an embedded asset, an SVG
    /// drawn from numbers): the one explicit way around escaping. Never pass user text.
    public static func trusted(_ markup: String) -> HTML { HTML(markup: markup) }

    public var description: String { markup }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.markup + rhs.markup) }

    public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) { markup += literal.description }
        public mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }
        public mutating func appendInterpolation(_ text: Substring) { markup += HTML.escape(String(text)) }
        public mutating func appendInterpolation(_ number: Int) { markup += String(number) }
        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }
        public mutating func appendInterpolation(_ html: HTML?) { markup += html?.markup ?? "" }
        public mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { markup += part.markup } }
    }
}

extension Sequence {
    /// One fragment per element, joined: `projects.html { p in "<li>\(p.name)</li>" }`.
    func html(_ each: (Element) throws -> HTML) rethrows -> HTML {
        var out = HTML.empty
        for element in self { out += try each(element) }
        return out
    }
}
