import Foundation
import GantryTestSupport
import Testing

/// Gantry as an OIDC issuer, judged by PyJWT: a job's `id_tokens:` verify with the keys found
/// from the server's URL alone (discovery document, then JWKS), with GitLab's claims; tokens are
/// masked in logs; keys survive a restart and a rotation keeps old tokens valid; a token for
/// another audience, an expired one and one signed by another key are refused. `gantry run` gives
/// local tokens.
@Suite(.serialized) struct OIDCIssuerTests {
    static let python = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python").path

    /// PyJWT as a relying party: `verify.py SERVER TOKEN [ISSUER]` fetches the discovery document
    /// and the JWKS from SERVER, verifies TOKEN for audience `sigstore` (issued by ISSUER, else
    /// SERVER) and prints its claims, then tries what must fail.
    static let verifier = """
        import base64, hashlib, json, os, sys, time, urllib.request
        import jwt
        from cryptography.hazmat.primitives.asymmetric import rsa

        os.environ["no_proxy"] = os.environ["NO_PROXY"] = "*"
        server, token = sys.argv[1], sys.argv[2]
        issuer = sys.argv[3] if len(sys.argv) > 3 else server
        config = json.load(urllib.request.urlopen(server + "/.well-known/openid-configuration"))
        client = jwt.PyJWKClient(config["jwks_uri"])
        key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key.key, algorithms=["RS256"], audience="sigstore", issuer=issuer)
        print("verified", json.dumps(claims, sort_keys=True))
        print("kid", key.key_id)
        # The kid is the key's RFC 7638 thumbprint.
        jwk = next(k for k in json.load(urllib.request.urlopen(config["jwks_uri"]))["keys"] if k["kid"] == key.key_id)
        canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True)
        print("thumbprint", base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode() == key.key_id)
        def refused(what, error, **options):
            try:
                jwt.decode(options.pop("token", token), options.pop("key", key.key), algorithms=["RS256"], issuer=issuer, **options)
                print(what, "ACCEPTED")
            except error as e:
                print(what, "refused:", e)
        refused("another audience", jwt.InvalidAudienceError, audience="another")
        # The token as read one second after its exp (a negative leeway; iat and nbf are then in the "future").
        refused("expired", jwt.ExpiredSignatureError, audience="sigstore", leeway=-(claims["exp"] - time.time() + 1),
                options={"verify_iat": False, "verify_nbf": False})
        foreign = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        forged = jwt.encode(claims, foreign, algorithm="RS256", headers={"kid": key.key_id})
        refused("foreign key", jwt.InvalidSignatureError, token=forged, key=client.get_signing_key_from_jwt(forged).key,
                audience="sigstore")

        """

