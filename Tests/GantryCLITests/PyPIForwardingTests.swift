import Foundation
import GantryTestSupport
import Testing

/// PyPI package forwarding against a local upstream: a second `gantry server` whose public
/// project index plays pypi.org. The local registry holds `acme-app` 1.0, which needs
/// `upstream-dep`; the upstream holds `upstream-dep` 1.0 and a higher `Acme_App` 9.0 (the same
/// normalized name: a dependency-confusion attempt).
@Suite(.serialized) struct PyPIForwardingTests {
    @Test func pipAndUvGetLocalNamesHereAndTheRestFromTheUpstream() throws {
        let built = try TinyWheels.build([("acme-app", "1.0", ["upstream-dep>=1.0"]), ("upstream-dep", "1.0", []),
                                          ("Acme_App", "9.0", ["upstream-dep>=1.0"])])
        let wheels = (app: built[0], dep: built[1], shadow: built[2])
        let upstream = try ServerProcess()
        defer { upstream.stop() }
        _ = try upstream.python(#"gl.projects.create({"name": "mirror", "visibility": "public"})"#)
        try upload(upstream, "root%2Fmirror", [wheels.dep, wheels.shadow])
        let upstreamIndex = upstream.url + "/api/v4/projects/root%2Fmirror/packages/pypi/simple"

        let local = try ServerProcess(arguments: ["--pypi-upstream", upstreamIndex + "/"])
        defer { local.stop() }
        _ = try local.python("""
            acme = gl.groups.create({"name": "Acme", "path": "acme"})
            gl.projects.create({"name": "app", "namespace_id": acme.id})
            """)
        try upload(local, "acme%2Fapp", [wheels.app])
        let index = local.indexURL("projects/acme%2Fapp")

        let pip = try TinyWheels.install(with: .pip, from: index)
        #expect(pip.status == 0, "\(pip.output)")
        #expect(pip.output.contains("acme_app 1.0 upstream_dep 1.0"), "\(pip.output)")
        let uv = try TinyWheels.install(with: .uv, from: index)
        #expect(uv.status == 0, "\(uv.output)")
        #expect(uv.output.contains("acme_app 1.0 upstream_dep 1.0"), "\(uv.output)")
        let group = try TinyWheels.install(with: .pip, from: local.indexURL("groups/acme/-"))
        #expect(group.output.contains("acme_app 1.0 upstream_dep 1.0"), "\(group.output)")

        // What an attacker tries: strangers, names that are paths, queries or headers, other spellings.
        let out = try Tool.run("python", ["-c", """
            import requests, sys
            base, token, upstream = sys.argv[1], sys.argv[2], sys.argv[3]
            simple = base + "/api/v4/projects/acme%2Fapp/packages/pypi/simple/"
            def get(path, auth=("x", token)):
                r = requests.get(simple + path, auth=auth, allow_redirects=False)
                return r.status_code, r.headers.get("Location", "")
            print("anonymous", get("upstream-dep/", auth=None))
            for name in ["..%2F..%2Fevil/", "evil.com%2Fx/", "x%0d%0aSet-Cookie:%20a=b/", "x%3Fq=1/", "-x/", "x%23y/", "%2F%2Fevil.com/"]:
                print("bad", name, get(name))
            print("forwarded", get("upstream-dep/"))
            print("spelled", get("Upstream_Dep/"))
            print("local", get("acme-app/")[0], get("ACME.app/"))
            r = requests.get(simple + "upstream-dep/", auth=("x", token))
            print("followed", r.status_code, r.url.startswith(upstream), "upstream-dep-1.0" in r.text.replace("_", "-"))
            print("group", requests.get(base + "/api/v4/groups/acme/-/packages/pypi/simple/upstream-dep/", auth=("x", token),
                                        allow_redirects=False).status_code)
            """, local.url, ServerProcess.rootToken, upstreamIndex])
        #expect(out.status == 0, "\(out.output)")
        for line in ["anonymous (401, '')", "forwarded (302, '\(upstreamIndex)/upstream-dep/')",
                     "spelled (301, '/api/v4/projects/1/packages/pypi/simple/upstream-dep/')",
                     "local 200 (301, '/api/v4/projects/1/packages/pypi/simple/acme-app/')", "followed 200 True True", "group 302"] {
            #expect(out.output.contains(line), "\(line)\n\(out.output)")
        }
        #expect(out.output.components(separatedBy: "\n").filter { $0.hasPrefix("bad ") }.allSatisfy { $0.hasSuffix("(404, '')") },
                "\(out.output)")
        // A signed-in stranger gets the private project's 404, not the upstream.
        let stranger = try local.python("""
            _, t, _ = person("mallory")
            import requests
            r = requests.get("\(local.url)/api/v4/projects/acme%2Fapp/packages/pypi/simple/upstream-dep/", auth=("x", t), allow_redirects=False)
            print("stranger", r.status_code, r.headers.get("Location"))
            """)
        #expect(stranger.contains("stranger 404 None"), "\(stranger)")

        // The group's owner turns forwarding off: the public dependency is no longer found.
        _ = try local.python("""
            g = gl.groups.get("acme")
            g.pypi_package_requests_forwarding = False
            g.save()
            """)
        let off = try TinyWheels.install(with: .pip, from: index)
        #expect(off.status != 0)
        #expect(off.output.contains("No matching distribution found for upstream-dep"), "\(off.output)")
    }

