import Foundation
import GantryTestSupport
import Testing

/// Keyless signing against Gantry alone, judged by the real sigstore client (4.5.1): a job with
/// `id_tokens: SIGSTORE_ID_TOKEN: aud: sigstore` fetches the server's trust config and runs
/// `sigstore sign`, which gets a certificate from Gantry's Fulcio API (SCT checked) and logs the
/// signature in Gantry's Rekor log; outside the pipeline `sigstore verify identity --offline`
/// accepts the bundle for the job's identity and refuses a changed file or another identity. The
/// CA refuses tokens for another audience, expired ones, ones signed by a foreign key, and a
/// request without proof of possession.
@Suite(.serialized) struct SigstoreSigningTests {
    static let python = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python").path

    /// `attack.py SERVER DATA TOKEN OTHER_TOKEN`: asks the CA for certificates as a client that is
    /// not sigstore (which would refuse such tokens itself) and prints what it answers.
    static let attack = #"""
        import base64, json, os, sys, time, glob
        import jwt, requests
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        server, data, token, other = sys.argv[1:5]
        session = requests.Session()
        session.trust_env = False
        key = ec.generate_private_key(ec.SECP256R1())
        csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([])).sign(key, hashes.SHA256())
        csr_b64 = base64.b64encode(csr.public_bytes(serialization.Encoding.PEM)).decode()

        def ask(what, token, body=None):
            r = session.post(server + "/api/v2/signingCert", headers={"Authorization": "Bearer " + token},
                             json=body or {"certificateSigningRequest": csr_b64})
            print(what, r.status_code, r.json().get("message", "") if r.status_code != 201 else "")
            return r

        r = ask("valid", token)
        chain = r.json()["signedCertificateEmbeddedSct"]["chain"]["certificates"]
        cert = x509.load_pem_x509_certificate(chain[0].encode())
        print("chain", len(chain), "lifetime", int((cert.not_valid_after_utc - cert.not_valid_before_utc).total_seconds()))
        print("san", cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.UniformResourceIdentifier))
        for ext in cert.extensions:
            if ext.oid.dotted_string.startswith("1.3.6.1.4.1.57264.1."):
                print("ext", ext.oid.dotted_string, ext.value.value.hex())

        ask("other audience", other)
        claims = jwt.decode(token, options={"verify_signature": False})
        kid = jwt.get_unverified_header(token)["kid"]
        foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ask("foreign key", jwt.encode(claims, foreign, algorithm="RS256", headers={"kid": kid}))
        # The server's own key (read from its data directory), but a token that expired a minute ago.
        own = open(os.path.join(data, "oidc", kid + ".pem")).read()
        ask("expired", jwt.encode(dict(claims, exp=int(time.time()) - 60), own, algorithm="RS256", headers={"kid": kid}))
        ask("no token", "")
        # Proof of possession: a CSR whose signature was damaged, a key with a signature over something else.
        der = bytearray(csr.public_bytes(serialization.Encoding.DER))
        der[-3] ^= 1
        ask("damaged csr", token, {"certificateSigningRequest": base64.b64encode(bytes(der)).decode()})
        pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        wrong = key.sign(b"someone else", ec.ECDSA(hashes.SHA256()))
        ask("wrong proof", token, {"publicKeyRequest": {"publicKey": {"algorithm": "ECDSA", "content": pem},
                                                         "proofOfPossession": base64.b64encode(wrong).decode()}})
        right = key.sign(claims["sub"].encode(), ec.ECDSA(hashes.SHA256()))
        ask("right proof", token, {"publicKeyRequest": {"publicKey": {"algorithm": "ECDSA", "content": pem},
                                                         "proofOfPossession": base64.b64encode(right).decode()}})
        bundle = session.get(server + "/api/v2/trustBundle").json()
        print("bundle roots", len(bundle["chains"]), bundle["chains"][0]["certificates"][0] == chain[-1])
        """#

    @Test func jobSignsWithSigstoreAndBundleVerifiesOffline() throws {
        var server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "1"])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "signer"})"#)
        let yaml = """
            sign:
              variables: {NO_PROXY: "*", no_proxy: "*"}
              id_tokens:
                SIGSTORE_ID_TOKEN:
                  aud: sigstore
                OTHER_TOKEN:
                  aud: other
              script:
                - curl -sf "$CI_SERVER_URL/-/sigstore/trust-config.json" -o trust.json
                - mkdir -p dist && echo "release 1.0" > dist/hello.txt
                - \(Self.python) -m sigstore --trust-config trust.json sign --identity-token "$SIGSTORE_ID_TOKEN" dist/*
                - echo "detached" > detached.txt
                - \(Self.python) -m sigstore --trust-config trust.json sign --identity-token "$SIGSTORE_ID_TOKEN" --signature detached.sig --certificate detached.crt detached.txt
                - printf %s "$SIGSTORE_ID_TOKEN" > token.txt
                - printf %s "$OTHER_TOKEN" > other.txt
              artifacts: {paths: [dist/, detached.*, trust.json, token.txt, other.txt]}

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/signer"), "main"], in: repo)
        let out = GantryProcess.scratchRoot.appendingPathComponent("signed-\(UUID().uuidString)")
        let result = try server.python("""
            project = gl.projects.get("root/signer")
            p = wait_for(project, first_pipeline(project).id)
            failed_traces(project, p)
            job = project.jobs.get(p.jobs.list()[0].id)
            print("status", p.status)
            print(job.trace().decode())
            zipfile.ZipFile(io.BytesIO(job.artifacts())).extractall("\(out.path)")
            """)
        #expect(result.contains("status success"), "\(result)\n\(server.log)")
        let file = out.appendingPathComponent("dist/hello.txt")
        let bundle = out.appendingPathComponent("dist/hello.txt.sigstore.json")
        let trust = out.appendingPathComponent("trust.json").path
        #expect(FileManager.default.fileExists(atPath: bundle.path), "\(result)")
        let host = String(server.url.dropFirst("http://".count))
        let identity = "https://\(host)/root/signer//.gitlab-ci.yml@refs/heads/main"

        func verify(_ identity: String, _ issuer: String, file: URL) throws -> Waiting.Result {
            try Waiting.run(URL(fileURLWithPath: Self.python),
                            ["-m", "sigstore", "--trust-config", trust, "verify", "identity", "--offline", "--bundle", bundle.path,
                             "--cert-identity", identity, "--cert-oidc-issuer", issuer, file.path],
                            waitingFor: "sigstore verify identity")
        }
        let good = try verify(identity, server.url, file: file)
        #expect(good.status == 0, "\(good.stdout)\n\(good.stderr)")
        #expect(good.stderr.contains("OK: \(file.path)"), "\(good.stderr)")

        let wrongIdentity = try verify("https://\(host)/root/other//.gitlab-ci.yml@refs/heads/main", server.url, file: file)
        #expect(wrongIdentity.status != 0, "\(wrongIdentity.stderr)")
        let wrongIssuer = try verify(identity, "https://gitlab.com", file: file)
        #expect(wrongIssuer.status != 0, "\(wrongIssuer.stderr)")
        var bytes = try Data(contentsOf: file)
        bytes[0] ^= 1
        let changed = out.appendingPathComponent("dist/changed.txt")
        try bytes.write(to: changed)
        let tampered = try verify(identity, server.url, file: changed)
        #expect(tampered.status != 0, "\(tampered.stderr)")

        // A detached signature and certificate verify online: the client finds the entry in the server's log.
        let detached = try Waiting.run(URL(fileURLWithPath: Self.python),
                                       ["-m", "sigstore", "--trust-config", trust, "verify", "identity",
                                        "--signature", out.appendingPathComponent("detached.sig").path,
                                        "--certificate", out.appendingPathComponent("detached.crt").path,
                                        "--cert-identity", identity, "--cert-oidc-issuer", server.url,
                                        out.appendingPathComponent("detached.txt").path],
                                       environment: ProcessInfo.processInfo.environment.merging(["NO_PROXY": "*", "no_proxy": "*"]) { $1 },
                                       waitingFor: "sigstore verify identity, detached")
        #expect(detached.status == 0 && detached.stderr.contains("OK: "), "\(detached.stdout)\n\(detached.stderr)")

        // `gantry sigstore trust-config` prints what the job fetched.
        let printed = try GantryProcess.run(["sigstore", "trust-config", "--url", server.url + "/"])
        let fetched = try String(contentsOfFile: trust, encoding: .utf8)
        #expect(printed.status == 0 && printed.stdout == fetched + "\n", "\(printed.stderr)")
        let notGantry = try GantryProcess.run(["sigstore", "trust-config", "--url", server.url + "/api/v4"])
        #expect(notGantry.status == 1 && notGantry.stderr.contains("answered 404"), "\(notGantry.stderr)")

        // The CA's own checks, from a client that does not pre-check tokens as sigstore does.
        let script = GantryProcess.scratchRoot.appendingPathComponent("attack-\(UUID().uuidString).py")
        try Self.attack.write(to: script, atomically: true, encoding: .utf8)
        let token = try String(contentsOf: out.appendingPathComponent("token.txt"), encoding: .utf8)
        let other = try String(contentsOf: out.appendingPathComponent("other.txt"), encoding: .utf8)
        let attack = try Waiting.run(URL(fileURLWithPath: Self.python), [script.path, server.url, server.data.path, token, other],
                                     waitingFor: "asking the CA for certificates")
        let said = attack.stdout
        #expect(attack.status == 0, "\(said)\n\(attack.stderr)")
        for line in ["valid 201", "chain 2 lifetime 600", "san ['\(identity)']", "right proof 201", "bundle roots 1 True"] {
            #expect(said.contains(line), "\(line)\n\(said)")
        }
        let utf8 = { (text: String) in "0c" + String(format: "%02x", text.utf8.count) + Data(text.utf8).map { String(format: "%02x", $0) }.joined() }
        for (oid, value) in [("1", Data(server.url.utf8).map { String(format: "%02x", $0) }.joined()), ("8", utf8(server.url)),
                             ("14", utf8("refs/heads/main")), ("12", utf8("\(server.url)/root/signer")), ("20", utf8("push")),
                             ("22", utf8("private")), ("9", utf8(identity))] {
            #expect(said.contains("ext 1.3.6.1.4.1.57264.1.\(oid) \(value)\n"), "\(oid)\n\(said)")
        }
        for refusal in ["other audience 401", "foreign key 401", "expired 401", "no token 401", "damaged csr 400", "wrong proof 400"] {
            #expect(said.contains(refusal), "\(refusal)\n\(said)")
        }

        // A restart keeps the CA: the bundle still verifies against the restarted server's trust config.
        let rootBefore = try String(contentsOf: server.data.appendingPathComponent("sigstore/ca.crt"), encoding: .utf8)
        for name in ["ca.key", "ct-log.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: server.data.appendingPathComponent("sigstore/\(name)").path)[.posixPermissions]
            #expect(mode as? Int == 0o600, "\(name): \(String(describing: mode))")
        }
        server.stop()
        server = try ServerProcess(data: server.data, arguments: [])
        let rootAfter = try String(contentsOf: server.data.appendingPathComponent("sigstore/ca.crt"), encoding: .utf8)
        #expect(rootBefore == rootAfter)
        let config = try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "--noproxy", "*", "-m", "60", "-D", "-",
                                                                             server.url + "/-/sigstore/trust-config.json"],
                                     waitingFor: "the trust config").stdout
        #expect(config.lowercased().contains("content-type: application/vnd.dev.sigstore.clienttrustconfig.v0.1+json"), "\(config)")
    }
}
