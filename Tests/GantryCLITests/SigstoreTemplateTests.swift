import Foundation
import GantryTestSupport
import Testing

/// The Python-Package template's sign stage on a real `gantry server --runner`, judged by the real
/// sigstore client (4.5.1): a release tag's pipeline with `SIGN_ENABLED: "true"` builds the wheel,
/// signs it and uploads it with its PEP 740 attestation; outside the pipeline `sigstore verify
/// identity --offline` accepts the wheel's bundle, and pypi-attestations its attestation, for the
/// tag pipeline's identity only. Then the server restarts on the same data
/// directory and port: the bundle still verifies offline with the restarted server's trust config,
/// and a detached `.sig`/`.crt` pair made before the restart verifies online against its log.
@Suite(.serialized) struct SigstoreTemplateTests {
    static let python = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python").path

    /// The template, signing on, lint jobs off (they do not touch signing); `detached` signs the
    /// wheel in the seeds' shape (a `.sig` and a `.crt`) with the test venv's client.
    static let pipeline = """
        include:
          - template: Python-Package.gitlab-ci.yml
        variables:
          SIGN_ENABLED: "true"
          PYLINT_DISABLED: "true"
          BLACK_DISABLED: "true"
          MYPY_DISABLED: "true"
          NO_PROXY: "127.0.0.1,localhost"
          no_proxy: "127.0.0.1,localhost"
        detached:
          stage: sign
          needs: [build]
          id_tokens:
            SIGSTORE_ID_TOKEN:
              aud: sigstore
          script:
            - curl -sf "$CI_SERVER_URL/-/sigstore/trust-config.json" -o trust.json
            - \(python) -m sigstore --trust-config trust.json sign --identity-token "$SIGSTORE_ID_TOKEN" --signature detached.sig --certificate detached.crt dist/greet-1.0.0-py3-none-any.whl
          artifacts: {paths: [detached.sig, detached.crt]}

        """

