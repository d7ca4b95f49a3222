import Foundation
import GantryHTTP
import GantryIncludes
import GantryPipeline
import GantryStore

/// What a pipeline on this server may include: files and tags of projects hosted here that the
/// pipeline's user could read (GitLab's `download_code`: public projects for everyone, internal
/// ones for signed-in users, private ones for Reporters and above), this server's template
/// library, and remote files under the server's remote policy (no local network unless allowed).
struct ServerIncludes: Sendable {
    let store: any Store
    let data: DataDirectory
    let templates: TemplateLibrary
    let remote: RemoteIncludeFetch

    init(store: any Store, data: DataDirectory, templates: TemplateLibrary, remotePolicy: RemoteIncludePolicy) {
        self.store = store
        self.data = data
        self.templates = templates
        remote = RemoteIncludeFetch(client: HTTPClient(userAgent: "gantry-server"), policy: remotePolicy)
    }

    /// A fetcher for one load, acting for `userID` (nil: anonymous, public projects only).
    func fetcher(userID: Int?) -> CachedIncludeFetcher {
        let user = userID.flatMap { (try? store.user(id: $0)) ?? nil }
        return CachedIncludeFetcher { request in self.answer(request, user: user) }
    }

    private func answer(_ request: IncludeRequest, user: UserRecord?) -> IncludeAnswer {
        switch request {
        case .remote(let url, let integrity): return remote.answer(url: url, integrity: integrity)
        case .template(let name): return templates.text(of: name).map { .content(Array($0.utf8)) } ?? .fileNotFound
        case .projectFile(let path, let ref, let file):
            guard let project = readable(path, user) else { return .projectNotFound }
            let reader = RepositoryReader(path: data.repository(projectID: project.id))
            guard let sha = reader.resolve(ref ?? project.defaultBranch) else { return .refNotFound }
            guard let valid = GitNames.filePath(file), let entry = reader.entry(at: sha, path: valid), entry.type == "blob",
                  let bytes = reader.blob(entry.id) else { return .fileNotFound }
            return .content([UInt8](bytes))
        case .tags(let path):
            guard let project = readable(path, user) else { return .projectNotFound }
            let reader = RepositoryReader(path: data.repository(projectID: project.id))
            return .tags(Dictionary(reader.refs("tags").map { ($0.name, $0.commit) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// The project at this full path (compared case-insensitively, as GitLab does) if the user may read its code.
    private func readable(_ path: String, _ user: UserRecord?) -> ProjectRecord? {
        guard let project = (try? store.project(pathWithNamespace: path)) ?? nil else { return nil }
        switch project.visibility {
        case "public": return project
        case "internal" where user != nil: return project
        default:
            guard let user, Access(store: store).role(of: user, in: project) >= Role.reporter else { return nil }
            return project
        }
    }
}
