import Foundation
import GantryTestSupport
import Testing

/// The PyPI registry of `gantry server`, driven by the clients users publish and install with
/// (twine, poetry, uv, pip from the project venv; python-gitlab for the packages API). The
/// example libraries are built once per run and their files reused by every test.
@Suite(.serialized) struct PackageRegistryTests {
    /// twine uploads the wheel and sdist with a personal access token; pip installs the library
    /// into fresh venvs from the project's index and from the index of the group above it.
    @Test func twineUploadsAndPipInstallsFromProjectAndGroupIndexes() throws {
        let dists = try ExampleDistributions.setuptools.get()
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python("""
            top = gl.groups.create({"name": "Acme", "path": "acme"})
            libs = gl.groups.create({"name": "Libs", "path": "libs", "parent_id": top.id})
            gl.projects.create({"name": "pvoutput", "namespace_id": libs.id})
            """)
        let upload = try Tool.run("twine", ["upload", "--verbose", "--repository-url", server.url + "/api/v4/projects/acme%2Flibs%2Fpvoutput/packages/pypi",
                                            "-u", "anything", "-p", ServerProcess.rootToken] + dists.files.map(\.path))
        #expect(upload.status == 0, "\(upload.output)")
        #expect(upload.output.components(separatedBy: "201 Created").count - 1 >= 2, "\(upload.output)")

        let listed = try server.python("""
            project = gl.projects.get("acme/libs/pvoutput")
            for p in project.packages.list(get_all=True):
                print("package", p.name, p.version, p.package_type, p._links["delete_api_path"].endswith(f"/packages/{p.id}"))
                for f in p.package_files.list(get_all=True):
                    print("file", f.file_name, f.size, len(f.file_sha256))
            """)
        #expect(listed.contains("package pvoutput 0.3.0 pypi True"), "\(listed)")
        for file in dists.files {
            let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? -1
            #expect(listed.contains("file \(file.lastPathComponent) \(size) 64"), "\(listed)")
        }

        let project = try PipInstall.fromIndex(server.indexURL("projects/acme%2Flibs%2Fpvoutput"))
        #expect(project.status == 0, "\(project.output)")
        #expect(project.output.contains("imported pvoutput 0.3.0"), "\(project.output)")
        let group = try PipInstall.fromIndex(server.indexURL("groups/acme/-"))
        #expect(group.status == 0, "\(group.output)")
        #expect(group.output.contains("imported pvoutput 0.3.0"), "\(group.output)")
    }