    /// `--no-pypi-forwarding` turns it off for groups without a setting of their own; a group turns it on.
    @Test func instanceDefaultOffAndAGroupTurnsItOn() throws {
        let local = try ServerProcess(arguments: ["--no-pypi-forwarding", "--pypi-upstream", "http://127.0.0.1:9/simple"])
        defer { local.stop() }
        let out = try local.python("""
            import requests
            acme = gl.groups.create({"name": "Acme", "path": "acme"})
            sub = gl.groups.create({"name": "Sub", "path": "sub", "parent_id": acme.id})
            gl.projects.create({"name": "app", "namespace_id": sub.id})
            def status():
                r = requests.get("\(local.url)/api/v4/projects/acme%2Fsub%2Fapp/packages/pypi/simple/anything/",
                                 auth=("x", "\(ServerProcess.rootToken)"), allow_redirects=False)
                return r.status_code, r.headers.get("Location")
            print("default", status())
            acme.pypi_package_requests_forwarding = True
            acme.save()
            print("inherited", status())
            sub.pypi_package_requests_forwarding = False
            sub.save()
            print("subgroup", status())
            """)
        #expect(out.contains("default (404, None)"), "\(out)")
        #expect(out.contains("inherited (302, 'http://127.0.0.1:9/simple/anything/')"), "\(out)")
        #expect(out.contains("subgroup (404, None)"), "\(out)")
    }

