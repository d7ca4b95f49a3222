import Foundation
import GantryCrypto
import GantryHTTP

/// Cross-site request forgery: every form carries its session's token (`authenticity_token`,
/// GitLab's and Rails' name), and a POST whose token is not its session's is refused with 422,
/// whatever else it carries. The sign-in form, which has no session yet, carries the token of
/// a cookie set with the form (see `Cookies.signInToken`).
enum CSRF {
    static let fieldName = "authenticity_token"
    /// Forms are small: anything larger is not one of ours.
    static let maximumFormSize = 64 * 1024

    /// The form's fields after the token check against `expected` (empty: no token can match).
    static func verifiedForm(_ request: HTTPRequest, expected: String) throws -> [String: String] {
        let form = try fields(request)
        guard !expected.isEmpty, let given = form[fieldName], ConstantTime.equal(Array(given.utf8), Array(expected.utf8)) else { throw PageError.badToken }
        return form
    }

    /// `application/x-www-form-urlencoded` fields, the first of each name.
    static func fields(_ request: HTTPRequest) throws -> [String: String] {
        guard request.body.count <= maximumFormSize else { throw PageError.badToken }
        let type = request.header("Content-Type") ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else { return [:] }
        let text = String(decoding: try request.bodyData(), as: UTF8.self)
        var fields: [String: String] = [:]
        for (name, value) in PercentEncoding.parseQuery(text) where fields[name] == nil { fields[name] = value }
        return fields
    }
}
