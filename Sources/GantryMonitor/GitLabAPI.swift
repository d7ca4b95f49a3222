import Foundation
import GantryHTTP

/// GET requests to a server's v4 API over the shared `HTTPClient`, whose pooled curl handles keep
/// their connections between requests (and between refreshes in watch mode).
struct GitLabAPI: Sendable {
    let server: GitLabServer
    let client: HTTPClient

    struct Answer {
        let status: Int
        let json: Any?
        let response: HTTPClientResponse

        /// GitLab's pagination headers: the page count when the server gives it (not above 10,000 rows).
        var totalPages: Int? { response.header("X-Total-Pages").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        var nextPage: Int? { response.header("X-Next-Page").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    }

    /// `path` below `/api/v4`, query already encoded. Throws `.connection` when no answer came.
    func get(_ path: String, _ query: [(String, String)] = []) throws(MonitorError) -> Answer {
        let encoded = query.map { "\($0.0)=\(PercentEncoding.encodeQueryComponent($0.1))" }.joined(separator: "&")
        let url = server.url + "/api/v4" + path + (encoded.isEmpty ? "" : "?" + encoded)
        let response: HTTPClientResponse
        do {
            response = try client.send(HTTPClientRequest(url: url, headers: server.headers + [("Accept", "application/json")], timeout: 30))
        } catch {
            throw .connection("cannot reach \(server.url): \(error)")
        }
        return Answer(status: response.status, json: try? JSONSerialization.jsonObject(with: response.body), response: response)
    }

    /// An answer that must be 200, with a message naming what was asked for otherwise.
    func getOK(_ path: String, _ query: [(String, String)] = [], what: String) throws(MonitorError) -> Answer {
        let answer = try get(path, query)
        switch answer.status {
        case 200: return answer
        case 401: throw .connection("\(server.url) refused the token (401): give --token, GITLAB_TOKEN or a private_token in the python-gitlab config")
        case 403: throw .connection("\(server.url): not allowed to read \(what) (403)")
        case 404: throw .usage("\(server.url): \(what) not found, or not visible with this token (404)")
        default:
            let message = (answer.json as? [String: Any]).flatMap { ($0["message"] ?? $0["error"]).map { "\($0)" } } ?? answer.response.text.prefix(200).description
            throw .connection("\(server.url) answered \(answer.status) for \(what): \(message)")
        }
    }

    /// `:id` in a path: a number as it is, a full path URL-encoded (`group%2Fsub`).
    static func id(_ idOrPath: String) -> String {
        PercentEncoding.encodeQueryComponent(idOrPath)
    }
}
