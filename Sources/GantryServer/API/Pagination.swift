import GantryHTTP

/// GitLab's offset pagination: `page` and `per_page` (default 20, at most 100) in, `X-Page`,
/// `X-Per-Page`, `X-Total`, `X-Total-Pages`, `X-Next-Page`, `X-Prev-Page` and `Link` out.
/// Any integer is taken, as Kaminari takes it: below 1 is the first page, a page past the end is
/// an empty list, and a number too large for 64 bits is simply past the end. A value that is not an
/// integer is Grape's 400 (`{"error":"page is invalid"}`), see `PaginationCheck`.
struct Pagination: Sendable {
    let page: Int
    let perPage: Int

    init(_ params: APIParams) {
        page = max(1, Pagination.integer(params["page"]) ?? 1)
        perPage = min(100, max(1, Pagination.integer(params["per_page"]) ?? 20))
    }

    /// How many items come before this page; saturates instead of overflowing (the page is then
    /// past any end, and empty).
    var offset: Int {
        let (product, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        return overflow ? Int.max : product
    }

    /// An integer as Grape coerces one: digits with an optional sign; beyond 64 bits it saturates.
    static func integer(_ text: String?) -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), isInteger(text) else { return nil }
        if let value = Int(text) { return value }
        return text.hasPrefix("-") ? Int.min : Int.max
    }

    static func isInteger(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    func headers(total: Int, request: HTTPRequest, baseURL: String) -> [(String, String)] {
        let pages = max(1, total / perPage + (total % perPage == 0 ? 0 : 1))
        var headers: [(String, String)] = [
            ("X-Page", String(page)), ("X-Per-Page", String(perPage)), ("X-Total", String(total)),
            ("X-Total-Pages", String(pages)),
            ("X-Next-Page", page < pages ? String(page + 1) : ""), ("X-Prev-Page", page > 1 ? String(page - 1) : ""),
        ]
        func link(_ p: Int, _ rel: String) -> String {
            var query = request.query.filter { $0.0 != "page" && $0.0 != "per_page" }
            query.append(("page", String(p)))
            query.append(("per_page", String(perPage)))
            let text = query.map { "\(PercentEncoding.encodeQueryComponent($0.0))=\(PercentEncoding.encodeQueryComponent($0.1))" }
                .joined(separator: "&")
            return "<\(baseURL)\(request.path)?\(text)>; rel=\"\(rel)\""
        }
        var links: [String] = []
        if page > 1 { links.append(link(page - 1, "prev")) }
        if page < pages { links.append(link(page + 1, "next")) }
        links.append(link(1, "first"))
        links.append(link(pages, "last"))
        headers.append(("Link", links.joined(separator: ", ")))
        return headers
    }
}

extension Pagination {
    /// Grape's answer when `page` or `per_page` is not an integer, as GitLab gives it before any
    /// route runs: `{"error":"page is invalid"}` (both named when both are wrong); nil when fine.
    static func refusal(_ request: HTTPRequest) -> HTTPResponse? {
        let wrong = ["page", "per_page"].filter { name in request.query(name).map { !isInteger($0.trimmingCharacters(in: .whitespaces)) } ?? false }
        guard !wrong.isEmpty else { return nil }
        return .json(status: 400, .object([("error", .string(wrong.map { "\($0) is invalid" }.joined(separator: ", ")))]))
    }
}

extension Pagination {
    /// GitLab's instance limit on offset pagination (`max_offset_pagination_limit`), enforced
    /// where GitLab has keyset pagination instead: the project list.
    static let maximumOffset = 50_000

    /// GitLab's 405 for a page reaching past `maximumOffset` of a list of `type`; nil when fine.
    func offsetRefusal(type: String) -> APIError? {
        let (end, overflow) = offset.addingReportingOverflow(perPage)
        guard overflow || end > Self.maximumOffset else { return nil }
        var e = APIError(405, "offset pagination limit")
        e.body = .object([("error", .string("Offset pagination has a maximum allowed offset of \(Self.maximumOffset) for requests that "
                                              + "return objects of type \(type). Remaining records can be retrieved using keyset pagination."))])
        return e
    }
}
