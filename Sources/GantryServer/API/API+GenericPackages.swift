import Foundation
import GantryHTTP
import GantryStore

/// GitLab's generic packages API: `PUT` and `GET /projects/:id/packages/generic/:package_name/
/// :package_version/:file_name`, with personal access, deploy and job tokens (`JOB-TOKEN`).
/// Developers (and the project's own jobs) write, Reporters read.
extension API {
    func registerGenericPackages(_ router: inout Router, _ registry: PackageRegistry) {
        let path = "/api/v4/projects/:id/packages/generic/:package_name/:package_version/:file_name"
        router.add("PUT", path) { request in
            let who = try registryPrincipal(request, write: true)
            if who.isAnonymous { throw RegistryError.unauthorized }
            let project = try registryProject(request, who)
            let pipelineID = try uploadingPipeline(who, project)
            let generic = try GenericPackage(params: request.params)
            let params = APIParams(request)
            let status = params["status"] ?? "default"
            guard status == "default" || status == "hidden" else { throw APIError(400, "status does not have a valid value") }
            if let select = params["select"], select != "package_file" { throw APIError(400, "select does not have a valid value") }
            let stored = try registry.uploadGeneric(generic, request.body, project: project, status: status, pipelineID: pipelineID)
            log.note("generic package file \(generic.name)/\(generic.version)/\(generic.fileName) uploaded to \(project.pathWithNamespace)")
            if params["select"] == "package_file" { return .json(status: 201, presenter.packageFile(stored.file, project: project)) }
            return .message(status: 201, "201 Created")
        }
        router.add("GET", path) { request in
            let project = try registryProject(request, try registryPrincipal(request))
            let generic = try GenericPackage(params: request.params)
            guard let file = try generic.find(in: project, store: store) else { throw RegistryError.notFound("Package") }
            return .file(registry.storage.file(sha256: file.sha256), contentType: "application/octet-stream",
                         headers: [("Content-Disposition", "attachment; filename=\"\(file.fileName)\"")])
        }
    }
}