    @Test func tagPipelineSignsTheWheelAndARestartKeepsItVerifiable() throws {
        var server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "2"])
        defer { server.stop() }
        var files = PythonProjects.setuptools
        files[".gitlab-ci.yml"] = Self.pipeline
        let (result, out) = try Self.release(files, on: server)
        #expect(result.contains("status success v1.0.0 True"), "\(result)\n\(server.log)")
        for job in ["build", "unit-tests", "wheel-install", "sign", "detached", "publish"] {
            #expect(result.contains("job \(job) success"), "\(job)\n\(result)")
        }
        // The bundles stay in the sign job's artifacts; twine uploaded only the distributions,
        // with their PEP 740 attestations.
        #expect(result.contains("uploaded ['greet-1.0.0-py3-none-any.whl', 'greet-1.0.0.tar.gz']"), "\(result)")
        #expect(result.contains("attestations sent True"), "\(result)")
        #expect(result.contains("provenance [('greet-1.0.0-py3-none-any.whl', True), ('greet-1.0.0.tar.gz', True)]"), "\(result)")

        let wheel = out.appendingPathComponent("dist/greet-1.0.0-py3-none-any.whl")
        let bundle = out.appendingPathComponent("dist/greet-1.0.0-py3-none-any.whl.sigstore.json")
        #expect(FileManager.default.fileExists(atPath: bundle.path), "\(result)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("dist/greet-1.0.0.tar.gz.sigstore.json").path))
        let host = String(server.url.dropFirst("http://".count))
        let release = "https://\(host)/root/greet//.gitlab-ci.yml@refs/tags/v1.0.0"
        let trust = try Self.trustConfig(server, into: out.appendingPathComponent("trust.json"))

        let good = try Self.verifyOffline(trust, bundle, release, server.url, wheel)
        #expect(good.status == 0 && good.stderr.contains("OK: \(wheel.path)"), "\(good.stdout)\n\(good.stderr)")
        for wrong in ["https://\(host)/root/greet//.gitlab-ci.yml@refs/heads/main",
                      "https://\(host)/root/other//.gitlab-ci.yml@refs/tags/v1.0.0"] {
            let refused = try Self.verifyOffline(trust, bundle, wrong, server.url, wheel)
            #expect(refused.status != 0 && refused.stderr.contains("Certificate's SANs do not match"),
                    "\(wrong)\n\(refused.stdout)\n\(refused.stderr)")
        }

        // The wheel's PEP 740 attestation, checked by pypi-attestations' own verify with Gantry's root.
        let attestation = out.appendingPathComponent("dist/greet-1.0.0-py3-none-any.whl.publish.attestation")
        let attested = try Self.verifyAttestation(trust, attestation, wheel, release, server.url)
        #expect(attested.stdout.contains("verified https://docs.pypi.org/attestations/publish/v1"), "\(attested.stdout)\n\(attested.stderr)")
        let foreign = try Self.verifyAttestation(trust, attestation, wheel, "https://\(host)/root/other//.gitlab-ci.yml@refs/tags/v1.0.0", server.url)
        #expect(foreign.stdout.contains("refused") && foreign.stdout.contains("SANs do not match"), "\(foreign.stdout)\n\(foreign.stderr)")

        // The restart: same data directory, same address (the URL is part of the identity and the issuer).
        let port = try #require(server.url.split(separator: ":").last.map(String.init))
        server.stop()
        server = try ServerProcess(data: server.data, arguments: ["--listen", "127.0.0.1:\(port)"])
        #expect(server.url == "http://\(host)")
        let restarted = try Self.trustConfig(server, into: out.appendingPathComponent("trust-restarted.json"))
        #expect(try Data(contentsOf: restarted) == Data(contentsOf: trust), "the restarted server publishes other keys")

        let old = try Self.verifyOffline(restarted, bundle, release, server.url, wheel)
        #expect(old.status == 0 && old.stderr.contains("OK: \(wheel.path)"), "\(old.stdout)\n\(old.stderr)")
        // Online: the client finds the detached signature's entry in the restarted server's log.
        let detached = try Self.verifyDetached(restarted, out, release, server.url, wheel)
        #expect(detached.status == 0 && detached.stderr.contains("OK: \(wheel.path)"), "\(detached.stdout)\n\(detached.stderr)")
        let otherProject = try Self.verifyDetached(restarted, out, "https://\(host)/root/other//.gitlab-ci.yml@refs/tags/v1.0.0",
                                                   server.url, wheel)
        #expect(otherProject.status != 0, "\(otherProject.stderr)")
        let check = try GantryProcess.run(["admin", "--data", server.data.path, "transparency-log", "check"])
        #expect(check.status == 0 && check.stdout.contains("consistent"), "\(check.stdout)\n\(check.stderr)")
        try? FileManager.default.removeItem(at: out)
    }

    /// The Poetry template's sign job (a plain venv, no Poetry) signs the release's wheel too;
    /// `poetry publish` uploads it without the attestations, which it cannot send.
    @Test func poetryTagPipelineSignsTheWheel() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "2"])
        defer { server.stop() }
        var files = PythonProjects.poetry
        files[".gitlab-ci.yml"] = """
            include:
              - template: Poetry.gitlab-ci.yml
            variables:
              SIGN_ENABLED: "true"
              SOURCE_DIR: greet
              PYLINT_DISABLED: "true"
              BLACK_DISABLED: "true"
              MYPY_DISABLED: "true"
              NO_PROXY: "127.0.0.1,localhost"
              no_proxy: "127.0.0.1,localhost"

            """
        let (result, out) = try Self.release(files, on: server)
        #expect(result.contains("status success v1.0.0 True"), "\(result)\n\(server.log)")
        for job in ["poetry-env", "build", "unit-tests", "wheel-install", "sign", "publish"] {
            #expect(result.contains("job \(job) success"), "\(job)\n\(result)")
        }
        #expect(result.contains("uploaded ['greet-1.0.0-py3-none-any.whl', 'greet-1.0.0.tar.gz']"), "\(result)")
        let wheel = out.appendingPathComponent("dist/greet-1.0.0-py3-none-any.whl")
        let trust = try Self.trustConfig(server, into: out.appendingPathComponent("trust.json"))
        let host = String(server.url.dropFirst("http://".count))
        let good = try Self.verifyOffline(trust, out.appendingPathComponent("dist/greet-1.0.0-py3-none-any.whl.sigstore.json"),
                                          "https://\(host)/root/greet//.gitlab-ci.yml@refs/tags/v1.0.0", server.url, wheel)
        #expect(good.status == 0 && good.stderr.contains("OK: \(wheel.path)"), "\(good.stdout)\n\(good.stderr)")
        #expect(FileManager.default.fileExists(atPath: wheel.path + ".publish.attestation"))
        try? FileManager.default.removeItem(at: out)
    }

    /// What a user sees before pushing: `gantry lint` accepts a project that switches signing on,
    /// `gantry config` shows the stage and the job with its ID token, `gantry plan` puts it
    /// between the tests and the upload, which gets its bundles.
    @Test(arguments: ["Python-Package.gitlab-ci.yml", "Poetry.gitlab-ci.yml"])
    func lintConfigAndPlanShowTheSignStage(_ template: String) throws {
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": """
            include:
              - template: \(template)
            variables:
              SIGN_ENABLED: "true"

            """])
        let lint = try GantryProcess.run(["lint"], in: repo)
        #expect(lint.status == 0 && lint.stdout.contains("valid") && lint.stderr.isEmpty, "\(lint.stdout)\n\(lint.stderr)")

        let config = try GantryProcess.run(["config"], in: repo)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(config.stdout.utf8)) as? [String: Any], "\(config.stderr)")
        #expect(json["stages"] as? [String] == [".pre", "build", "test", "sign", "publish", ".post"])
        let sign = try #require((json["jobs"] as? [String: Any])?["sign"] as? [String: Any], "\(config.stdout)")
        #expect(sign["stage"] as? String == "sign")
        #expect(((sign["id_tokens"] as? [String: Any])?["SIGSTORE_ID_TOKEN"] as? [String: Any])?["aud"] as? String == "sigstore")

        let plan = try GantryProcess.run(["plan", "--tag", "v1.0.0"], in: repo)
        let lines = plan.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("sign sign on_success no build, unit-tests, wheel-install"), "\(plan.stdout)")
        #expect(lines.contains("publish publish on_success no build, unit-tests, wheel-install, sign"), "\(plan.stdout)")
        // Off by default: the same project without the variable plans no sign job.
        try "include:\n  - template: \(template)\n".write(to: repo.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        let off = try GantryProcess.run(["plan", "--tag", "v1.0.0"], in: repo)
        #expect(off.status == 0 && !off.stdout.contains("sign") && off.stdout.contains("publish"), "\(off.stdout)")
    }

    // MARK: Helpers

    /// Pushes the tag `v1.0.0` of a repository of `files` to a new project root/greet (its jobs
    /// install from the wheelhouse) and waits for the release pipeline. Returns what the script
    /// printed (`status`, each `job` and its status, whether twine was given attestations, the
    /// `uploaded` files) and the folder holding the artifacts of build, sign and detached.
    static func release(_ files: [String: String], on server: ServerProcess) throws -> (String, URL) {
        _ = try server.python(#"gl.projects.create({"name": "greet"})"#)
        try server.useWheelhouse("root/greet")
        let repo = try ServerProcess.repository(files: files)
        try GantryProcess.git(["tag", "v1.0.0"], in: repo)
        // The tag alone: one pipeline, the release's.
        try GantryProcess.git(["push", "-q", server.gitURL("root/greet"), "refs/tags/v1.0.0"], in: repo)
        let out = GantryProcess.scratchRoot.appendingPathComponent("greet-\(UUID().uuidString)")
        let result = try server.python("""
            project = gl.projects.get("root/greet")
            p = wait_for(project, first_pipeline(project).id, timeout=600)
            failed_traces(project, p)
            print("status", p.status, p.ref, p.tag)
            for j in p.jobs.list(get_all=True):
                print("job", j.name, j.status)
                if j.name in ("build", "sign", "detached") and j.status == "success":
                    zipfile.ZipFile(io.BytesIO(project.jobs.get(j.id).artifacts())).extractall("\(out.path)")
                if j.name == "publish":
                    # twine's own warning: it was given --attestations for a registry that is not PyPI.
                    print("attestations sent", "Only PyPI and TestPyPI support attestations" in project.jobs.get(j.id).trace().decode())
            print("uploaded", sorted(f.file_name for pkg in project.packages.list(get_all=True)
                                     for f in project.packages.get(pkg.id).package_files.list(get_all=True)))
            # The registry kept the attestations twine sent: the JSON simple API links provenance.
            import requests
            session = requests.Session()
            session.trust_env = False
            index = session.get(gl.url + "/api/v4/projects/root%2Fgreet/packages/pypi/simple/greet/",
                                headers={"PRIVATE-TOKEN": gl.private_token, "Accept": "application/vnd.pypi.simple.v1+json"}).json()
            print("provenance", sorted((f["filename"], f.get("provenance") is not None) for f in index["files"]))
            """)
        return (result, out)
    }

    static func trustConfig(_ server: ServerProcess, into file: URL) throws -> URL {
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                ["-sf", "--noproxy", "*", "-m", "60", "-o", file.path, server.url + "/-/sigstore/trust-config.json"],
                                waitingFor: "the trust config of \(server.url)")
        guard r.status == 0 else { throw ServerProcess.ServerFailure(description: "no trust config: \(r.stderr)") }
        return file
    }

    static func verifyOffline(_ trust: URL, _ bundle: URL, _ identity: String, _ issuer: String, _ file: URL) throws -> Waiting.Result {
        try Waiting.run(URL(fileURLWithPath: python),
                        ["-m", "sigstore", "--trust-config", trust.path, "verify", "identity", "--offline", "--bundle", bundle.path,
                         "--cert-identity", identity, "--cert-oidc-issuer", issuer, file.path],
                        waitingFor: "sigstore verify identity --offline \(identity)")
    }

    /// `attestation.verify(Identity(...), dist)` as pypi-attestations does it, its "production"
    /// verifier being one with the trusted root of Gantry's trust config.
    static let attestationCheck = #"""
        import pathlib, sys
        from sigstore.models import ClientTrustConfig
        from sigstore.verify import Verifier, policy
        from pypi_attestations import Attestation, Distribution
        trust, attestation, dist, identity, issuer = sys.argv[1:6]
        root = ClientTrustConfig.from_json(pathlib.Path(trust).read_text()).trusted_root
        Verifier.production = classmethod(lambda cls, offline=False: cls(trusted_root=root))
        found = Attestation.model_validate_json(pathlib.Path(attestation).read_text())
        try:
            kind, _ = found.verify(policy.Identity(identity=identity, issuer=issuer), Distribution.from_file(pathlib.Path(dist)), offline=True)
            print("verified", kind)
        except Exception as error:
            print("refused", error)
        """#

    static func verifyAttestation(_ trust: URL, _ attestation: URL, _ dist: URL, _ identity: String, _ issuer: String) throws -> Waiting.Result {
        try Waiting.run(URL(fileURLWithPath: python), ["-c", attestationCheck, trust.path, attestation.path, dist.path, identity, issuer],
                        waitingFor: "pypi-attestations verifying \(attestation.lastPathComponent) for \(identity)")
    }

    static func verifyDetached(_ trust: URL, _ folder: URL, _ identity: String, _ issuer: String, _ file: URL) throws -> Waiting.Result {
        try Waiting.run(URL(fileURLWithPath: python),
                        ["-m", "sigstore", "--trust-config", trust.path, "verify", "identity",
                         "--signature", folder.appendingPathComponent("detached.sig").path,
                         "--certificate", folder.appendingPathComponent("detached.crt").path,
                         "--cert-identity", identity, "--cert-oidc-issuer", issuer, file.path],
                        environment: ProcessInfo.processInfo.environment.merging(["NO_PROXY": "*", "no_proxy": "*"]) { $1 },
                        waitingFor: "sigstore verify identity, detached, \(identity)")
    }
}
