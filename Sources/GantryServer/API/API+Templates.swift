import Foundation
import GantryHTTP
import GantryPipeline

/// GitLab's `GET /api/v4/templates/gitlab_ci_ymls` (the list: `key` and `name`) and
/// `/gitlab_ci_ymls/:key` (`name` and `content`), where `key` is the template's path without
/// `.gitlab-ci.yml`. Open to everyone, as on GitLab: templates are no secret. This is what
/// `gantry lint --template-source URL` asks.
extension API {
    func registerTemplates(_ router: inout Router) {
        let base = "/api/v4/templates/gitlab_ci_ymls"
        router.add("GET", base) { request in
            let keys = includes.templates.names.map { String($0.dropLast(TemplateLibrary.suffix.count)) }
            return list(request, all: keys.map { JSONValue.object([("key", .string($0)), ("name", .string($0))]) })
        }
        router.add("GET", base + "/:key") { request in
            let key = request.params["key"] ?? ""
            guard let text = includes.templates.text(of: key + TemplateLibrary.suffix) else { throw APIError.notFound("Template") }
            return .json(.object([("name", .string(key)), ("content", .string(text))]))
        }
    }
}
