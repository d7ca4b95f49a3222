import Foundation
import GantryHTTP
import GantryPipeline
import GantryStore

/// `/projects/:id/repository/branches` and `/repository/tags`: list (with `search`), get, create
/// and delete, with GitLab's entities and messages. Creating or deleting a ref goes through
/// `RefChanges`, so a new branch or tag starts its pipeline as a push of it would.
extension API {
    func registerRepositoryRefs(_ router: inout Router) {
        let base = "/api/v4/projects/:id/repository"
        router.add("GET", base + "/branches") { request in
            let (project, who) = try codeProject(request)
            let reader = reader(project)
            let search = APIParams(request)["search"]
            var refs = reader.refs("heads").filter { Self.matchesSearch($0.name, search) }
            let commits = commitsByID(reader, refs.map(\.commit))
            switch APIParams(request)["sort"] ?? "name_asc" {
            case "name_asc": break
            case "name_desc": refs.reverse()
            case "updated_asc", "updated_desc":
                let desc = APIParams(request)["sort"] == "updated_desc"
                refs.sort { (commits[$0.commit]?.committedDate ?? "", $0.name) < (commits[$1.commit]?.committedDate ?? "", $1.name) }
                if desc { refs.reverse() }
            default: throw Self.invalidParameter("sort", "does not have a valid value")
            }
            let context = BranchContext(api: self, project: project, who: who, reader: reader)
            return list(request, all: refs.map { context.present($0, commits[$0.commit]) })
        }
        router.add("GET", base + "/branches/:branch") { request in
            let (project, who) = try codeProject(request)
            let reader = reader(project)
            guard let ref = reader.branch(request.params["branch"] ?? "") else { throw APIError.notFound("Branch") }
            return .json(BranchContext(api: self, project: project, who: who, reader: reader).present(ref, reader.commit(ref.commit)))
        }
        router.add("POST", base + "/branches") { request in
            let (project, user, role) = try pushableProject(request)
            let params = APIParams(request)
            guard let name = params["branch"], !name.isEmpty else { throw APIError.missing("branch") }
            guard let ref = params["ref"], !ref.isEmpty else { throw APIError.missing("ref") }
            guard GitNames.isValidRefName(name) else { throw APIError(400, "Branch name is invalid") }
            let reader = reader(project)
            guard let sha = reader.resolve(ref) else { throw APIError(400, "Invalid reference name: \(ref)") }
            guard mayPush(project, branch: name, role: role, creating: true) else {
                throw APIError(403, "You are not allowed to create protected branches on this project.")
            }
            try changingRefs(project, user) {
                guard reader.branch(name) == nil else { throw APIError(400, "Branch already exists") }
                do {
                    try writer(project).move("refs/heads/\(name)", from: nil, to: sha, reason: "branch created by \(user.username)")
                } catch {
                    throw APIError(400, "Branch already exists")
                }
            }
            guard let created = reader.branch(name) else { throw APIError.notFound("Branch") }
            return .json(status: 201, BranchContext(api: self, project: project, role: role, reader: reader)
                .present(created, reader.commit(created.commit)))
        }
        router.add("DELETE", base + "/branches/:branch") { request in
            let (project, user, role) = try pushableProject(request)
            let name = request.params["branch"] ?? ""
            let reader = reader(project)
            guard reader.branch(name) != nil else { throw APIError.notFound("Branch") }
            guard name != project.defaultBranch else { throw APIError(400, "The default branch of a project cannot be deleted.") }
            if ProtectedRefs(store: store).isProtected(project: project, ref: name, tag: false) && role < Role.maintainer {
                throw APIError(403, "You are not allowed to delete protected branches from this project. "
                               + "Only a project maintainer or owner can delete a protected branch.")
            }
            return try deleteRef(project, user, kind: "heads", name: name)
        }

        router.add("GET", base + "/tags") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            let params = APIParams(request)
            var refs = reader.refs("tags").filter { Self.matchesSearch($0.name, params["search"]) }
            let commits = commitsByID(reader, refs.map(\.commit))
            guard ["asc", "desc"].contains(params["sort"] ?? "desc") else { throw Self.invalidParameter("sort", "does not have a valid value") }
            switch params["order_by"] ?? "updated" {
            case "name": break
            case "updated":
                refs.sort { (commits[$0.commit]?.committedDate ?? "", $0.name) < (commits[$1.commit]?.committedDate ?? "", $1.name) }
            case "version": refs.sort { $0.name.compare($1.name, options: .numeric) == .orderedAscending }
            default: throw Self.invalidParameter("order_by", "does not have a valid value")
            }
            if (params["sort"] ?? "desc") == "desc" { refs.reverse() }
            let protection = ProtectedRefs(store: store)
            return list(request, all: refs.map {
                entities(project).tag($0, commit: commits[$0.commit], protected: protection.isProtected(project: project, ref: $0.name, tag: true))
            })
        }
        router.add("GET", base + "/tags/:tag_name") { request in
            let (project, _) = try codeProject(request)
            let reader = reader(project)
            guard let ref = reader.tag(request.params["tag_name"] ?? "") else { throw APIError.notFound("Tag") }
            return .json(entities(project).tag(ref, commit: reader.commit(ref.commit),
                                               protected: ProtectedRefs(store: store).isProtected(project: project, ref: ref.name, tag: true)))
        }
        router.add("POST", base + "/tags") { request in
            let (project, user, role) = try pushableProject(request)
            let params = APIParams(request)
            guard let name = params["tag_name"], !name.isEmpty else { throw APIError.missing("tag_name") }
            guard let ref = params["ref"], !ref.isEmpty else { throw APIError.missing("ref") }
            guard GitNames.isValidRefName(name) else { throw APIError(400, "Tag name invalid") }
            guard !(params["message"] ?? "").contains("\0") else { throw Self.invalidParameter("message", "must not contain a NUL byte") }
            let reader = reader(project)
            guard let sha = reader.resolve(ref) else { throw APIError(400, "Target \(ref) is invalid") }
            let rules = try store.protectedRefs(projectID: project.id, kind: "tag").filter { $0.matches(name) }
            if !rules.isEmpty && !rules.contains(where: { ProtectedRefs.mayCreate($0, role: role) }) {
                throw APIError(403, "You are not allowed to create this tag as it is protected.")
            }
            let writer = writer(project)
            try changingRefs(project, user) {
                guard reader.tag(name) == nil else { throw APIError(400, "Tag \(name) already exists") }
                var target = sha
                if let message = params["message"], !message.isEmpty {
                    do {
                        target = try writer.tagObject(name: name, commit: sha, message: message,
                                                      tagger: .init(name: user.name, email: user.email))
                    } catch {
                        throw APIError(400, "Tag \(name) could not be created")
                    }
                }
                do {
                    try writer.move("refs/tags/\(name)", from: nil, to: target, reason: "tag created by \(user.username)")
                } catch {
                    throw APIError(400, "Tag \(name) already exists")
                }
            }
            guard let created = reader.tag(name) else { throw APIError.notFound("Tag") }
            return .json(status: 201, entities(project).tag(created, commit: reader.commit(created.commit), protected: !rules.isEmpty))
        }
        router.add("DELETE", base + "/tags/:tag_name") { request in
            let (project, user, role) = try pushableProject(request)
            let name = request.params["tag_name"] ?? ""
            let reader = reader(project)
            guard reader.tag(name) != nil else { throw APIError.notFound("Tag") }
            if ProtectedRefs(store: store).isProtected(project: project, ref: name, tag: true) && role < Role.maintainer {
                throw APIError.forbidden
            }
            return try deleteRef(project, user, kind: "tags", name: name)
        }
    }

    /// Deletes `refs/<kind>/<name>` if it still points where it is read, the way a push deletes it.
    private func deleteRef(_ project: ProjectRecord, _ user: UserRecord, kind: String, name: String) throws -> HTTPResponse {
        let what = kind == "heads" ? "Branch" : "Tag"
        try changingRefs(project, user) {
            guard let ref = reader(project).refs(kind, named: name).first else { throw APIError.notFound(what) }
            do {
                try writer(project).move("refs/\(kind)/\(name)", from: ref.target, to: nil, reason: "deleted by \(user.username)")
            } catch {
                throw APIError(400, "Failed to remove \(what.lowercased())")
            }
        }
        return .empty(status: 204)
    }

    /// The commits of many refs with one `git log --no-walk`.
    func commitsByID(_ reader: RepositoryReader, _ ids: [String]) -> [String: RepositoryReader.Commit] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        let commits = reader.log(unique, options: ["--no-walk=unsorted"])
        return Dictionary(commits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// What a branch entity needs to know about the project and the caller, read once per request.
private struct BranchContext {
    let entities: RepositoryEntities
    let rules: [ProtectedRefRecord]
    let role: Int
    let defaultCommit: String?
    let reader: RepositoryReader
    let canPushAtAll: Bool

    init(api: API, project: ProjectRecord, who: Principal, reader: RepositoryReader) {
        self.init(api: api, project: project, role: who.user != nil ? api.access.role(of: who, in: project) : Role.noAccess, reader: reader)
    }

    /// `role`: the caller's, for `can_push` (signed-in users only; others have none).
    init(api: API, project: ProjectRecord, role: Int, reader: RepositoryReader) {
        entities = api.entities(project)
        rules = (try? api.store.protectedRefs(projectID: project.id, kind: "branch")) ?? []
        self.role = role
        defaultCommit = reader.branch(project.defaultBranch)?.commit
        self.reader = reader
        canPushAtAll = role >= Role.developer
    }

    func present(_ ref: RepositoryReader.Ref, _ commit: RepositoryReader.Commit?) -> JSONValue {
        let matching = rules.filter { $0.matches(ref.name) }
        let canPush = canPushAtAll && (matching.isEmpty || matching.contains { ProtectedRefs.allows($0.pushAccessLevel, role: role) })
        // GitLab's merged_to_root_ref?: behind the default branch, not at its head.
        let merged = defaultCommit.map { ref.commit != $0 && reader.isAncestor(ref.commit, of: $0) } == true
        return entities.branch(ref, commit: commit, facts: .init(
            merged: merged, protected: !matching.isEmpty,
            developersCanPush: matching.contains { $0.pushAccessLevel == Role.developer },
            developersCanMerge: matching.contains { $0.mergeAccessLevel == Role.developer }, canPush: canPush))
    }
}
