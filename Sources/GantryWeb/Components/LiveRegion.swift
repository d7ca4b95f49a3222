import Foundation
import GantryCrypto
import GantryHTTP

/// A part of a page that follows the server without a reload: the page draws it with
/// `data-live` (its own URL) and `data-version` (a digest of its markup); the script asks the
/// same URL with `?live=<version>`, and the server answers as soon as the part's markup differs
/// (checked every second), or with 204 after a while, after which the script asks again. A
/// long-poll on the page's own route: the same access checks, no second renderer.
enum LiveRegion {
    /// How long one poll waits for a change before answering 204.
    static let wait: TimeInterval = 20

    /// The region's markup, wrapped: `render` is the part without its wrapper.
    static func wrap(_ request: HTTPRequest, label: String, _ inner: HTML) -> HTML {
        "<div data-live=\"\(request.path)\(query(request))\" data-version=\"\(version(inner))\" aria-live=\"polite\" aria-label=\"\(label)\">\(inner)</div>"
    }

    /// Nil when the request is not a poll; else the poll's answer.
    static func answer(_ request: HTTPRequest, label: String, _ render: () throws -> HTML) throws -> HTTPResponse? {
        guard let known = request.query("live") else { return nil }
        let deadline = Date().addingTimeInterval(wait)
        while true {
            let inner = try render()
            let current = version(inner)
            if current != known {
                return .html(wrap(request, label: label, inner), headers: [("X-Live-Version", current)])
            }
            if Date() >= deadline { return .empty(status: 204, headers: [("Cache-Control", "no-store")]) }
            Thread.sleep(forTimeInterval: 1)
        }
    }

    static func version(_ inner: HTML) -> String {
        let digest = SHA256Digest()
        digest.update(inner.markup)
        return String(digest.finalizeHex().prefix(16))
    }

    /// The page's own query without `live`, so that the region keeps its filters and page.
    private static func query(_ request: HTTPRequest) -> String {
        let kept = request.query.filter { $0.0 != "live" }
        guard !kept.isEmpty else { return "" }
        return "?" + kept.map { "\(PercentEncoding.encodeQueryComponent($0.0))=\(PercentEncoding.encodeQueryComponent($0.1))" }
            .joined(separator: "&")
    }
}
