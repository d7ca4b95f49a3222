import Foundation
import GantryHTTP

/// Which form of a simple-index page a client gets (PEP 691 content negotiation): the JSON API
/// when its `Accept` header prefers `application/vnd.pypi.simple.v1+json` (pip and uv ask for it
/// first), else PEP 503 HTML. `?format=<media type>` overrides the header, as PEP 691 allows.
enum SimpleIndexFormat: Hashable, Sendable {
    case json
    /// HTML asked for by its versioned media type, answered with that type.
    case versionedHTML
    case html

    static let jsonType = "application/vnd.pypi.simple.v1+json"
    static let versionedHTMLType = "application/vnd.pypi.simple.v1+html"

    var contentType: String {
        switch self {
        case .json: Self.jsonType
        case .versionedHTML: Self.versionedHTMLType
        case .html: "text/html; charset=utf-8"
        }
    }

    init(_ request: HTTPRequest) {
        self = Self.negotiate(request.query("format") ?? request.header("Accept"))
    }

    /// The media types an `Accept` header accepts (those with a `q` above 0), lower-cased.
    static func acceptedTypes(_ accept: String) -> Set<String> {
        Set(mediaRanges(accept).filter { $0.q > 0 }.map(\.type))
    }

    /// Each media range of an `Accept` header, lower-cased, with its `q` (1 when not given).
    private static func mediaRanges(_ accept: String) -> [(type: String, q: Double)] {
        accept.split(separator: ",").compactMap { item in
            let pieces = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = pieces.first?.lowercased() else { return nil }
            let q = pieces.dropFirst().first { $0.lowercased().hasPrefix("q=") }.map { Double($0.dropFirst(2)) ?? 0 } ?? 1
            return (type, q)
        }
    }

    /// The acceptable type with the highest `q` (the first listed among equals); HTML when the
    /// header is missing or names nothing this index serves.
    static func negotiate(_ accept: String?) -> SimpleIndexFormat {
        guard let accept, !accept.isEmpty else { return .html }
        var best: (format: SimpleIndexFormat, q: Double)?
        for (type, q) in mediaRanges(accept) {
            let format: SimpleIndexFormat
            switch type {
            case jsonType, "application/vnd.pypi.simple.latest+json": format = .json
            case versionedHTMLType, "application/vnd.pypi.simple.latest+html": format = .versionedHTML
            case "text/html", "text/*", "*/*": format = .html
            default: continue
            }
            if q > 0, q > (best?.q ?? 0) { best = (format, q) }
        }
        return best?.format ?? .html
    }
}
