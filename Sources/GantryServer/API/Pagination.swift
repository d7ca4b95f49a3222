import GantryHTTP

/// GitLab's offset pagination: `page` and `per_page` (default 20, at most 100) in, `X-Page`,
/// `X-Per-Page`, `X-Total`, `X-Total-Pages`, `X-Next-Page`, `X-Prev-Page` and `Link` out.
struct Pagination: Sendable {
    let page: Int
    let perPage: Int

    init(_ params: APIParams) {
        page = max(1, params.int("page") ?? 1)
        perPage = min(100, max(1, params.int("per_page") ?? 20))
    }

    func headers(total: Int, request: HTTPRequest, baseURL: String) -> [(String, String)] {
        let pages = max(1, (total + perPage - 1) / perPage)
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
