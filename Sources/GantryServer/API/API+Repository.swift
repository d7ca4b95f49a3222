import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// What the repository routes share: who may read the code (Reporter and up, or anyone who can
/// see a public or internal project), who may write it (Developer and up, protected branches as
/// the push hook applies them), and the readers and writers of the project's bare repository.
extension API {
    /// A project whose code the caller may read: 404 when the project cannot be seen, 403 when it
    /// can but its code cannot (a Guest of a private project).
    func codeProject(_ request: HTTPRequest) throws -> (ProjectRecord, Principal) {
        let who = try principal(request)
        let project = try project(request, who)
        guard access.canDownloadCode(project, who) else { throw APIError.forbidden }
        return (project, who)
    }

    /// A project the caller may push to (Developer and up); Reporters get 403.
    func pushableProject(_ request: HTTPRequest) throws -> (ProjectRecord, UserRecord, role: Int) {
        let who = try signedIn(request)
        let project = try project(request, who, atLeast: Role.developer)
        guard let user = who.user else { throw APIError.forbidden }
        return (project, user, access.role(of: who, in: project))
    }

    func reader(_ project: ProjectRecord) -> RepositoryReader { RepositoryReader(path: data.repository(projectID: project.id)) }

    func writer(_ project: ProjectRecord) -> RepositoryWriter {
        RepositoryWriter(path: data.repository(projectID: project.id), temporary: data.temporary)
    }

    func entities(_ project: ProjectRecord) -> RepositoryEntities { RepositoryEntities(baseURL: baseURL, project: project) }

    /// Every ref change of the API goes the way a push goes: locked, journaled, pipelines started.
    func changingRefs<T>(_ project: ProjectRecord, _ user: UserRecord, _ body: () throws -> T) throws -> T {
        try RefChanges(data: data, coordinator: coordinator, log: log).perform(project: project, userID: user.id, body)
    }

    /// The commit a `ref`/`sha` parameter names, or GitLab's 404 for `what`.
    func commit(_ reader: RepositoryReader, _ ref: String?, or what: String) throws -> String {
        guard let ref, !ref.isEmpty, let sha = reader.resolve(ref) else { throw APIError.notFound(what) }
        return sha
    }

    /// The protected-branch rules matching `branch`; a push is allowed when one of them allows it
    /// (creating a branch also takes the merge level), as the pre-receive hook decides for git.
    func mayPush(_ project: ProjectRecord, branch: String, role: Int, creating: Bool = false) -> Bool {
        let rules = ((try? store.protectedRefs(projectID: project.id, kind: "branch")) ?? []).filter { $0.matches(branch) }
        guard !rules.isEmpty else { return role >= Role.developer }
        return rules.contains { creating ? ProtectedRefs.mayCreate($0, role: role) : ProtectedRefs.allows($0.pushAccessLevel, role: role) }
    }

    /// Grape's answer to a parameter that fails its validator: `{"error": "<name> <message>"}`.
    static func invalidParameter(_ name: String, _ message: String) -> APIError {
        var e = APIError(400, "\(name) \(message)")
        e.body = .object([("error", .string("\(name) \(message)"))])
        return e
    }

    /// `search` as GitLab's branch and tag finders take it: a substring, `^x` a prefix, `x$` a suffix, any case.
    static func matchesSearch(_ name: String, _ search: String?) -> Bool {
        guard var term = search?.lowercased(), !term.isEmpty else { return true }
        let name = name.lowercased()
        let prefix = term.hasPrefix("^"), suffix = term.hasSuffix("$")
        if prefix { term.removeFirst() }
        if suffix && !term.isEmpty { term.removeLast() }
        switch (prefix, suffix) {
        case (true, true): return name == term
        case (true, false): return name.hasPrefix(term)
        case (false, true): return name.hasSuffix(term)
        case (false, false): return name.contains(term)
        }
    }
}
