import Foundation
import GantryPipeline
import GantryStore

/// Packages and package files as GitLab's `API::Entities::Package` and `PackageFile`. A package
/// shows its PEP 503 name (`acme-mathx`), one name whichever client spelled it (twine
/// `acme-mathx`, poetry `acme_mathx`), the name its simple index page has.
extension Presenter {
    func package(_ p: PackageRecord, project: ProjectRecord, files: [PackageFileRecord], withProject: Bool = false) -> JSONValue {
        let pipelines = pipelines(of: files, project: project)
        var fields: [(String, JSONValue)] = [
            ("id", .int(p.id)), ("name", .string(p.normalizedName)), ("version", .string(p.version)),
            ("package_type", .string(p.packageType)), ("status", .string(p.status)),
            ("_links", .object([
                ("web_path", .string("/\(project.pathWithNamespace)/-/packages/\(p.id)")),
                ("delete_api_path", .string("\(baseURL)/api/v4/projects/\(project.id)/packages/\(p.id)")),
            ])),
            ("created_at", Self.date(p.createdAt)), ("last_downloaded_at", .null),
        ]
        if withProject {
            fields += [("project_id", .int(project.id)), ("project_path", .string(project.pathWithNamespace))]
        }
        if let last = pipelines.last { fields.append(("pipeline", last)) }
        fields += [("pipelines", .array(pipelines)), ("tags", .array([]))]
        return .object(fields)
    }

    func packageFile(_ f: PackageFileRecord, project: ProjectRecord) -> JSONValue {
        .object([
            ("id", .int(f.id)), ("package_id", .int(f.packageID)), ("created_at", Self.date(f.createdAt)),
            ("file_name", .string(f.fileName)), ("size", .int(f.size)), ("file_md5", .null), ("file_sha1", .null),
            ("file_sha256", .string(f.sha256)), ("pipelines", .array(pipelines(of: [f], project: project))),
        ])
    }

    /// The pipelines whose jobs uploaded these files, oldest first.
    private func pipelines(of files: [PackageFileRecord], project: ProjectRecord) -> [JSONValue] {
        Set(files.compactMap(\.pipelineID)).sorted().compactMap { try? store.pipeline(id: $0) }
            .map { pipeline($0, project: project, full: false) }
    }
}
