import GantryHTTP
import GantryServer
import GantryStore

/// `/<project path>/-/settings/ci_cd`: the project's CI/CD variables (add, change, delete) and
/// the runners that take its jobs, for Maintainers and above (others get 404, as in GitLab). A
/// masked variable's value is never put in the page: its form's value field stays empty, and an
/// empty value keeps the stored one.
struct SettingsPage {
    let site: Site

    func register(_ router: inout Router) {
        router.add("GET", "/settings/ci_cd") { request in
            let (context, project) = try site.projectPage(request)
            return try render(context, project)
        }
        router.add("POST", "/settings/ci_cd/variables") { request in
            let (context, project, form) = try site.projectAction(request)
            var fields = SettingsPage.variableForm(form)
            fields.key = form["key"]
            return try answer(context, project, site.model.saveVariable(fields, existing: nil, in: project, by: context.visitor))
        }
        router.add("POST", "/settings/ci_cd/variables/update") { request in
            let (context, project, form) = try site.projectAction(request)
            let existing = (key: form["original_key"] ?? "", scope: form["original_scope"] ?? "*")
            return try answer(context, project, site.model.saveVariable(SettingsPage.variableForm(form), existing: existing, in: project,
                                                                         by: context.visitor))
        }
        router.add("POST", "/settings/ci_cd/variables/delete") { request in
            let (context, project, form) = try site.projectAction(request)
            return try answer(context, project, site.model.deleteVariable(key: form["original_key"] ?? "", scope: form["original_scope"] ?? "*",
                                                                           in: project, by: context.visitor))
        }
    }

    static func variableForm(_ form: [String: String]) -> ReadModel.VariableForm {
        ReadModel.VariableForm(value: form["value"], variableType: form["variable_type"], protected: form["protected"] == "1",
                               masked: form["masked"] == "1", environmentScope: form["environment_scope"].map { $0.isEmpty ? "*" : $0 },
                               description: form["description"])
    }

    private func answer(_ context: PageContext, _ project: ProjectRecord, _ outcome: ReadModel.SettingsOutcome) throws -> HTTPResponse {
        switch outcome {
        case .done: return .seeOther(Paths.project(project.pathWithNamespace) + "/-/settings/ci_cd")
        case .notFound: throw PageError.notFound
        case .invalid(let message): return try render(context, project, error: message)
        }
    }

    private func render(_ context: PageContext, _ project: ProjectRecord, error: String? = nil) throws -> HTTPResponse {
        guard let variables = try site.model.variables(of: project, for: context.visitor),
              let runners = try site.model.runners(for: project, visitor: context.visitor) else { throw PageError.notFound }
        let path = project.pathWithNamespace
        let action = Paths.project(path) + "/-/settings/ci_cd/variables"
        let rows = variables.html { v -> HTML in
            let keep: HTML = "<input type=\"hidden\" name=\"original_key\" value=\"\(v.key)\"><input type=\"hidden\" name=\"original_scope\" value=\"\(v.environmentScope)\">"
            let id = "var-\(v.key)-\(v.environmentScope)".map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
            return """
                <tr><th scope="row" class="mono">\(v.key)</th><td>
                <form method="post" action="\(action)/update" class="variable" aria-label="Variable \(v.key)">\(context.csrfField)\(keep)
                <label for="\(id)-value">Value</label>\(valueField(id + "-value", v))
                \(fields(id, v))
                <button type="submit">Save \(v.key)</button></form>
                <form method="post" action="\(action)/delete" class="inline">\(context.csrfField)\(keep)<button type="submit">Delete \(v.key)</button></form>
                </td></tr>
                """
        }
        let runnerRows = runners.html { r -> HTML in
            "<tr><td>#\(r.id)</td><td>\(r.description)</td><td>\(r.tags.joined(separator: ", "))</td><td>\(r.active ? "active" : "paused")</td><td>\(Moments.time(r.contactedAt))</td></tr>"
        }
        let flash: HTML = error.map { "<p class=\"flash error\" role=\"alert\">Variable not saved: \($0)</p>" } ?? .empty
        return context.page("CI/CD settings · \(path)", crumbs: Crumbs.project(path, [Layout.Crumb(title: "CI/CD settings", path: Paths.project(path) + "/-/settings/ci_cd")]),
                            status: error == nil ? 200 : 400, """
            <h1>CI/CD settings</h1>\(flash)
            <h2>Variables</h2>
            <table class="variables"><thead><tr><th scope="col">Key</th><th scope="col">Settings</th></tr></thead><tbody>\(rows)</tbody></table>
            <h3>Add a variable</h3>
            <form method="post" action="\(action)" class="variable" aria-label="Add a variable">\(context.csrfField)
            <label for="new-key">Key</label><input id="new-key" name="key" type="text" required>
            <label for="new-value">Value</label><textarea id="new-value" name="value" rows="2"></textarea>
            \(fields("new", nil))
            <button type="submit" class="primary">Add variable</button></form>
            <h2>Runners</h2>
            <table><thead><tr><th scope="col">Runner</th><th scope="col">Description</th><th scope="col">Tags</th><th scope="col">State</th><th scope="col">Last contact</th></tr></thead>
            <tbody>\(runnerRows)</tbody></table>
            """)
    }

    /// A masked variable's field is empty with a note; others carry their value to edit.
    private func valueField(_ id: String, _ v: ReadModel.VariableView) -> HTML {
        guard let value = v.value else {
            return "<input id=\"\(id)\" name=\"value\" type=\"password\" autocomplete=\"new-password\" placeholder=\"masked: leave empty to keep\">"
        }
        return "<textarea id=\"\(id)\" name=\"value\" rows=\"2\">\(value)</textarea>"
    }

    private func fields(_ id: String, _ v: ReadModel.VariableView?) -> HTML {
        let type = v?.variableType ?? "env_var"
        return """
            <label for="\(id)-type">Type</label><select id="\(id)-type" name="variable_type">\
            <option value="env_var"\(type == "env_var" ? " selected" : "")>Variable</option><option value="file"\(type == "file" ? " selected" : "")>File</option></select>
            <label for="\(id)-scope">Environment scope</label><input id="\(id)-scope" name="environment_scope" type="text" value="\(v?.environmentScope ?? "*")">
            <label for="\(id)-description">Description</label><input id="\(id)-description" name="description" type="text" value="\(v?.description ?? "")">
            <label class="check"><input type="checkbox" name="protected" value="1"\(v?.protected == true ? " checked" : "")> Protected</label>
            <label class="check"><input type="checkbox" name="masked" value="1"\(v?.masked == true ? " checked" : "")> Masked</label>
            """
    }
}