    /// The same file twice is refused with "already exists"; `twine upload --skip-existing` and
    /// `poetry publish --skip-existing` skip it; a wheel after the sdist of a version is accepted.
    @Test func duplicateUploadIsRefusedAndSkipExistingSkipsIt() throws {
        let dists = try ExampleDistributions.setuptools.get()
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "pvoutput"})"#)
        let url = server.url + "/api/v4/projects/root%2Fpvoutput/packages/pypi"
        let twine = ["upload", "--verbose", "--repository-url", url, "-u", "token", "-p", ServerProcess.rootToken]
        #expect(try Tool.run("twine", twine + [dists.sdist.path]).status == 0)
        let wheelAfterSdist = try Tool.run("twine", twine + [dists.wheel.path])
        #expect(wheelAfterSdist.status == 0, "\(wheelAfterSdist.output)")

        let again = try Tool.run("twine", twine + [dists.wheel.path])
        #expect(again.status != 0)
        #expect(again.output.contains("400 Bad request - File pvoutput-0.3.0-py3-none-any.whl already exists in the package registry of root/pvoutput"),
                "\(again.output)")
        let skipped = try Tool.run("twine", ["upload", "--skip-existing", "--repository-url", url, "-u", "token", "-p", ServerProcess.rootToken]
                                   + dists.files.map(\.path))
        #expect(skipped.status == 0, "\(skipped.output)")
        #expect(skipped.output.contains("Skipping pvoutput-0.3.0-py3-none-any.whl because it appears to already exist"), "\(skipped.output)")
        #expect(skipped.output.contains("Skipping pvoutput-0.3.0.tar.gz because it appears to already exist"), "\(skipped.output)")

        let poetry = try ExampleDistributions.poetry.get()
        let env = ["POETRY_REPOSITORIES_GITLAB_URL": url, "POETRY_HTTP_BASIC_GITLAB_USERNAME": "root",
                   "POETRY_HTTP_BASIC_GITLAB_PASSWORD": ServerProcess.rootToken]
        // The Poetry build of the same version has other file contents but the same file names.
        let refused = try Tool.run("poetry", ["publish", "--repository", "gitlab"], in: poetry.project, env: env)
        #expect(refused.status != 0)
        #expect(refused.output.contains("already exists"), "\(refused.output)")
        let poetrySkip = try Tool.run("poetry", ["publish", "--repository", "gitlab", "--skip-existing"], in: poetry.project, env: env)
        #expect(poetrySkip.status == 0, "\(poetrySkip.output)")
        #expect(poetrySkip.output.contains("File exists. Skipping"), "\(poetrySkip.output)")
        #expect(try server.packageFiles("root/pvoutput") == dists.files.map(\.lastPathComponent).sorted())
    }

    /// `poetry publish` and `uv publish` upload the Poetry variant; uv's `--check-url` then skips
    /// what the index already has.
    @Test func poetryAndUvPublishThePoetryVariant() throws {
        let poetry = try ExampleDistributions.poetry.get()
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python("""
            gl.projects.create({"name": "with-poetry"})
            gl.projects.create({"name": "with-uv"})
            """)
        let published = try Tool.run("poetry", ["publish", "--repository", "gitlab"], in: poetry.project, env: [
            "POETRY_REPOSITORIES_GITLAB_URL": server.url + "/api/v4/projects/root%2Fwith-poetry/packages/pypi",
            "POETRY_HTTP_BASIC_GITLAB_USERNAME": "root", "POETRY_HTTP_BASIC_GITLAB_PASSWORD": ServerProcess.rootToken,
        ])
        #expect(published.status == 0, "\(published.output)")
        #expect(try server.packageFiles("root/with-poetry") == poetry.files.map(\.lastPathComponent).sorted())

        let uv = ["publish", "--publish-url", server.url + "/api/v4/projects/root%2Fwith-uv/packages/pypi",
                  "--username", "root", "--password", ServerProcess.rootToken]
        let uploaded = try Tool.run("uv", uv + poetry.files.map(\.path))
        #expect(uploaded.status == 0, "\(uploaded.output)")
        #expect(try server.packageFiles("root/with-uv") == poetry.files.map(\.lastPathComponent).sorted())
        let checked = try Tool.run("uv", uv + ["--check-url", server.indexURL("projects/root%2Fwith-uv")] + poetry.files.map(\.path))
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("File pvoutput-0.3.0-py3-none-any.whl already exists, skipping"), "\(checked.output)")
    }

    /// A wrong token, a corrupt or cut wheel, a file whose name or metadata names another project,
    /// and a damaged transfer are refused with a message that says so, and nothing is stored.
    @Test func badUploadsAreRefusedWithAClearMessageAndLeaveNoTrace() throws {
        let dists = try ExampleDistributions.setuptools.get()
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "pvoutput"})"#)
        let url = server.url + "/api/v4/projects/root%2Fpvoutput/packages/pypi"

        let wrongToken = try Tool.run("twine", ["upload", "--verbose", "--repository-url", url, "-u", "x", "-p", "glpat-wrong"] + [dists.wheel.path])
        #expect(wrongToken.status != 0)
        #expect(wrongToken.output.contains("401 Unauthorized"), "\(wrongToken.output)")

        // twine reads the metadata of what it uploads, so a wheel renamed for another project
        // goes out with the metadata's name: the file name and the form disagree.
        let scratch = GantryProcess.scratchRoot.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let renamed = scratch.appendingPathComponent("other-0.3.0-py3-none-any.whl")
        try FileManager.default.copyItem(at: dists.wheel, to: renamed)
        let mismatched = try Tool.run("twine", ["upload", "--verbose", "--repository-url", url, "-u", "x", "-p", ServerProcess.rootToken, renamed.path])
        #expect(mismatched.status != 0)
        #expect(mismatched.output.contains("the file other-0.3.0-py3-none-any.whl is for project 'other', but the upload is for 'pvoutput'"),
                "\(mismatched.output)")

        // What twine would refuse to send goes out with curl, as a broken tool would send it.
        let wheel = try Data(contentsOf: dists.wheel)
        let cut = scratch.appendingPathComponent("pvoutput-0.3.0-py3-none-any.whl")
        try wheel.prefix(wheel.count / 2).write(to: cut)
        let corrupt = try Tool.curlUpload(url, file: cut, fields: ["name": "pvoutput", "version": "0.3.0"])
        #expect(corrupt.contains(#"{"message":"400 Bad request - pvoutput-0.3.0-py3-none-any.whl is not a valid zip archive"#), "\(corrupt)")
        #expect(corrupt.hasSuffix("\n400"), "\(corrupt)")
        let garbage = scratch.appendingPathComponent("garbage/pvoutput-0.3.0-py3-none-any.whl")
        try FileManager.default.createDirectory(at: garbage.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 5000).write(to: garbage)
        #expect(try Tool.curlUpload(url, file: garbage, fields: ["name": "pvoutput", "version": "0.3.0"])
            .contains("pvoutput-0.3.0-py3-none-any.whl is not a valid zip archive"))
        let otherName = try Tool.curlUpload(url, file: dists.wheel, fields: ["name": "pvoutput", "version": "0.3.0"], as: "other-0.3.0-py3-none-any.whl",
                                            extra: ["name": "other"])
        #expect(otherName.contains("400 Bad request - the metadata in other-0.3.0-py3-none-any.whl is for project 'pvoutput', but the upload is for 'other'"),
                "\(otherName)")
        let damaged = try Tool.curlUpload(url, file: dists.wheel, fields: ["name": "pvoutput", "version": "0.3.0",
                                                                           "sha256_digest": String(repeating: "0", count: 64)])
        #expect(damaged.contains("sha256_digest \(String(repeating: "0", count: 64)) does not match the file received"), "\(damaged)")

        // An upload cut halfway: the client sends part of the body and goes away.
        let cutUpload = try Tool.run("python", ["-c", """
            import base64, socket, sys
            host, port = sys.argv[1].split(":")
            auth = base64.b64encode(b"root:" + sys.argv[2].encode()).decode()
            s = socket.create_connection((host, int(port)))
            s.sendall((f"POST /api/v4/projects/1/packages/pypi HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Basic {auth}\\r\\n"
                       "Content-Type: multipart/form-data; boundary=b\\r\\nContent-Length: 5000000\\r\\n\\r\\n").encode()
                      + b'--b\\r\\nContent-Disposition: form-data; name="content"; filename="pvoutput-0.3.0.tar.gz"\\r\\n\\r\\n'
                      + b"x" * 2000000)
            s.close()
            print("sent")
            """, String(server.url.dropFirst("http://".count)), ServerProcess.rootToken])
        #expect(cutUpload.output.contains("sent"), "\(cutUpload.output)")

        #expect(try server.packageFiles("root/pvoutput").isEmpty)
        #expect(server.storedPackageContent().isEmpty, "\(server.storedPackageContent())")
        // The good upload still goes in afterwards.
        #expect(try Tool.run("twine", ["upload", "--repository-url", url, "-u", "x", "-p", ServerProcess.rootToken, dists.wheel.path]).status == 0)
        #expect(server.storedPackageContent().count == 1)
        // So does an sdist in the older zip format, made from the tarball's members.
        let zipSdist = scratch.appendingPathComponent("pvoutput-0.3.0.zip")
        let zipped = try Tool.run("python", ["-c", """
            import sys, tarfile, zipfile
            with tarfile.open(sys.argv[1]) as t, zipfile.ZipFile(sys.argv[2], "w") as z:
                for m in t.getmembers():
                    if m.isfile():
                        z.writestr(m.name, t.extractfile(m).read())
            """, dists.sdist.path, zipSdist.path])
        #expect(zipped.status == 0, "\(zipped.output)")
        let accepted = try Tool.curlUpload(url, file: zipSdist, fields: ["name": "pvoutput", "version": "0.3.0"])
        #expect(accepted.hasSuffix("\n201"), "\(accepted)")
        #expect(try server.packageFiles("root/pvoutput") == ["pvoutput-0.3.0-py3-none-any.whl", "pvoutput-0.3.0.zip"])
    }

    /// What a crash leaves (a half-written upload, stored content whose row was never committed)
    /// is removed when the server starts again; what the store refers to stays and is served.
    @Test func startUpRemovesWhatACrashLeftBehind() throws {
        let dists = try ExampleDistributions.setuptools.get()
        let first = try ServerProcess()
        _ = try first.python(#"gl.projects.create({"name": "pvoutput", "visibility": "public"})"#)
        let upload = try Tool.run("twine", ["upload", "--repository-url", first.url + "/api/v4/projects/1/packages/pypi", "-u", "x",
                                            "-p", ServerProcess.rootToken, dists.wheel.path])
        #expect(upload.status == 0, "\(upload.output)")
        first.stop()
        let packages = first.data.appendingPathComponent("packages")
        try Data("half an upload".utf8).write(to: packages.appendingPathComponent("tmp/0123.partial"))
        let orphan = String(repeating: "ab", count: 32)
        try FileManager.default.createDirectory(at: packages.appendingPathComponent("ab"), withIntermediateDirectories: true)
        try Data("never committed".utf8).write(to: packages.appendingPathComponent("ab/\(orphan)"))
        #expect(first.storedPackageContent().count == 3)

        let second = try ServerProcess(data: first.data)
        defer { second.stop() }
        #expect(second.storedPackageContent().count == 1)
        #expect(!second.storedPackageContent().contains { $0.hasPrefix("tmp/") || $0.hasSuffix(orphan) })
        let installed = try PipInstall.fromIndex(second.url + "/api/v4/projects/1/packages/pypi/simple")
        #expect(installed.output.contains("imported pvoutput 0.3.0"), "\(installed.output)")
    }

    /// The index pages as pip and browsers read them: PEP 503 HTML with digests and escaped
    /// Requires-Python, PEP 691 JSON on request, normalized-name redirects, a Basic challenge
    /// for private projects, anonymous reads of public ones, and deletes through the API.
    @Test func indexPagesNegotiationAccessAndDelete() throws {
        let dists = try ExampleDistributions.setuptools.get()
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python("""
            gl.projects.create({"name": "private-lib"})
            gl.projects.create({"name": "public-lib", "visibility": "public"})
            """)
        for project in ["root%2Fprivate-lib", "root%2Fpublic-lib"] {
            let r = try Tool.run("twine", ["upload", "--repository-url", "\(server.url)/api/v4/projects/\(project)/packages/pypi",
                                           "-u", "x", "-p", ServerProcess.rootToken] + dists.files.map(\.path))
            #expect(r.status == 0, "\(r.output)")
        }
        let out = try Tool.run("python", ["-c", """
            import requests, sys
            base, token = sys.argv[1], sys.argv[2]
            private = base + "/api/v4/projects/root%2Fprivate-lib/packages/pypi/simple/"
            public = base + "/api/v4/projects/root%2Fpublic-lib/packages/pypi/simple/"
            r = requests.get(private + "pvoutput/")
            print("anonymous-private", r.status_code, r.headers.get("WWW-Authenticate"))
            r = requests.get(private + "pvoutput/", auth=("x", "glpat-wrong"))
            print("wrong-token", r.status_code)
            r = requests.get(private + "pvoutput/", auth=("x", token))
            print("html", r.status_code, r.headers["Content-Type"])
            print("requires-python" , 'data-requires-python="&gt;=3.9"' in r.text)
            print("digest", "#sha256=" in r.text)
            r = requests.get(public + "PvOutput", allow_redirects=False)
            print("redirect", r.status_code, r.headers["Location"])
            r = requests.get(public + "PvOutput")
            print("followed", r.status_code, r.url.endswith("/simple/pvoutput/"))
            accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
            j = requests.get(public + "pvoutput/", headers={"Accept": accept})
            print("json", j.headers["Content-Type"], j.json()["meta"]["api-version"], j.json()["versions"])
            for f in j.json()["files"]:
                data = requests.get(requests.compat.urljoin(j.url, f["url"])).content
                import hashlib
                print("file", f["filename"], f["requires-python"], hashlib.sha256(data).hexdigest() == f["hashes"]["sha256"], len(data) == f["size"])
            root = requests.get(public, headers={"Accept": accept}).json()
            print("root", [p["name"] for p in root["projects"]])
            # A name the registry does not hold goes to pypi.org (GitLab's package forwarding).
            r = requests.get(public + "nothing-here/", allow_redirects=False)
            print("missing", r.status_code, r.headers["Location"])
            """, server.url, ServerProcess.rootToken])
        #expect(out.status == 0, "\(out.output)")
        for line in ["anonymous-private 401 Basic realm=\"Gantry\"", "wrong-token 401", "html 200 text/html", "requires-python True",
                     "digest True", "redirect 301 /api/v4/projects/2/packages/pypi/simple/pvoutput/", "followed 200 True",
                     "json application/vnd.pypi.simple.v1+json 1.1 ['0.3.0']", "root ['pvoutput']", "missing 302 https://pypi.org/simple/nothing-here/"] {
            #expect(out.output.contains(line), "\(line)\n\(out.output)")
        }
        #expect(out.output.contains("file pvoutput-0.3.0-py3-none-any.whl >=3.9 True True"), "\(out.output)")
        #expect(out.output.contains("file pvoutput-0.3.0.tar.gz >=3.9 True True"), "\(out.output)")

        // Anyone may install from a public project's index.
        let anonymous = try PipInstall.fromIndex(server.url + "/api/v4/projects/root%2Fpublic-lib/packages/pypi/simple")
        #expect(anonymous.status == 0, "\(anonymous.output)")
        #expect(anonymous.output.contains("imported pvoutput 0.3.0"), "\(anonymous.output)")

        // Deleting the private project's package leaves the public one's (same content) in place.
        #expect(server.storedPackageContent().count == 2)
        _ = try server.python("""
            project = gl.projects.get("root/private-lib")
            for p in project.packages.list(get_all=True):
                project.packages.delete(p.id)
            """)
        #expect(try server.packageFiles("root/private-lib").isEmpty)
        #expect(server.storedPackageContent().count == 2)
        _ = try server.python("""
            project = gl.projects.get("root/public-lib")
            for p in project.packages.list(get_all=True):
                project.packages.delete(p.id)
            """)
        #expect(server.storedPackageContent().isEmpty)
        let gone = try Tool.run("python", ["-c", "import requests, sys; print('status', requests.get(sys.argv[1], allow_redirects=False).status_code)",
                                           server.url + "/api/v4/projects/root%2Fpublic-lib/packages/pypi/simple/pvoutput/"])
        #expect(gone.output.contains("status 302"), "\(gone.output)")
    }

    /// The example pipeline's `publish` job uploads with CI_JOB_TOKEN when a release tag is pushed
    /// to a server with its own runner; the package records the pipeline that made it.
    @Test func publishJobUploadsWithTheJobTokenOnAReleaseTag() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "2"])
        defer { server.stop() }
        _ = try server.python("""
            top = gl.groups.create({"name": "Acme", "path": "acme"})
            gl.projects.create({"name": "pvoutput", "namespace_id": top.id})
            """)
        try server.useWheelhouse("acme/pvoutput")
        let repo = try ServerProcess.repository(example: "pvoutput")
        // The tag's version is the one in pyproject.toml (the publish job checks that they agree).
        let pyproject = try String(contentsOf: repo.appendingPathComponent("pyproject.toml"), encoding: .utf8)
        #expect(pyproject.contains("version = \"0.3.0\""))
        try GantryProcess.git(["tag", "v0.3.0"], in: repo)
        try GantryProcess.git(["push", "-q", server.gitURL("acme/pvoutput"), "v0.3.0"], in: repo)
        let out = try server.python("""
            project = gl.projects.get("acme/pvoutput")
            p = wait_for(project, first_pipeline(project).id)
            print("pipeline", p.status, p.ref, p.tag)
            jobs = {j.name: j for j in p.jobs.list(get_all=True)}
            print("publish", jobs["publish"].status if "publish" in jobs else None)
            print("jobs", sorted((name, j.status) for name, j in jobs.items()))
            for name, j in jobs.items():
                if j.status == "failed" and not j.allow_failure:
                    print(f"--- trace of {name}:", project.jobs.get(j.id).trace().decode(errors="replace")[-3000:])
            for pkg in project.packages.list(get_all=True):
                print("package", pkg.name, pkg.version, "pipeline", pkg.pipeline["id"] == p.id)
                print("files", sorted(f.file_name for f in pkg.package_files.list(get_all=True)))
            """)
        #expect(out.contains("pipeline success v0.3.0 True"), "\(out)\n\(server.log)")
        #expect(out.contains("publish success"), "\(out)")
        #expect(out.contains("package pvoutput 0.3.0 pipeline True"), "\(out)")
        #expect(out.contains("files ['pvoutput-0.3.0-py3-none-any.whl', 'pvoutput-0.3.0.tar.gz']"), "\(out)")
    }
}

