import Foundation
import GantryTestSupport
import Testing

/// The Rekor-compatible log of `gantry server`, driven and verified by sigstore-python's own Rekor
/// client and verification code (inclusion proof, checkpoint signature, signed entry timestamp).
@Suite(.serialized) struct TransparencyLogTests {
    @Test func sigstoreClientLogsAndVerifiesHashedrekordAndDSSEEntries() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let out = try RekorClientScript.run(server, """
            key, cert = signer()
            artifact = b"gantry-1.0-py3-none-any.whl contents"
            first = client.create_entry(hashedrekord(key, cert, artifact))
            verify(first)
            second = client.create_entry(dsse_entry(key, cert, hashlib.sha256(artifact).hexdigest()))
            verify(second)
            print("indexes", first._inner.log_index, second._inner.log_index)
            print("kinds", first._inner.kind_version.kind, second._inner.kind_version.kind)

            # Fetched again, by UUID and by index, with a proof against the grown tree.
            third = client.create_entry(hashedrekord(key, cert, b"another file"))
            uuid = list(requests.get(URL + "/api/v1/log/entries?logIndex=0").json().keys())[0]
            by_uuid = client.log.entries.get(uuid=uuid)
            verify(by_uuid)
            by_index = TransparencyLogEntry._from_v1_response(requests.get(URL + "/api/v1/log/entries?logIndex=1").json())
            verify(by_index)
            print("tree size in proof", by_uuid._inner.inclusion_proof.tree_size)
            print("short uuid", requests.get(URL + "/api/v1/log/entries/" + uuid[16:]).status_code)

            # What `sigstore verify` with a detached .sig and .crt asks the log: the entry for these materials.
            found = client.log.entries.retrieve.post(_hashedrekord_from_parts(cert, sign_digest(key, b"never logged"), hashed(b"never logged")))
            print("unlogged materials found", found)
            sig = base64.b64decode(json.loads(first._inner.canonicalized_body)["spec"]["signature"]["content"])
            found = client.log.entries.retrieve.post(_hashedrekord_from_parts(cert, sig, hashed(artifact)))
            verify(found)
            print("retrieved index", found._inner.log_index)
            many = post({"entryUUIDs": [uuid], "logIndexes": [0, 2, 7]}, "/api/v1/log/entries/retrieve").json()
            print("search", [list(e.values())[0]["logIndex"] for e in many])
            ids = requests.post(URL + "/api/v1/index/retrieve", json={"hash": "sha256:" + hashlib.sha256(artifact).hexdigest()}).json()
            print("by artifact hash", len(ids), ids[0] == uuid)

            info = client.log.get()
            print("log", info.tree_size, info.tree_id.isdigit(), info.signed_tree_head.splitlines()[1])
            proof = requests.get(URL + "/api/v1/log/proof", params={"firstSize": 1, "lastSize": 3}).json()
            print("consistency hashes", len(proof["hashes"]), proof["rootHash"] == info.root_hash)
            """)
        #expect(out.contains("indexes 0 1"))
        #expect(out.contains("kinds hashedrekord dsse"))
        #expect(out.contains("tree size in proof 3"))
        #expect(out.contains("short uuid 200"))
        #expect(out.contains("unlogged materials found None"))
        #expect(out.contains("retrieved index 0"))
        #expect(out.contains("search [0, 0, 2]"))
        #expect(out.contains("by artifact hash 1 True"))
        #expect(out.contains("log 3 True 3"))
        #expect(out.contains("consistency hashes 2 True"))

