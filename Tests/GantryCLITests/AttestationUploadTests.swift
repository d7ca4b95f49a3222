import Foundation
import GantryTestSupport
import Testing

/// PEP 740 attestations in the PyPI registry, with the real clients: a pipeline job with
/// `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore` builds the example library, attests its files
/// with pypi-attestations (sigstore 4.5.1 against Gantry's trust config) and uploads the wheel
/// with `twine upload --attestations` and its job token. Outside the pipeline the simple API
/// names the provenance URL, which answers the PEP 740 object that sigstore's verifier accepts
/// for the project's identity; pip still installs. Another project's attestation, one for another
/// file, a damaged signature and hand-made attacks are each a 400 naming the problem, and leave
/// the registry as it was.
@Suite(.serialized) struct AttestationUploadTests {
    static let python = SigstoreSigningTests.python

    /// The publishing job: the same commands as docs/packages.md's example (with this venv's
    /// python); `other` signs without uploading, for the refusals.
    static func pipeline(upload: Bool) -> String {
        """
        publish:
          variables: {NO_PROXY: "*", no_proxy: "*", PYTHON: "\(python)"}
          id_tokens:
            SIGSTORE_ID_TOKEN:
              aud: sigstore
          script:
            - curl -sf "$CI_SERVER_URL/-/sigstore/trust-config.json" -o trust.json
            - $PYTHON -m build --outdir dist .
            - |
              $PYTHON - trust.json dist/*.whl dist/*.tar.gz <<'PY'
              import os, sys, pathlib
              from sigstore.models import ClientTrustConfig
              from sigstore.oidc import IdentityToken
              from sigstore.sign import SigningContext
              from pypi_attestations import Attestation, Distribution
              config = ClientTrustConfig.from_json(pathlib.Path(sys.argv[1]).read_text())
              with SigningContext.from_trust_config(config).signer(IdentityToken(os.environ["SIGSTORE_ID_TOKEN"])) as signer:
                  for name in sys.argv[2:]:
                      dist = pathlib.Path(name)
                      attestation = Attestation.sign(signer, Distribution.from_file(dist))
                      dist.with_name(dist.name + ".publish.attestation").write_text(attestation.model_dump_json())
                      print("attested", dist.name)
              PY
            - mkdir held && mv dist/*.tar.gz* held/
        \(upload ? """
            - TWINE_USERNAME=gitlab-ci-token TWINE_PASSWORD="$CI_JOB_TOKEN" $PYTHON -m twine upload --verbose --attestations --repository-url "$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages/pypi" dist/*
        """ : "")
          artifacts: {paths: [dist/, held/, trust.json]}

        """
    }

    /// `check.py SERVER TOKEN TRUST IDENTITY OTHER_IDENTITY DIST...`: the simple API's provenance
    /// links, the provenance object checked by pypi-attestations' models and sigstore's verifier.
    static let check = #"""
        import hashlib, sys, pathlib, requests
        from pypi_attestations import Provenance
        from sigstore.models import ClientTrustConfig
        from sigstore.verify import Verifier, policy

        server, token, trust, identity, other = sys.argv[1:6]
        dists = [pathlib.Path(p) for p in sys.argv[6:]]
        session = requests.Session()
        session.trust_env = False
        simple = server + "/api/v4/projects/acme%2Fapp/packages/pypi/simple/pvoutput/"
        index = session.get(simple, headers={"PRIVATE-TOKEN": token, "Accept": "application/vnd.pypi.simple.v1+json"}).json()
        html = session.get(simple, headers={"PRIVATE-TOKEN": token}).text
        verifier = Verifier(trusted_root=ClientTrustConfig.from_json(pathlib.Path(trust).read_text()).trusted_root)
        group = session.get(server + "/api/v4/groups/acme/-/packages/pypi/simple/pvoutput/",
                            headers={"PRIVATE-TOKEN": token, "Accept": "application/vnd.pypi.simple.v1+json"}).json()
        for entry in group["files"]:
            answer = session.get(entry["provenance"], headers={"PRIVATE-TOKEN": token})
            print("group provenance", entry["filename"], answer.status_code, answer.content == session.get(
                next(e["provenance"] for e in index["files"] if e["filename"] == entry["filename"]), headers={"PRIVATE-TOKEN": token}).content)
        for entry in index["files"]:
            url = entry["provenance"]
            print("file", entry["filename"], "provenance", url)
            print("html data-provenance", f'data-provenance="{url}"' in html)
            answer = session.get(url, headers={"PRIVATE-TOKEN": token})
            print("provenance status", answer.status_code, answer.headers["Content-Type"])
            print("anonymous status", session.get(url).status_code)
            print("as json", session.get(url, headers={"PRIVATE-TOKEN": token, "Accept": "application/json"}).headers["Content-Type"])
            print("as html", session.get(url, headers={"PRIVATE-TOKEN": token, "Accept": "text/html"}).status_code)
            provenance = Provenance.model_validate_json(answer.content)
            print("claims", answer.json()["attestation_bundles"][0]["publisher"]["claims"]["ref"])
            dist = next(d for d in dists if d.name == entry["filename"])
            for bundle in provenance.attestation_bundles:
                p = bundle.publisher
                print("publisher", p.kind, p.repository, p.workflow_filepath, p.environment)
                for attestation in bundle.attestations:
                    subject = attestation.statement["subject"][0]
                    print("subject", subject["name"], subject["digest"]["sha256"] == hashlib.sha256(dist.read_bytes()).hexdigest())
                    verifier.verify_dsse(attestation.to_bundle(), policy.Identity(identity=identity, issuer=server))
                    print("verified", entry["filename"])
                    try:
                        verifier.verify_dsse(attestation.to_bundle(), policy.Identity(identity=other, issuer=server))
                        print("other identity accepted")
                    except Exception as e:
                        print("other identity refused")
        """#

    /// `attack.py SERVER TOKEN SDIST ATTESTATION`: uploads the sdist with hand-made attestations,
    /// as a client that does not check what it sends would.
    static let attack = #"""
        import base64, copy, datetime, json, sys, requests
        from cryptography import x509
        from cryptography.x509.oid import NameOID
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        server, token, sdist, path = sys.argv[1:5]
        good = json.load(open(path))
        session = requests.Session()
        session.trust_env = False

        def upload(what, attestations):
            data = {":action": "file_upload", "name": "pvoutput", "version": "0.3.0", "attestations": attestations}
            r = session.post(server + "/api/v4/projects/acme%2Fapp/packages/pypi", data=data,
                             files={"content": (sdist.split("/")[-1], open(sdist, "rb"))}, auth=("root", token))
            print(what, r.status_code, r.json().get("message", ""))

        bad = copy.deepcopy(good)
        bad["verification_material"]["certificate"] = "%%% not base64 %%%"
        upload("garbage base64", json.dumps([bad]))
        upload("too many", json.dumps([good, good, good]))
        upload("same type twice", json.dumps([good, good]))
        upload("empty", "[]")
        upload("not a list", json.dumps(good))
        upload("deep", "[" * 100000 + "]" * 100000)
        upload("huge", json.dumps([dict(good, padding="x" * 300000)]))
        unlogged = copy.deepcopy(good)
        body = json.loads(base64.b64decode(unlogged["verification_material"]["transparency_entries"][0]["canonicalizedBody"]))
        body["spec"]["note"] = "never logged"
        unlogged["verification_material"]["transparency_entries"][0]["canonicalizedBody"] = base64.b64encode(json.dumps(body).encode()).decode()
        upload("unlogged", json.dumps([unlogged]))
        # A certificate of another CA with the right identity, signing the right statement.
        key = ec.generate_private_key(ec.SECP256R1())
        cert = x509.load_der_x509_certificate(base64.b64decode(good["verification_material"]["certificate"]))
        now = datetime.datetime.now(datetime.timezone.utc)
        forged = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evil")]))
                  .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evil")])).public_key(key.public_key())
                  .serial_number(1).not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1)))
        for ext in cert.extensions:
            forged = forged.add_extension(ext.value, ext.critical)
        forged = forged.sign(key, hashes.SHA256())
        statement = base64.b64decode(good["envelope"]["statement"])
        pae = b"DSSEv1 %d application/vnd.in-toto+json %d " % (len("application/vnd.in-toto+json"), len(statement)) + statement
        fake = copy.deepcopy(good)
        fake["verification_material"]["certificate"] = base64.b64encode(forged.public_bytes(serialization.Encoding.DER)).decode()
        fake["envelope"]["signature"] = base64.b64encode(key.sign(pae, ec.ECDSA(hashes.SHA256()))).decode()
        upload("forged certificate", json.dumps([fake]))
        """#

    @Test func pipelineUploadsAttestedWheelAndProvenanceVerifies() throws {
        let server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "1"])
        defer { server.stop() }
        _ = try server.python("""
            acme = gl.groups.create({"name": "Acme", "path": "acme"})
            gl.projects.create({"name": "app", "namespace_id": acme.id})
            gl.projects.create({"name": "other", "namespace_id": acme.id})
            """)
        for (project, upload) in [("other", false), ("app", true)] {
            try server.useWheelhouse("acme/\(project)")
            let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.pipeline(upload: upload)], example: "pvoutput")
            try GantryProcess.git(["push", "-q", server.gitURL("acme/\(project)"), "main"], in: repo)
        }
        let out = GantryProcess.scratchRoot.appendingPathComponent("attested-\(UUID().uuidString)")
        let ran = try server.python("""
            for name in ["other", "app"]:
                project = gl.projects.get("acme/" + name)
                p = wait_for(project, first_pipeline(project).id, timeout=480)
                failed_traces(project, p)
                job = project.jobs.get(p.jobs.list()[0].id)
                print(name, "status", p.status)
                print(job.trace().decode())
                zipfile.ZipFile(io.BytesIO(job.artifacts())).extractall("\(out.path)/" + name)
            """)
        #expect(ran.contains("other status success") && ran.contains("app status success"), "\(ran)\n\(server.log)")
        #expect(ran.contains("attested pvoutput-0.3.0-py3-none-any.whl") && ran.contains("201 Created"), "\(ran)")
        let wheel = "pvoutput-0.3.0-py3-none-any.whl", sdist = "pvoutput-0.3.0.tar.gz"
        #expect(try server.packageFiles("acme/app") == [wheel])

        // Refused with the real client: each a 400 naming the problem, nothing stored.
        let app = out.appendingPathComponent("app"), other = out.appendingPathComponent("other")
        let twine = ["upload", "--verbose", "--attestations", "--repository-url", server.url + "/api/v4/projects/acme%2Fapp/packages/pypi",
                     "-u", "root", "-p", ServerProcess.rootToken]
        func refused(_ files: [URL], _ message: String) throws {
            let result = try Tool.run("twine", twine + files.map(\.path))
            #expect(result.status != 0 && result.output.contains("400 Bad request - Invalid attestations supplied during upload: "),
                    "\(result.output)")
            #expect(result.output.contains(message), "\(message)\n\(result.output)")
            #expect(try server.packageFiles("acme/app") == [wheel])
        }
        let host = String(server.url.dropFirst("http://".count))
        try refused([other.appendingPathComponent("held/\(sdist)"), other.appendingPathComponent("held/\(sdist).publish.attestation")],
                    "Verification failed: the certificate's identity 'https://\(host)/acme/other//.gitlab-ci.yml@refs/heads/main' is not a pipeline of acme/app")
        let elsewhere = GantryProcess.scratchRoot.appendingPathComponent("swapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: app.appendingPathComponent("held/\(sdist)"), to: elsewhere.appendingPathComponent(sdist))
        try FileManager.default.copyItem(at: app.appendingPathComponent("dist/\(wheel).publish.attestation"),
                                         to: elsewhere.appendingPathComponent("\(sdist).publish.attestation"))
        try refused([elsewhere.appendingPathComponent(sdist), elsewhere.appendingPathComponent("\(sdist).publish.attestation")],
                    "Verification failed: subject does not match distribution name: \(wheel) != \(sdist)")
        let sdistAttestation = app.appendingPathComponent("held/\(sdist).publish.attestation")
        var damaged = try JSONSerialization.jsonObject(with: Data(contentsOf: sdistAttestation)) as! [String: Any]
        var envelope = damaged["envelope"] as! [String: Any]
        var signature = Data(base64Encoded: envelope["signature"] as! String)!
        signature[signature.count / 2] ^= 1
        envelope["signature"] = signature.base64EncodedString()
        damaged["envelope"] = envelope
        try JSONSerialization.data(withJSONObject: damaged).write(to: elsewhere.appendingPathComponent("\(sdist).publish.attestation"))
        try refused([elsewhere.appendingPathComponent(sdist), elsewhere.appendingPathComponent("\(sdist).publish.attestation")],
                    "Verification failed: the envelope's signature does not verify with the certificate's key")

        // Hand-made attacks.
        let attackScript = GantryProcess.scratchRoot.appendingPathComponent("attest-attack-\(UUID().uuidString).py")
        try Self.attack.write(to: attackScript, atomically: true, encoding: .utf8)
        let attack = try Waiting.run(URL(fileURLWithPath: Self.python),
                                     [attackScript.path, server.url, ServerProcess.rootToken, app.appendingPathComponent("held/\(sdist)").path,
                                      sdistAttestation.path], waitingFor: "uploading hand-made attestations")
        let said = attack.stdout
        #expect(attack.status == 0, "\(said)\n\(attack.stderr)")
        for line in ["garbage base64 400 400 Bad request - Invalid attestations supplied during upload: Malformed attestations: "
                     + "attestations[0].verification_material.certificate must be of type byte (base64)",
                     "too many 400 400 Bad request - Invalid attestations supplied during upload: A maximum of 2 attestations per file are supported",
                     "same type twice 400 400 Bad request - Invalid attestations supplied during upload: Multiple attestations for the same file "
                     + "with the same predicate type (https://docs.pypi.org/attestations/publish/v1) are not supported",
                     "empty 400 400 Bad request - Invalid attestations supplied during upload: Malformed attestations: an empty attestation set is not permitted",
                     "not a list 400 400 Bad request - Invalid attestations supplied during upload: Malformed attestations: the attestations field must be a JSON list",
                     "deep 400 400 Bad request - Invalid attestations supplied during upload: Malformed attestations: the attestations JSON is nested deeper than 16 levels",
                     "huge 400 400 Bad request - Invalid attestations supplied during upload: Malformed attestations: the attestations field is larger than 262144 bytes",
                     "unlogged 400 400 Bad request - Invalid attestations supplied during upload: Could not verify the uploaded artifact using the included "
                     + "attestation: Verification failed: the attestation's transparency log entry is not in this server's log",
                     "forged certificate 400 400 Bad request - Invalid attestations supplied during upload: Could not verify the uploaded artifact using "
                     + "the included attestation: Verification failed: the certificate was not issued by this server's certificate authority"] {
            #expect(said.contains(line), "\(line)\n\(said)")
        }
        #expect(try server.packageFiles("acme/app") == [wheel])

        // The sdist with its own attestation, by a person with twine: accepted.
        let accepted = try Tool.run("twine", twine + [app.appendingPathComponent("held/\(sdist)").path, sdistAttestation.path])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(try server.packageFiles("acme/app") == [wheel, sdist].sorted())

        // Outside the pipeline: the simple API's provenance, verified by sigstore for the project's identity.
        let identity = "https://\(host)/acme/app//.gitlab-ci.yml@refs/heads/main"
        let checkScript = GantryProcess.scratchRoot.appendingPathComponent("attest-check-\(UUID().uuidString).py")
        try Self.check.write(to: checkScript, atomically: true, encoding: .utf8)
        let checked = try Waiting.run(URL(fileURLWithPath: Self.python),
                                      [checkScript.path, server.url, ServerProcess.rootToken, app.appendingPathComponent("trust.json").path,
                                       identity, "https://\(host)/acme/other//.gitlab-ci.yml@refs/heads/main",
                                       app.appendingPathComponent("dist/\(wheel)").path, app.appendingPathComponent("held/\(sdist)").path],
                                      waitingFor: "checking provenance with pypi-attestations and sigstore")
        let shown = checked.stdout
        #expect(checked.status == 0, "\(shown)\n\(checked.stderr)")
        for file in [wheel, sdist] {
            let digest = try Self.sha256(file == wheel ? app.appendingPathComponent("dist/\(wheel)") : app.appendingPathComponent("held/\(sdist)"))
            // The index page of acme/app (project 1) links by project id.
            let url = "\(server.url)/api/v4/projects/1/packages/pypi/files/\(digest)/\(file)/provenance"
            for line in ["file \(file) provenance \(url)", "subject \(file) True", "verified \(file)"] {
                #expect(shown.contains(line), "\(line)\n\(shown)")
            }
        }
        for line in ["html data-provenance True", "provenance status 200 application/vnd.pypi.integrity.v1+json", "anonymous status 401",
                     "as json application/json", "as html 406", "group provenance \(wheel) 200 True", "group provenance \(sdist) 200 True",
                     "publisher GitLab acme/app .gitlab-ci.yml None", "claims refs/heads/main", "other identity refused"] {
            #expect(shown.contains(line), "\(line)\n\(shown)")
        }
        #expect(!shown.contains("other identity accepted") && !shown.contains("html data-provenance False"), "\(shown)")

        // pip still installs; the web UI names the signing pipeline once the project is public.
        let pip = try PipInstall.fromIndex(server.indexURL("projects/acme%2Fapp"))
        #expect(pip.status == 0 && pip.output.contains("imported pvoutput 0.3.0"), "\(pip.output)")
        _ = try server.python("""
            g = gl.groups.get("acme"); g.visibility = "public"; g.save()
            p = gl.projects.get("acme/app"); p.visibility = "public"; p.save()
            """)
        let page = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "--noproxy", "*", "-m", "60", server.url + "/acme/app/-/packages"],
                                   waitingFor: "the packages page").stdout
        #expect(page.contains("signed in a pipeline of <code>refs/heads/main</code> by <a href=\"\(server.url)/acme/app/-/jobs/"), "\(page)")
        // Provenance is readable by exactly who reads the package: now anyone.
        let digest = try Self.sha256(app.appendingPathComponent("dist/\(wheel)"))
        let anonymous = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"),
                                        ["-s", "--noproxy", "*", "-m", "60", "-o", "/dev/null", "-w", "%{http_code}",
                                         "\(server.url)/api/v4/projects/1/packages/pypi/files/\(digest)/\(wheel)/provenance"],
                                        waitingFor: "the provenance, anonymously").stdout
        #expect(anonymous == "200", "\(anonymous)")
    }

    static func sha256(_ file: URL) throws -> String {
        let result = try Waiting.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [file.path], waitingFor: "sha256sum")
        return String(result.stdout.prefix(64))
    }
}