// MARK: Helpers

extension ServerProcess {
    /// A project's or group's simple index with root's token in the URL, as pip takes it.
    /// `scope`: "projects/<id>" or "groups/<id>/-".
    func indexURL(_ scope: String) -> String {
        url.replacingOccurrences(of: "http://", with: "http://root:\(ServerProcess.rootToken)@") + "/api/v4/\(scope)/packages/pypi/simple"
    }

    /// The file names in a project's registry, sorted, as the packages API lists them.
    func packageFiles(_ project: String) throws -> [String] {
        let out = try python("""
            project = gl.projects.get("\(project)")
            names = [f.file_name for p in project.packages.list(get_all=True) for f in p.package_files.list(get_all=True)]
            print(json.dumps(sorted(names)))
            """)
        return (try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String]) ?? ["unreadable: \(out)"]
    }

    /// Every file under the data directory's `packages` folder (content and temporary files).
    func storedPackageContent() -> [String] {
        let root = data.appendingPathComponent("packages")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])?
            .compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true } ?? []
        return files.map { $0.path.replacingOccurrences(of: root.path + "/", with: "") }.sorted()
    }
}

/// A tool from the project venv (twine, poetry, uv, python), with its output and errors merged.
enum Tool {
    struct Result {
        var status: Int32
        var output: String
    }

