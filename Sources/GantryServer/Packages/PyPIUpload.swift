import Foundation
import GantryHTTP
import GantryPython
import GantrySigstore
import GantryStore

/// The legacy upload form twine, poetry and uv send to `POST .../packages/pypi`: `:action`
/// `file_upload`, the file as `content`, its project `name` and `version`, digests and metadata
/// fields. An upload is stored only if the file is a real wheel or sdist whose file name and own
/// metadata name the form's project and version, and whose sha256 is the one sent (when sent);
/// each refusal is a 400 that says what is wrong, and leaves nothing behind. PEP 740
/// attestations sent with it (`twine upload --attestations`: the JSON list `attestations`) must
/// all hold for the file, or nothing is stored; the provenance they make is stored with the file.
struct PyPIUpload {
    let store: any Store
    let storage: PackageStorage
    /// Checks the `attestations` field for the file name and sha256 received.
    let attestations: (_ text: String, _ file: DistributionFilename, _ sha256: String) throws -> AttestationVerifier.Verified

    /// GitLab's default maximum PyPI file size.
    static let maximumSize = 3 << 30

    func receive(_ request: HTTPRequest, project: ProjectRecord, pipelineID: Int?) throws -> (package: PackageRecord, file: PackageFileRecord) {
        let form = try MultipartForm(request: request)
        if let action = form.value(":action"), action != "file_upload" {
            throw RegistryError.badRequest(":action '\(action)' is not supported; only file_upload is")
        }
        guard let content = form.part("content"), let filename = content.filename, !filename.isEmpty else {
            throw RegistryError.badRequest("content is missing: send the distribution as the multipart file field 'content'")
        }
        let nameText = try field(form, "name")
        let versionText = try field(form, "version")
        let name: ProjectName
        let version: PEP440Version
        do {
            name = try ProjectName(validating: nameText)
            version = try PEP440Version(parsing: versionText)
        } catch {
            throw RegistryError.badRequest("\(error)")
        }
        let parsed = try parse(filename)
        guard parsed.normalizedName == name.normalized else {
            throw RegistryError.badRequest("the file \(filename) is for project '\(parsed.name)', but the upload is for '\(nameText)'")
        }
        guard parsed.version == version else {
            throw RegistryError.badRequest("the file \(filename) is version \(parsed.version), but the upload is for version \(versionText)")
        }
        guard content.count > 0 else { throw RegistryError.badRequest("the file \(filename) is empty") }
        guard content.count <= Self.maximumSize else {
            throw RegistryError.badRequest("the file \(filename) is larger than the limit of \(Self.maximumSize) bytes")
        }
        if try store.packageFile(projectID: project.id, fileName: filename) != nil { throw alreadyExists(filename, project) }

        let staged = try storage.stage(content)
        do {
            if let sent = form.value("sha256_digest")?.trimmingCharacters(in: .whitespaces).lowercased(), !sent.isEmpty,
               sent != staged.sha256 {
                throw RegistryError.badRequest("sha256_digest \(sent) does not match the file received (sha256 \(staged.sha256)): "
                                               + "it was damaged on the way or the digest is of another file")
            }
            let metadata = try DistributionInspector().metadata(of: staged.url, filename: parsed)
            try check(metadata, filename: filename, name: name, version: version)
            let attested = try attestations(form, file: parsed, sha256: staged.sha256)
            let requiresPython = metadata.requiresPython ?? form.value("requires_python") ?? ""
            let now = Date()
            let package = PackageRecord(projectID: project.id, packageType: "pypi", name: nameText, normalizedName: name.normalized,
                                        version: versionText, normalizedVersion: version.canonicalForm, createdAt: now)
            let file = PackageFileRecord(projectID: project.id, fileName: filename, size: staged.size, sha256: staged.sha256,
                                         fileType: parsed.kind.fileType, requiresPython: requiresPython, pipelineID: pipelineID,
                                         createdAt: now, attestedIdentity: attested?.identity, attestedJob: attested?.job)
            return try storage.commit(staged) {
                do {
                    return try store.addPackageFile(file, package: package, provenance: attested?.provenance)
                } catch StoreError.conflict {
                    throw alreadyExists(filename, project)
                }
            }
        } catch {
            storage.discard(staged)
            throw error
        }
    }

    /// The form's attestations checked for the staged file; nil when it has none.
    private func attestations(_ form: MultipartForm, file: DistributionFilename, sha256: String) throws -> AttestationVerifier.Verified? {
        guard let part = form.part("attestations") else { return nil }
        do {
            guard part.count <= AttestationVerifier.maxFieldSize else {
                throw AttestationError.malformed("the attestations field is larger than \(AttestationVerifier.maxFieldSize) bytes")
            }
            guard let text = try? part.text() else { throw AttestationError.malformed("the attestations field is not UTF-8 text") }
            return try attestations(text, file, sha256)
        } catch let error as AttestationError {
            throw RegistryError.badRequest(error.description)
        }
    }

    private func field(_ form: MultipartForm, _ name: String) throws -> String {
        guard let value = form.value(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw RegistryError.badRequest("\(name) is missing")
        }
        return value
    }

    /// The file name must be a plain wheel or sdist name: no folders, nothing a URL or a shell
    /// would read differently.
    private func parse(_ filename: String) throws -> DistributionFilename {
        let allowed = filename.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: ".")
                || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: "+") || c == UInt8(ascii: "!")
        }
        guard allowed, !filename.hasPrefix("."), filename.utf8.count <= 255 else {
            throw RegistryError.badRequest("'\(filename)' is not an acceptable file name: use letters, digits and . - _ + ! only")
        }
        do {
            return try DistributionFilename(parsing: filename)
        } catch {
            throw RegistryError.badRequest(error.description)
        }
    }

    /// The file's own metadata must name the project and version of the upload.
    private func check(_ metadata: CoreMetadata, filename: String, name: ProjectName, version: PEP440Version) throws {
        guard let metaName = metadata.name, !metaName.isEmpty else {
            throw RegistryError.badRequest("the metadata in \(filename) has no Name field")
        }
        guard ProjectName.normalize(metaName) == name.normalized else {
            throw RegistryError.badRequest("the metadata in \(filename) is for project '\(metaName)', but the upload is for '\(name)'")
        }
        guard let metaVersionText = metadata.version, let metaVersion = PEP440Version(metaVersionText) else {
            throw RegistryError.badRequest("the metadata in \(filename) has no valid Version field")
        }
        guard metaVersion == version else {
            throw RegistryError.badRequest("the metadata in \(filename) is for version \(metaVersionText), but the upload is for version \(version)")
        }
    }

    /// The wording `twine upload --skip-existing` (and poetry's) look for: status 400 with "already exist".
    private func alreadyExists(_ filename: String, _ project: ProjectRecord) -> RegistryError {
        RegistryError.badRequest("File \(filename) already exists in the package registry of \(project.pathWithNamespace)")
    }
}