    /// The packages API shows one PEP 503 name whichever spelling the upload had (twine keeps
    /// `acme-mathx`, poetry writes `acme_mathx`), and `package_name` matches a part of it in any spelling.
    @Test func packagesAPIShowsOneNormalizedNameAndFiltersByIt() throws {
        let files = try TinyWheels.build([("acme-mathx", "1.0", []), ("acme_mathx", "2.0", []), ("Acme.Other", "1.0", [])])
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "maths"})"#)
        try upload(server, "root%2Fmaths", files)
        let out = try server.python("""
            project = gl.projects.get("root/maths")
            print("names", sorted({p.name for p in project.packages.list(get_all=True)}))
            for query in ["Acme_MathX", "mathx", "acme.", "ACME-O", "nothing"]:
                print(query, sorted(f"{p.name} {p.version}" for p in project.packages.list(package_name=query, get_all=True)))
            """)
        for line in ["names ['acme-mathx', 'acme-other']", "Acme_MathX ['acme-mathx 1.0', 'acme-mathx 2.0']",
                     "mathx ['acme-mathx 1.0', 'acme-mathx 2.0']", "acme. ['acme-mathx 1.0', 'acme-mathx 2.0', 'acme-other 1.0']",
                     "ACME-O ['acme-other 1.0']", "nothing []"] {
            #expect(out.contains(line), "\(line)\n\(out)")
        }
    }

    /// An upstream with credentials would show them to every client in `Location`: refused at start.
    @Test func anUpstreamWithCredentialsOrNotHTTPIsRefused() throws {
        let data = GantryProcess.scratchRoot.appendingPathComponent("data-\(UUID().uuidString)")
        for (upstream, message) in [("https://user:secret@mirror.example/simple", "the PyPI upstream must not hold credentials"),
                                    ("ftp://mirror.example/simple", "is not an http(s) URL"),
                                    ("https://mirror.example/simple?x=1", "must not have a query or fragment")] {
            let r = try GantryProcess.run(["server", "--data", data.path, "--listen", "127.0.0.1:0", "--pypi-upstream", upstream])
            #expect(r.status == 1)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }

    private func upload(_ server: ServerProcess, _ project: String, _ files: [URL]) throws {
        let r = try Tool.run("twine", ["upload", "--repository-url", "\(server.url)/api/v4/projects/\(project)/packages/pypi",
                                       "-u", "x", "-p", ServerProcess.rootToken] + files.map(\.path))
        #expect(r.status == 0, "\(r.output)")
    }
}

/// One-module wheels written directly (a zip with METADATA, WHEEL and RECORD; the module is the
/// name with `_`, lower case), and an install of `acme-app` into a fresh venv with pip or uv from one index.
enum TinyWheels {
    enum Installer { case pip, uv }

    /// (name as in METADATA, version, Requires-Dist) each; the wheels' files in that order.
    static func build(_ wheels: [(String, String, [String])]) throws -> [URL] {
        let dir = GantryProcess.scratchRoot.appendingPathComponent("tiny-wheels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try Tool.run("python", ["-c", """
            import base64, hashlib, sys, zipfile
            import json
            def wheel(name, version, requires):
                dist = name.replace("-", "_").replace(".", "_")
                module = dist.lower()
                info = f"{dist}-{version}.dist-info"
                files = {f"{module}.py": f"__version__ = '{version}'\\n",
                         f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n"
                                             + "".join(f"Requires-Dist: {r}\\n" for r in requires),
                         f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
                record = "".join(f"{p},sha256={base64.urlsafe_b64encode(hashlib.sha256(c.encode()).digest()).rstrip(b'=').decode()},{len(c)}\\n"
                                 for p, c in files.items()) + f"{info}/RECORD,,\\n"
                files[f"{info}/RECORD"] = record
                with zipfile.ZipFile(f"{sys.argv[1]}/{dist}-{version}-py3-none-any.whl", "w") as z:
                    for p, c in files.items():
                        z.writestr(p, c)
            for name, version, requires in json.loads(sys.argv[2]):
                wheel(name, version, requires)
            """, dir.path, String(decoding: try JSONSerialization.data(withJSONObject: wheels.map { [$0.0, $0.1, $0.2] as [Any] }), as: UTF8.self)])
        guard r.status == 0 else { throw ServerProcess.ServerFailure(description: "building wheels: \(r.output)") }
        return wheels.map { dir.appendingPathComponent("\($0.0.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_"))-\($0.1)-py3-none-any.whl") }
    }

    static func install(with installer: Installer, from index: String) throws -> Tool.Result {
        let venv = GantryProcess.scratchRoot.appendingPathComponent("venv-\(UUID().uuidString)")
        let created = try Tool.run("python3", ["-m", "venv", venv.path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        guard created.status == 0 else { return created }
        let python = venv.appendingPathComponent("bin/python")
        let install = switch installer {
        case .pip:
            try Tool.run("pip", ["install", "--no-cache-dir", "--index-url", index, "acme-app"],
                         env: ["PIP_CONFIG_FILE": "/dev/null"], unset: ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL"],
                         executable: venv.appendingPathComponent("bin/pip"))
        case .uv:
            try Tool.run("uv", ["pip", "install", "--no-cache", "--python", python.path, "--index-url", index, "acme-app"],
                         env: ["UV_NO_CONFIG": "1"], unset: ["UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_FIND_LINKS"])
        }
        guard install.status == 0 else { return install }
        let imported = try Tool.run("python", ["-c", "import acme_app, upstream_dep; print('acme_app', acme_app.__version__, 'upstream_dep', upstream_dep.__version__)"],
                                    in: GantryProcess.scratchRoot, executable: python)
        return Tool.Result(status: imported.status, output: install.output + imported.output)
    }
}