    static let venv = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin")

    static func run(_ tool: String, _ arguments: [String], in directory: URL? = nil, env: [String: String] = [:],
                    unset: [String] = [], executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? venv.appendingPathComponent(tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        // Wide lines: rich (twine) would otherwise wrap the server's message mid-sentence.
        environment.merge(["NO_PROXY": "*", "COLUMNS": "500", "NO_COLOR": "1", "TWINE_NON_INTERACTIVE": "1",
                           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                           "POETRY_NO_INTERACTION": "1"]) { _, new in new }
        environment.merge(env) { _, new in new }
        for name in unset { environment[name] = nil }
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-tool-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return Result(status: process.terminationStatus, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// A legacy-form upload with curl as root; returns the body, a newline and the status.
    static func curlUpload(_ url: String, file: URL, fields: [String: String], as filename: String? = nil,
                           extra: [String: String] = [:]) throws -> String {
        var arguments = ["-s", "-w", "\n%{http_code}", "-u", "root:\(ServerProcess.rootToken)", "-F", ":action=file_upload",
                         "-F", "content=@\(file.path);filename=\(filename ?? file.lastPathComponent)"]
        for (key, value) in fields.merging(extra, uniquingKeysWith: { _, new in new }).sorted(by: { $0.key < $1.key }) {
            arguments += ["-F", "\(key)=\(value)"]
        }
        return try run("curl", arguments + [url], executable: URL(fileURLWithPath: "/usr/bin/curl")).output
    }
}

/// `pip install --index-url` into a fresh venv, then an import of the library.
enum PipInstall {
    static func fromIndex(_ index: String) throws -> Tool.Result {
        let venv = GantryProcess.scratchRoot.appendingPathComponent("venv-\(UUID().uuidString)")
        let created = try Tool.run("python3", ["-m", "venv", venv.path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        guard created.status == 0 else { return created }
        let bin = venv.appendingPathComponent("bin")
        // Only the index under test: no pip.conf, no find-links of the machine.
        let install = try Tool.run("pip", ["install", "--no-cache-dir", "--index-url", index, "pvoutput"],
                                   env: ["PIP_CONFIG_FILE": "/dev/null"], unset: ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL"],
                                   executable: bin.appendingPathComponent("pip"))
        guard install.status == 0 else { return install }
        let imported = try Tool.run("python", ["-c", "import pvoutput; print('imported', pvoutput.__name__, pvoutput.__version__)"],
                                    in: GantryProcess.scratchRoot, executable: bin.appendingPathComponent("python"))
        return Tool.Result(status: imported.status, output: install.output + imported.output)
    }
}

/// The example libraries built once per test run: the setuptools one with `python -m build`,
/// the Poetry one with `poetry build`.
enum ExampleDistributions {
    struct Built: Sendable {
        /// The copy of the example the files were built from (poetry publish runs there).
        let project: URL
        let files: [URL]
        var wheel: URL { files.first { $0.pathExtension == "whl" }! }
        var sdist: URL { files.first { $0.lastPathComponent.hasSuffix(".tar.gz") }! }
    }

    struct Failure: Error, CustomStringConvertible, Sendable { let description: String }

    static let setuptools: Result<Built, Failure> = build("pvoutput") { dir in
        try Tool.run("python", ["-m", "build", "--outdir", "dist", "."], in: dir)
    }

    static let poetry: Result<Built, Failure> = build("pvoutput-poetry") { dir in
        try Tool.run("poetry", ["build"], in: dir)
    }

    private static func build(_ example: String, _ command: (URL) throws -> Tool.Result) -> Result<Built, Failure> {
        do {
            // Without .gantry: local run state, large for the Poetry example.
            let dir = GantryProcess.scratchRoot.appendingPathComponent("dists-\(UUID().uuidString)/\(example)")
            try ServerProcess.copyExample(example, to: dir)
            let result = try command(dir)
            guard result.status == 0 else { return .failure(Failure(description: "building \(example) failed:\n\(result.output)")) }
            let dist = dir.appendingPathComponent("dist")
            let files = try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted().map { dist.appendingPathComponent($0) }
            guard files.count == 2 else { return .failure(Failure(description: "\(example) built \(files)")) }
            return .success(Built(project: dir, files: files))
        } catch {
            return .failure(Failure(description: "building \(example): \(error)"))
        }
    }
}