        // The key is the server's alone and the same after a restart; the check accepts the log.
        let keyFile = server.data.appendingPathComponent("sigstore/transparency-log.key")
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let check = try GantryProcess.run(["admin", "--data", server.data.path, "transparency-log", "check"])
        #expect(check.status == 0 && check.stdout.contains("3 entries"), "\(check.stdout)\(check.stderr)")
    }

    /// What an attacker or a broken client sends: each refused with Rekor's `{code, message}`.
    @Test func malformedAndForgedEntriesAreRefused() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let out = try RekorClientScript.run(server, """
            key, cert = signer()
            other, _ = signer()
            def show(name, r):
                body = r.json() if r.content else {}
                print(name, r.status_code, body.get("code"), body.get("message"))

            good = hashedrekord(key, cert, b"artifact")
            show("created", post(good))
            show("duplicate", post(good))
            print("duplicate location", post(good).headers.get("Location", "")[:22])

            forged = hashedrekord(other, cert, b"artifact")   # signed by a key that is not the certificate's
            show("wrong key", post(forged))
            tampered = json.loads(json.dumps(good)); tampered["spec"]["data"]["hash"]["value"] = hashlib.sha256(b"other").hexdigest()
            show("other digest", post(tampered))
            short = json.loads(json.dumps(good)); short["spec"]["data"]["hash"]["value"] = "abc"
            show("short digest", post(short))
            nokey = json.loads(json.dumps(good)); del nokey["spec"]["signature"]["publicKey"]
            show("no key", post(nokey))
            junkkey = json.loads(json.dumps(good)); junkkey["spec"]["signature"]["publicKey"]["content"] = base64.b64encode(b"junk").decode()
            show("junk key", post(junkkey))
            show("rekord kind", post({"kind": "rekord", "apiVersion": "0.0.1", "spec": {}}))
            show("version", post({"kind": "hashedrekord", "apiVersion": "9.9.9", "spec": {}}))
            show("not json", post(b"{not json"))
            show("array", post([1, 2]))
            show("huge", post(b"{" + b" " * (5 << 20) + b"}"))

            d = dsse_entry(key, cert, "00" * 32)
            d["spec"]["proposedContent"]["verifiers"] = [base64.b64encode(other.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()]
            show("dsse other verifier", post(d))

            for q in ["-1", "1", "x", "99999999999999999999999"]:
                show("index " + q, requests.get(URL + "/api/v1/log/entries?logIndex=" + q))
            show("uuid", requests.get(URL + "/api/v1/log/entries/not-a-uuid"))
            show("unknown uuid", requests.get(URL + "/api/v1/log/entries/" + "ab" * 32))
            show("search limit", post({"logIndexes": list(range(11))}, "/api/v1/log/entries/retrieve"))
            show("proof size", requests.get(URL + "/api/v1/log/proof?lastSize=5"))
            print("size", client.log.get().tree_size)
            """)
        #expect(out.contains("created 201"))
        #expect(out.contains("duplicate 409 409 an equivalent entry already exists in the transparency log with UUID"))
        #expect(out.contains("duplicate location /api/v1/log/entries/"))
        #expect(out.contains("wrong key 400 400 error processing entry: verifying signature: invalid signature"))
        #expect(out.contains("other digest 400 400 error processing entry: verifying signature"))
        #expect(out.contains("short digest 400 400 error processing entry: invalid value for hash"))
        #expect(out.contains("no key 400 400 spec.signature.publicKey in body is required"))
        #expect(out.contains("junk key 400 400 error processing entry: spec.signature.publicKey.content: invalid public key"))
        #expect(out.contains("rekord kind 400 400 error processing entry: kind rekord is not supported"))
        #expect(out.contains("version 400 400 error processing entry: hashedrekord implementation for version '9.9.9' not found"))
        #expect(out.contains("not json 400 400 the request body is not JSON"))
        #expect(out.contains("array 400 400 the request body must be a JSON object"))
        #expect(out.contains("huge 413"))
        #expect(out.contains("dsse other verifier 400 400 error processing entry: could not verify envelope"))
        #expect(out.contains("index -1 400 400 logIndex in query should be greater than or equal to 0"))
        #expect(out.contains("index 1 404"))
        #expect(out.contains("index x 400"))
        #expect(out.contains("index 99999999999999999999999 400"))
        #expect(out.contains("uuid 400"))
        #expect(out.contains("unknown uuid 404"))
        #expect(out.contains("search limit 422 422 more than max allowed 10 entries in request"))
        #expect(out.contains("proof size 400 400 the tree size requested(5) was greater than what is currently observable(1)"))
        #expect(out.contains("size 1"))
    }

    /// A forged checkpoint or entry timestamp, or an entry that is not the logged one, fails
    /// sigstore-python's own verification.
    @Test func forgedCheckpointsAndTimestampsFailClientVerification() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let out = try RekorClientScript.run(server, """
            key, cert = signer()
            raw = post(hashedrekord(key, cert, b"artifact")).json()
            uuid, entry = list(raw.items())[0]
            def attempt(name, change):
                forged = json.loads(json.dumps(raw))
                change(forged[uuid])
                try:
                    verify(TransparencyLogEntry._from_v1_response(forged))
                    print(name, "ACCEPTED")
                except (VerificationError, ValueError) as e:
                    print(name, "refused:", str(e).splitlines()[0][:90])
            attempt("genuine", lambda e: None)

            # The same tree head signed by a key that is not the log's (with the log's key hint).
            fake_key = ec.generate_private_key(ec.SECP256R1())
            def forge_checkpoint(e):
                proof = e["verification"]["inclusionProof"]
                note = proof["checkpoint"].split("\\n\\n")[0] + "\\n"
                sig = fake_key.sign(note.encode(), ec.ECDSA(hashes.SHA256()))
                hint = bytes.fromhex(e["logID"])[:4]
                proof["checkpoint"] = note + "\\n\\u2014 " + note.split(" ")[0] + " " + base64.b64encode(hint + sig).decode() + "\\n"
            attempt("forged checkpoint", forge_checkpoint)
            # A checkpoint and proof for another tree: the proof no longer leads to the checkpoint's root.
            def other_root(e):
                e["verification"]["inclusionProof"]["rootHash"] = "00" * 32
            attempt("other root", other_root)
            def other_size(e):
                cp = e["verification"]["inclusionProof"]["checkpoint"]
                e["verification"]["inclusionProof"]["checkpoint"] = cp.replace("\\n1\\n", "\\n2\\n", 1)
            attempt("checkpoint edited", other_size)
            def other_time(e):
                e["integratedTime"] += 3600
            attempt("integrated time edited", other_time)
            def other_body(e):
                body = json.loads(base64.b64decode(e["body"]))
                body["spec"]["data"]["hash"]["value"] = hashlib.sha256(b"evil").hexdigest()
                e["body"] = base64.b64encode(json.dumps(body).encode()).decode()
            attempt("body edited", other_body)
            """)
        #expect(out.contains("genuine ACCEPTED"))
        #expect(out.contains("forged checkpoint refused: checkpoint: invalid signature"))
        #expect(out.contains("other root refused: inclusion proof contains invalid root hash"))
        #expect(out.contains("checkpoint edited refused: checkpoint: invalid signature"))
        #expect(out.contains("integrated time edited refused: SET: invalid inclusion promise"))
        #expect(out.contains("body edited refused: inclusion proof contains invalid root hash"))
    }

    /// 200 POSTs at once: every one gets its own index, every proof verifies against the final
    /// tree, and the recomputed tree is the acknowledged one.
    @Test func concurrentAppendsLeaveOneConsistentTree() throws {
        let server = try ServerProcess(arguments: ["--connections-per-client", "256"])
        defer { server.stop() }
        let out = try RekorClientScript.run(server, """
            key, cert = signer()
            bodies = [hashedrekord(key, cert, b"artifact %d" % i) for i in range(200)]
            start = threading.Barrier(200)
            results = [None] * 200
            def send(i):
                start.wait()
                results[i] = post(bodies[i])
            threads = [threading.Thread(target=send, args=(i,)) for i in range(200)]
            for t in threads: t.start()
            for t in threads: t.join()
            print("statuses", sorted(set(r.status_code for r in results)))
            indexes = sorted(list(r.json().values())[0]["logIndex"] for r in results)
            print("distinct indexes", indexes == list(range(200)))
            for r in results:
                verify(TransparencyLogEntry._from_v1_response(r.json()))
            latest = client.log.entries.get(uuid=list(results[0].json().keys())[0])
            verify(latest)
            print("all verified, final proof size", latest._inner.inclusion_proof.tree_size)
            """)
        #expect(out.contains("statuses [201]"))
        #expect(out.contains("distinct indexes True"))
        #expect(out.contains("all verified, final proof size 200"))
        let check = try GantryProcess.run(["admin", "--data", server.data.path, "transparency-log", "check"])
        #expect(check.status == 0 && check.stdout.contains("200 entries"), "\(check.stdout)\(check.stderr)")
    }

    /// Acknowledged entries survive `kill -9`; the restarted log keeps its key, tree ID and tree.
    @Test func acknowledgedEntriesSurviveKill9() throws {
        let first = try ServerProcess()
        let out = try RekorClientScript.run(first, """
            key, cert = signer()
            for i in range(20):
                client.create_entry(hashedrekord(key, cert, b"file %d" % i))
            info = client.log.get()
            print("before", info.tree_size, info.root_hash, info.tree_id)
            """)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let second = try ServerProcess(data: first.data)
        defer { second.stop() }
        let after = try RekorClientScript.run(second, """
            info = client.log.get()
            print("before", info.tree_size, info.root_hash, info.tree_id)
            old = client.log.entries.get(uuid=list(requests.get(URL + "/api/v1/log/entries?logIndex=7").json().keys())[0])
            key, cert = signer()
            new = client.create_entry(hashedrekord(key, cert, b"after the restart"))
            verify(new)
            old = client.log.entries.get(uuid=list(requests.get(URL + "/api/v1/log/entries?logIndex=7").json().keys())[0])
            verify(old)
            print("new index", new._inner.log_index, "old entry verified in tree", old._inner.inclusion_proof.tree_size)
            """)
        let before = out.split(separator: "\n").first { $0.hasPrefix("before") }
        #expect(before != nil && after.contains(before!), "\(out)\n\(after)")
        #expect(after.contains("new index 20 old entry verified in tree 21"))
    }

    /// `transparency-log check` fails on a removed or altered entry; a server over such a store
    /// says its log is damaged instead of serving proofs for a tree it cannot rebuild.
    @Test func removedOrAlteredEntriesFailTheCheck() throws {
        let server = try ServerProcess()
        _ = try RekorClientScript.run(server, """
            key, cert = signer()
            for i in range(5):
                client.create_entry(hashedrekord(key, cert, b"file %d" % i))
            """)
        server.stop()
        let database = server.data.appendingPathComponent("gantry.sqlite").path
        func sql(_ statement: String) throws {
            let r = try Waiting.run(GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python"),
                                    ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", database, statement],
                                    waitingFor: "sqlite3 \(statement)")
            #expect(r.status == 0, "\(r.stderr)")
        }
        func check() throws -> GantryProcess.Result {
            try GantryProcess.run(["admin", "--data", server.data.path, "transparency-log", "check"])
        }
        #expect(try check().status == 0)

        try sql("UPDATE transparency_log_entries SET integrated_time = integrated_time + 1 WHERE log_index = 3")
        var result = try check()
        #expect(result.status == 1 && result.stderr.contains("entry 3: its signed entry timestamp does not verify"), "\(result.stderr)")

        try sql("UPDATE transparency_log_entries SET integrated_time = integrated_time - 1 WHERE log_index = 3")
        try sql("DELETE FROM transparency_log_entries WHERE log_index = 2")
        result = try check()
        #expect(result.status == 1 && result.stderr.contains("entries 2..<3 are missing"), "\(result.stderr)")
        #expect(result.stderr.contains("is not the acknowledged root"), "\(result.stderr)")

        let restarted = try ServerProcess(data: server.data)
        defer { restarted.stop() }
        let out = try RekorClientScript.run(restarted, """
            r = requests.get(URL + "/api/v1/log")
            print("log", r.status_code, r.json()["message"])
            """)
        #expect(out.contains("log 500 the transparency log is damaged (entry 2 is missing from the store)"))
        restarted.stop()

        try sql("DELETE FROM transparency_log_entries WHERE log_index = 4")
        try sql("DELETE FROM transparency_log_entries WHERE log_index = 3")
        try sql("DELETE FROM transparency_log_entries WHERE log_index = 2")
        // Removing the newest entries leaves no gap: the acknowledged tree head still tells.
        result = try check()
        #expect(result.status == 1 && result.stderr.contains("the last acknowledged tree has 5 entries, the store holds 2"), "\(result.stderr)")
    }
}
