import Foundation
import GantryHTTP
import GantryPipeline

/// JSON bodies of the API from `JSONValue` (ordered keys, as GitLab's entities list them).
enum JSONValueBuilder {
    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { ($0.key, $0.value) })
    }
}

extension HTTPResponse {
    static func json(status: Int = 200, _ value: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        .json(status: status, Data(value.serialized(pretty: false).utf8), headers: headers)
    }
}