    @Test func jobTokensVerifyWithPyJWTAcrossRestartAndRotation() throws {
        var server = try ServerProcess(arguments: ["--runner", "--runner-concurrency", "1"])
        defer { server.stop() }
        let firstURL = server.url
        _ = try server.python(#"gl.projects.create({"name": "signer"})"#)
        let yaml = """
            sign:
              environment: {name: review/$CI_COMMIT_REF_SLUG}
              variables:
                # A job cannot change the identity its token proves.
                CI_PROJECT_PATH: someone/else
                SERVICE_HOST: relying.example
              id_tokens:
                SIGSTORE_ID_TOKEN:
                  aud: sigstore
                SERVICE_TOKEN:
                  aud: [first, "https://$SERVICE_HOST"]
              script:
                - echo "the token is $SIGSTORE_ID_TOKEN"
                - \(Self.python) verify.py "$CI_SERVER_URL" "$SIGSTORE_ID_TOKEN"
                - \(Self.python) -c 'import jwt, os; print("service aud", jwt.decode(os.environ["SERVICE_TOKEN"], options={"verify_signature":False})["aud"])'
                - \(Self.python) -c 'import os; from sigstore.oidc import IdentityToken; t = IdentityToken(os.environ["SIGSTORE_ID_TOKEN"]); print("sigstore identity", t.identity, t.issuer)'
                - printf %s "$SIGSTORE_ID_TOKEN" > token.txt
              artifacts: {paths: [token.txt]}

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml, "verify.py": Self.verifier])
        try GantryProcess.git(["push", "-q", server.gitURL("root/signer"), "main"], in: repo)
        let fetchJob = """
            project = gl.projects.get("root/signer")
            p = wait_for(project, PIPELINE)
            failed_traces(project, p)
            job = project.jobs.get(p.jobs.list()[0].id)
            print("status", p.status, p.sha)
            print(job.trace().decode())
            print("TOKEN", zipfile.ZipFile(io.BytesIO(job.artifacts())).read("token.txt").decode())
            """
        let first = try server.python(fetchJob.replacingOccurrences(of: "PIPELINE", with: "first_pipeline(project).id"))
        #expect(first.contains("status success"), "\(first)\n\(server.log)")
        let token = try #require(first.split(separator: "\n").last { $0.hasPrefix("TOKEN ") }).dropFirst(6)
        let sha = String(try #require(first.split(separator: "\n").first { $0.hasPrefix("status ") }).split(separator: " ")[2])

        // Masked in the log, which shows it was set.
        #expect(first.contains("the token is [MASKED]"), "\(first)")
        #expect(token.count > 500 && !first.replacingOccurrences(of: "TOKEN \(token)", with: "").contains(token), "\(first)")

        // GitLab's claims, from the server's records (not the job's CI_PROJECT_PATH).
        let claims = try Self.claims(first)
        let host = String(firstURL.dropFirst("http://".count))
        let expected: [String: String] = [
            "iss": firstURL, "sub": "project_path:root/signer:ref_type:branch:ref:main", "aud": "sigstore",
            "project_path": "root/signer", "namespace_path": "root", "user_login": "root", "user_email": "root@gantry.local",
            "user_id": "1", "user_access_level": "owner", "pipeline_source": "push", "ref": "main", "ref_type": "branch",
            "ref_path": "refs/heads/main", "ref_protected": "true", "runner_environment": "self-hosted", "sha": sha,
            "project_visibility": "private", "ci_config_ref_uri": "\(host)/root/signer//.gitlab-ci.yml@refs/heads/main",
            "ci_config_sha": sha, "environment": "review/main", "environment_protected": "false", "deployment_tier": "development",
            "environment_action": "start",
        ]
        for (name, value) in expected { #expect(claims[name] as? String == value, "\(name): \(claims[name] ?? "missing")") }
        for name in ["namespace_id", "project_id", "pipeline_id", "job_id", "jti"] {
            #expect((claims[name] as? String).map { !$0.isEmpty } == true, "\(name): \(claims[name] ?? "missing")")
        }
        #expect(claims["runner_id"] is Int, "runner_id: \(claims["runner_id"] ?? "missing")")
        let iat = try #require(claims["iat"] as? Int)
        #expect(claims["nbf"] as? Int == iat - 5 && claims["exp"] as? Int == iat + 3600, "\(claims)")
        // The sigstore client takes it as an identity token for signing (its own checks: aud sigstore, iat, exp).
        #expect(first.contains("sigstore identity project_path:root/signer:ref_type:branch:ref:main \(firstURL)"), "\(first)")
        // `aud` as written, a variable in it expanded.
        #expect(first.contains("service aud ['first', 'https://relying.example']"), "\(first)")
        for refusal in ["thumbprint True", "another audience refused", "expired refused", "foreign key refused"] {
            #expect(first.contains(refusal), "\(refusal)\n\(first)")
        }

        // The keys are the server's alone, and the JWKS holds no private part.
        let keyFiles = try FileManager.default.contentsOfDirectory(atPath: server.data.appendingPathComponent("oidc").path)
        for name in keyFiles {
            let mode = try FileManager.default.attributesOfItem(atPath: server.data.appendingPathComponent("oidc/\(name)").path)[.posixPermissions]
            #expect(mode as? Int == 0o600, "\(name): \(String(describing: mode))")
        }
        let keys = try Self.get(server.url + "/oauth/discovery/keys")
        #expect(!keys.contains("\"d\"") && !keys.contains("\"p\""), "\(keys)")
        let firstKid = try #require(Self.value(first, "kid"))

        // A restart keeps the keys: the old token verifies against the restarted server's JWKS.
        server.stop()
        server = try ServerProcess(data: server.data, arguments: ["--runner", "--runner-concurrency", "1"])
        let afterRestart = try Self.verify(server, token, issuer: firstURL)
        #expect(Self.value(afterRestart, "kid") == firstKid, "\(afterRestart)")

        // Rotation: new tokens are signed by the new key, old ones still verify.
        let rotated = try GantryProcess.run(["admin", "--data", server.data.path, "oidc", "rotate"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let newKid = try #require(Self.value(rotated.stdout, "new signing key"))
        #expect(newKid != firstKid)
        let published = try Self.get(server.url + "/oauth/discovery/keys")
        #expect(published.contains(firstKid) && published.contains(newKid), "\(published)")
        let afterRotation = try Self.verify(server, token, issuer: firstURL)
        #expect(Self.value(afterRotation, "kid") == firstKid && afterRotation.contains("verified "), "\(afterRotation)")

        let second = try server.python("""
            project = gl.projects.get("root/signer")
            created = project.pipelines.create({"ref": "main"})
            """ + "\n" + fetchJob.replacingOccurrences(of: "PIPELINE", with: "created.id"))
        #expect(second.contains("status success"), "\(second)\n\(server.log)")
        #expect(Self.value(second, "kid") == newKid, "\(second)")
        #expect(try Self.claims(second)["pipeline_source"] as? String == "api", "\(second)")
    }

    @Test func gantryRunGivesLocalTokens() throws {
        // From `default:`, as GitLab allows.
        let yaml = """
            default:
              id_tokens:
                SIGSTORE_ID_TOKEN:
                  aud: sigstore
            sign:
              script:
                - echo "the token is $SIGSTORE_ID_TOKEN"
                - \(Self.python) local.py

            """
        // The local issuer is the key ring's folder, whose jwks.json holds its public keys.
        let local = """
            import json, os, jwt
            token = os.environ["SIGSTORE_ID_TOKEN"]
            issuer = jwt.decode(token, options={"verify_signature": False})["iss"]
            keys = jwt.PyJWKSet.from_json(open(issuer.removeprefix("file://") + "/jwks.json").read())
            claims = jwt.decode(token, keys[jwt.get_unverified_header(token)["kid"]].key, algorithms=["RS256"],
                                audience="sigstore", issuer=issuer)
            print("local claims", claims["iss"], claims["sub"], claims["ref_path"])

            """
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml, "local.py": local])
        let run = try GantryProcess.run(["run"], in: repo)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let log = try GantryProcess.jobLog(repo, "sign")
        #expect(log.contains("the token is [MASKED]"), "\(log)")
        let folder = repo.appendingPathComponent(".gantry/oidc").standardizedFileURL.path
        #expect(log.contains("local claims file://\(folder) project_path:"), "\(log)")
        #expect(log.contains(":ref_type:branch:ref:main refs/heads/main"), "\(log)")
        // A second run signs with the same checkout key, under the same issuer.
        let keys = try String(contentsOfFile: folder + "/jwks.json", encoding: .utf8)
        #expect(try GantryProcess.run(["run"], in: repo).status == 0)
        #expect(try String(contentsOfFile: folder + "/jwks.json", encoding: .utf8) == keys)
        let again = try GantryProcess.jobLog(repo, "sign")
        #expect(again != log && again.contains("local claims file://\(folder) project_path:"), "\(again)")
    }

    // MARK: Helpers

    static func verify(_ server: ServerProcess, _ token: Substring, issuer: String) throws -> String {
        let script = GantryProcess.scratchRoot.appendingPathComponent("verify-\(UUID().uuidString).py")
        try verifier.write(to: script, atomically: true, encoding: .utf8)
        let r = try Waiting.run(URL(fileURLWithPath: python), [script.path, server.url, String(token), issuer],
                                waitingFor: "PyJWT verifying a token against \(server.url)")
        guard r.status == 0 else { throw ServerProcess.ServerFailure(description: "verify.py failed: \(r.stdout)\n\(r.stderr)") }
        return r.stdout
    }

    /// The claims verify.py printed.
    static func claims(_ output: String) throws -> [String: Any] {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("verified ") })
        return try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst("verified ".count).utf8)) as? [String: Any])
    }

    /// What follows `label ` on the first line that starts with it.
    static func value(_ output: String, _ label: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(label + " ") }.map { String($0.dropFirst(label.count + 1)) }
    }

    static func get(_ url: String) throws -> String {
        try Waiting.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "--noproxy", "*", "-m", "60", url], waitingFor: "GET \(url)").stdout
    }
}
