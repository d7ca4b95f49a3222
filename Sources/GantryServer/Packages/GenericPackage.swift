import Foundation
import GantryHTTP
import GantryStore

/// GitLab's generic packages: any file, addressed by package name, version and file name
/// (`/packages/generic/:package_name/:package_version/:file_name`). A file name may be uploaded
/// again; the newest upload of a name is the one served, as in GitLab.
struct GenericPackage: Sendable {
    let name: String
    let version: String
    let fileName: String

    /// The three path parts, checked as GitLab's `generic_package_name_regex` (letters, digits,
    /// `.`, `_`, `-`, `+`) and a version that starts with a digit; `.` and `..` are refused as
    /// names, so no part can leave its place in a path.
    init(params: [String: String]) throws {
        name = params["package_name"] ?? ""
        version = params["package_version"] ?? ""
        fileName = params["file_name"] ?? ""
        for (what, value) in [("package_name", name), ("file_name", fileName)] where !Self.isValidName(value) {
            throw APIError(400, "\(what) is invalid: use letters, digits, '.', '_', '-' and '+' (at most 255), not '.' or '..'")
        }
        guard Self.isValidName(version), version.first?.isNumber == true, !version.contains("..") else {
            throw APIError(400, "package_version is invalid: start with a digit, then letters, digits, '.', '_', '-' and '+'")
        }
    }

    static func isValidName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 255 && text != "." && text != ".."
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-+".unicodeScalars.contains($0)) }
    }

    /// Stores the body as this file of the project's package (created on its first file).
    func receive(_ body: HTTPBody, project: ProjectRecord, status: String, pipelineID: Int?, store: any Store,
                 storage: PackageStorage) throws -> (package: PackageRecord, file: PackageFileRecord) {
        let staged = try storage.stage(body)
        do {
            let now = Date()
            let package = PackageRecord(projectID: project.id, packageType: "generic", name: name, normalizedName: name,
                                        version: version, normalizedVersion: version, status: status, createdAt: now)
            let file = PackageFileRecord(projectID: project.id, fileName: fileName, size: staged.size, sha256: staged.sha256,
                                         fileType: "generic", pipelineID: pipelineID, createdAt: now)
            return try storage.commit(staged) { try store.addPackageFile(file, package: package) }
        } catch {
            storage.discard(staged)
            throw error
        }
    }

    /// The newest upload of this file, if any.
    func find(in project: ProjectRecord, store: any Store) throws -> PackageFileRecord? {
        try store.packageFiles(projectIDs: [project.id], packageType: "generic", normalizedName: name)
            .filter { $0.package.version == version && $0.file.fileName == fileName }.map(\.file).max { $0.id < $1.id }
    }
}
