import Foundation
import GantryHTTP

/// A request's parameters as GitLab's API takes them: the query string, then a JSON or
/// form-encoded body (python-gitlab sends JSON, curl users send forms); body values win.
struct APIParams: Sendable {
    private var values: [String: String] = [:]
    /// `variables` of `POST /pipeline`: a list of `{key, value}` objects.
    private(set) var variables: [(key: String, value: String, type: String)] = []

    init(_ request: HTTPRequest) {
        for (k, v) in request.query { values[k] = v }
        let type = request.header("Content-Type")?.lowercased() ?? ""
        guard let data = try? request.bodyData(), !data.isEmpty else { return }
        if type.hasPrefix("application/json") || data.first == UInt8(ascii: "{") {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
            for (k, v) in object {
                switch v {
                case let s as String: values[k] = s
                case let b as Bool where Swift.type(of: v) == Bool.self:
                    values[k] = b ? "true" : "false"
                case let n as NSNumber:
                    values[k] = n.stringValue
                case let list as [[String: Any]] where k == "variables":
                    variables = list.compactMap { item in
                        guard let key = item["key"] as? String else { return nil }
                        return (key, item["value"].map { "\($0)" } ?? "", item["variable_type"] as? String ?? "env_var")
                    }
                case let list as [Any]:
                    values[k] = list.map { "\($0)" }.joined(separator: ",")
                case let nested as [String: Any]:
                    // `{"filter": {"environment_scope": "x"}}`, the JSON spelling of `filter[environment_scope]=x`;
                    // numbers too (a runner's `{"output": {"bytesize": 123}}`).
                    for case let (sub, text as String) in nested { values["\(k)[\(sub)]"] = text }
                    for case let (sub, number as NSNumber) in nested { values["\(k)[\(sub)]"] = number.stringValue }
                default: break
                }
            }
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            var indexed: [Int: (key: String?, value: String?)] = [:]
            for (k, v) in PercentEncoding.parseQuery(String(decoding: data, as: UTF8.self)) {
                // variables[][key]=X&variables[][value]=Y, the form spelling of the list.
                if k == "variables[][key]" { indexed[indexed.count] = (v, nil); continue }
                if k == "variables[][value]", let last = indexed.keys.max() { indexed[last]?.value = v; continue }
                values[k] = v
            }
            variables = indexed.keys.sorted().compactMap { i in
                indexed[i]?.key.map { ($0, indexed[i]?.value ?? "", "env_var") }
            }
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    func int(_ name: String) -> Int? { values[name].flatMap { Int($0) } }

    func bool(_ name: String) -> Bool? {
        guard let v = values[name]?.lowercased() else { return nil }
        return v == "true" || v == "1" || v == "yes"
    }
}
