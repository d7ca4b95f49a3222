import Foundation
import GantryTestSupport
import Testing

/// The repository API through python-gitlab and git: files read and written through the API
/// (a commit that `git clone` sees and that starts its pipeline as a push does), tree, commits,
/// compare, branches and tags with their protection, and the attacks a server must survive.
@Suite(.serialized) struct ServerRepositoryAPITests {
    static let yaml = """
        build:
          script: [cat notes.txt, python3 fetch.py]

        """
    /// A job reads its own project's file through the raw endpoint with its job token, as
    /// `include: project:` will.
    static let fetch = """
        import os, urllib.request
        url = f"{os.environ['CI_API_V4_URL']}/projects/{os.environ['CI_PROJECT_ID']}/repository/files/notes.txt/raw?ref={os.environ['CI_COMMIT_SHA']}"
        request = urllib.request.Request(url, headers={"JOB-TOKEN": os.environ["CI_JOB_TOKEN"]})
        print("raw with the job token:", urllib.request.urlopen(request).read().decode().strip())

        """

    @Test func filesThroughTheAPIMakeCommitsThatCloneAndRunPipelines() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.yaml, "notes.txt": "first\n", "src/app.py": "print(1)\n",
                                                        "fetch.py": Self.fetch])
        _ = try server.python(#"gl.projects.create({"name": "files"})"#)
        try GantryProcess.git(["push", "-q", server.gitURL("root/files"), "main"], in: repo)
        let out = try server.python(#"""
            import base64
            project = gl.projects.get("root/files")
            wait_for(project, first_pipeline(project).id)
            f = project.files.get("src/app.py", ref="main")
            print("get", f.file_name, f.file_path, f.size, f.encoding, base64.b64decode(f.content), f.ref,
                  len(f.blob_id), f.commit_id == f.last_commit_id, f.execute_filemode)
            print("raw", project.files.raw("src/app.py", ref="main"))
            blob = project.repository_blob(f.blob_id)
            print("blob", blob["size"], base64.b64decode(blob["content"]), project.repository_raw_blob(f.blob_id[:10]))
            head = project.files.head("src/app.py", ref="main")
            print("head", head["X-Gitlab-File-Name"], head["X-Gitlab-Size"], head["X-Gitlab-Blob-Id"] == f.blob_id)
            # A commit through the API: the branch moves and a pushed-like pipeline runs it.
            project.files.create({"file_path": "docs/guide.md", "branch": "main", "content": base64.b64encode(b"# Guide\n").decode(),
                                  "encoding": "base64", "commit_message": "Add the guide", "author_name": "Ada", "author_email": "ada@example.com"})
            f = project.files.get("notes.txt", ref="main")
            f.content = "second\n"
            f.save(branch="main", commit_message="Update the notes")
            head_commit = project.commits.get("main")
            print("commit", head_commit.title, head_commit.stats, head_commit.parent_ids == [project.commits.list(get_all=True)[1].id])
            # `path` is python-gitlab's own keyword (the URL), so the filter goes as a query parameter.
            guide = project.commits.list(query_parameters={"path": "docs/guide.md"}, get_all=True)
            print("guide commit", [(c.title, c.author_name, c.author_email) for c in guide])
            pipelines = [p for p in project.pipelines.list(get_all=True) if p.sha == head_commit.id]
            print("pipelines of the commit", [(p.ref, p.source) for p in pipelines])
            p = wait_for(project, pipelines[0].id)
            job = p.jobs.list(get_all=True)[0]
            print("pipeline", p.status, "raw with the job token: second" in project.jobs.get(job.id).trace().decode())
            print("tree", [(t["path"], t["type"]) for t in project.repository_tree(recursive=True, get_all=True)])
            print("tree docs", [t["name"] for t in project.repository_tree(path="docs", ref="main")])
            print("page", len(project.repository_tree(recursive=True, per_page=2, page=1)))
            print("since", len(project.commits.list(since="2000-01-01T00:00:00Z", get_all=True)),
                  len(project.commits.list(until="2000-01-01T00:00:00Z", get_all=True)))
            cmp = project.repository_compare(guide[0].parent_ids[0], "main")
            print("compare", [c["title"] for c in cmp["commits"]], sorted((d["new_path"], d["new_file"]) for d in cmp["diffs"]))
            print("diff", [d["diff"] for d in cmp["diffs"] if d["new_path"] == "notes.txt"])
            project.files.delete(file_path="docs/guide.md", branch="main", commit_message="Drop the guide")
            try:
                project.files.get("docs/guide.md", ref="main")
            except gitlab.exceptions.GitlabGetError as e:
                print("deleted", e.response_code, e.error_message)
            # Several changes in one commit, as release scripts make them.
            c = project.commits.create({"branch": "main", "commit_message": "Reorganise", "actions": [
                {"action": "create", "file_path": "bin/run.sh", "content": "#!/bin/sh\n", "execute_filemode": True},
                {"action": "move", "file_path": "src/main.py", "previous_path": "src/app.py"},
                {"action": "chmod", "file_path": "fetch.py", "execute_filemode": True}]})
            print("multi", c.title, c.stats["additions"], sorted((d["old_path"], d["new_path"], d["b_mode"]) for d in c.diff()))
            print("refs", c.refs())
            try:
                project.commits.create({"branch": "main", "commit_message": "x", "actions": [{"action": "update", "file_path": "nope.txt", "content": "x"}]})
            except gitlab.exceptions.GitlabCreateError as e:
                print("multi missing", e.response_code, e.error_message)
            # A new branch from start_branch, as the web editor does.
            project.files.create({"file_path": "feature.txt", "branch": "topic", "start_branch": "main", "content": "f",
                                  "commit_message": "Start a topic"})
            print("branches", [b.name for b in project.branches.list(get_all=True)])
            """#)
        #expect(out.contains("get app.py src/app.py 9 base64 b'print(1)\\n' main 40 True False"), "\(out)")
        #expect(out.contains("raw b'print(1)\\n'"), "\(out)")
        #expect(out.contains("head app.py 9 True"), "\(out)")
        #expect(out.contains("blob 9 b'print(1)\\n' b'print(1)\\n'"), "\(out)")
        #expect(out.contains("commit Update the notes {'additions': 1, 'deletions': 1, 'total': 2} True"), "\(out)")
        #expect(out.contains("guide commit [('Add the guide', 'Ada', 'ada@example.com')]"), "\(out)")
        #expect(out.contains("pipelines of the commit [('main', 'push')]"), "\(out)")
        #expect(out.contains("pipeline success True"), "\(out)\n\(server.log)")
        #expect(out.contains("tree [('docs', 'tree'), ('src', 'tree'), ('.gitlab-ci.yml', 'blob'), ('docs/guide.md', 'blob'), ('fetch.py', 'blob'), ('notes.txt', 'blob'), ('src/app.py', 'blob')]"), "\(out)")
        #expect(out.contains("tree docs ['guide.md']"), "\(out)")
        #expect(out.contains("page 2"), "\(out)")
        #expect(out.contains("since 3 0"), "\(out)")
        #expect(out.contains("compare ['Add the guide', 'Update the notes'] [('docs/guide.md', True), ('notes.txt', False)]"), "\(out)")
        #expect(out.contains("diff ['@@ -1 +1 @@\\n-first\\n+second\\n']"), "\(out)")
        #expect(out.contains("deleted 404 404 File Not Found"), "\(out)")
        #expect(out.contains("branches ['main', 'topic']"), "\(out)")
        #expect(out.contains("multi Reorganise 1 [('bin/run.sh', 'bin/run.sh', '100755'), ('fetch.py', 'fetch.py', '100755'), ('src/app.py', 'src/main.py', '100644')]"), "\(out)")
        #expect(out.contains("refs [{'type': 'branch', 'name': 'main'}]"), "\(out)")
        #expect(out.contains("multi missing 400 A file with this name doesn't exist"), "\(out)")

        // git sees what the API committed.
        let clone = GantryProcess.scratchRoot.appendingPathComponent("clone-\(UUID().uuidString)")
        try GantryProcess.git(["clone", "-q", server.gitURL("root/files"), clone.path], in: GantryProcess.scratchRoot)
        #expect(try String(contentsOf: clone.appendingPathComponent("notes.txt"), encoding: .utf8) == "second\n")
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent("docs/guide.md").path))
        let titles = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", clone.path, "log", "--format=%s"],
                                     waitingFor: "git log of the clone").stdout
        #expect(titles == "Reorganise\nDrop the guide\nUpdate the notes\nAdd the guide\nfirst\n", "\(titles)")
        #expect(FileManager.default.isExecutableFile(atPath: clone.appendingPathComponent("bin/run.sh").path))
    }

    @Test func branchesTagsAndWhoMayReadOrWriteThem() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.yaml, "notes.txt": "first\n"])
        _ = try server.python(#"gl.projects.create({"name": "refs", "visibility": "private"})"#)
        try GantryProcess.git(["push", "-q", server.gitURL("root/refs"), "main"], in: repo)
        let out = try server.python(#"""
            import requests
            project = gl.projects.get("root/refs")
            def attempt(label, call):
                try:
                    r = call()
                    print(label, "ok", getattr(r, "name", r))
                except gitlab.exceptions.GitlabError as e:
                    print(label, e.response_code, e.error_message)
            b = project.branches.create({"branch": "release/1.x", "ref": "main"})
            print("branch", b.name, b.protected, b.default, b.merged, b.can_push, b.web_url.endswith("/root/refs/-/tree/release/1.x"))
            project.branches.create({"branch": "feature-a", "ref": "main"})
            print("search", [x.name for x in project.branches.list(search="feat", get_all=True)],
                  [x.name for x in project.branches.list(search="^rel", get_all=True)])
            print("get", project.branches.get("release/1.x").commit["title"])
            attempt("duplicate", lambda: project.branches.create({"branch": "feature-a", "ref": "main"}))
            attempt("bad ref", lambda: project.branches.create({"branch": "x", "ref": "no-such-ref"}))
            attempt("option name", lambda: project.branches.create({"branch": "-f", "ref": "main"}))
            t = project.tags.create({"tag_name": "v1.0.0", "ref": "main", "message": "First release"})
            print("tag", t.name, t.message, t.target != t.commit["id"], t.commit["title"])
            project.tags.create({"tag_name": "v1.1.0", "ref": "feature-a"})
            print("tags", [x.name for x in project.tags.list(order_by="name", sort="asc", get_all=True)])
            attempt("tag again", lambda: project.tags.create({"tag_name": "v1.0.0", "ref": "main"}))
            project.tags.delete("v1.1.0")
            print("tags after delete", [x.name for x in project.tags.list(get_all=True)])
            project.branches.delete("feature-a")
            attempt("deleted branch", lambda: project.branches.get("feature-a"))

            # Roles: a Reporter reads but cannot write; a Developer cannot delete a protected branch.
            project.protectedbranches.create({"name": "release/*", "push_access_level": 30, "merge_access_level": 30})
            rep, _, as_rep = person("rita")
            dev, _, as_dev = person("dave")
            stranger, _, as_stranger = person("sam")
            guest, _, as_guest = person("gus")
            project.members.create({"user_id": rep.id, "access_level": 20})
            project.members.create({"user_id": dev.id, "access_level": 30})
            project.members.create({"user_id": guest.id, "access_level": 10})
            rp = as_rep.projects.get(project.id, lazy=True)
            print("reporter reads", rp.files.raw("notes.txt", ref="main"))
            attempt("reporter writes", lambda: rp.files.create({"file_path": "r.txt", "branch": "main", "content": "r", "commit_message": "r"}))
            attempt("reporter branches", lambda: rp.branches.create({"branch": "r", "ref": "main"}))
            dp = as_dev.projects.get(project.id, lazy=True)
            attempt("developer deletes protected", lambda: dp.branches.delete("release/1.x"))
            attempt("developer pushes main", lambda: dp.files.create({"file_path": "d.txt", "branch": "main", "content": "d", "commit_message": "d"}))
            attempt("developer pushes release", lambda: dp.files.create({"file_path": "d.txt", "branch": "release/1.x", "content": "d", "commit_message": "d"}))
            attempt("maintainer deletes protected", lambda: project.branches.delete("release/1.x"))
            attempt("stranger reads", lambda: as_stranger.projects.get(project.id, lazy=True).files.raw("notes.txt", ref="main"))
            attempt("guest reads", lambda: as_guest.projects.get(project.id, lazy=True).files.raw("notes.txt", ref="main"))
            r = requests.get(gl.url + f"/api/v4/projects/{project.id}/repository/files/notes.txt/raw?ref=main")
            print("anonymous", r.status_code, r.json())
            """#)
        #expect(out.contains("branch release/1.x False False False True True"), "\(out)")
        #expect(out.contains("search ['feature-a'] ['release/1.x']"), "\(out)")
        #expect(out.contains("get first"), "\(out)")
        #expect(out.contains("duplicate 400 Branch already exists"), "\(out)")
        #expect(out.contains("bad ref 400 Invalid reference name: no-such-ref"), "\(out)")
        #expect(out.contains("option name 400 Branch name is invalid"), "\(out)")
        #expect(out.contains("tag v1.0.0 First release True first"), "\(out)")
        #expect(out.contains("tags ['v1.0.0', 'v1.1.0']"), "\(out)")
        #expect(out.contains("tag again 400 Tag v1.0.0 already exists"), "\(out)")
        #expect(out.contains("tags after delete ['v1.0.0']"), "\(out)")
        #expect(out.contains("deleted branch 404 404 Branch Not Found"), "\(out)")
        #expect(out.contains("reporter reads b'first\\n'"), "\(out)")
        #expect(out.contains("reporter writes 403 403 Forbidden"), "\(out)")
        #expect(out.contains("reporter branches 403 403 Forbidden"), "\(out)")
        #expect(out.contains("developer deletes protected 403 You are not allowed to delete protected branches from this project."), "\(out)")
        #expect(out.contains("developer pushes main 400 You are not allowed to push into this branch"), "\(out)")
        #expect(out.contains("developer pushes release ok"), "\(out)")
        #expect(out.contains("maintainer deletes protected ok"), "\(out)")
        #expect(out.contains("stranger reads 404 404 Project Not Found"), "\(out)")
        #expect(out.contains("guest reads 403 403 Forbidden"), "\(out)")
        #expect(out.contains("anonymous 404 {'message': '404 Project Not Found'}"), "\(out)")
    }

    /// Paths out of the tree, option injection into git, NUL bytes, huge contents and two editors
    /// racing on one file: each a clear 400/404/413, no file outside the repository touched, no
    /// lost update, and the server still answers.
    @Test func attacksOnTheRepositoryAPIAreRefused() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let repo = try ServerProcess.repository(files: ["notes.txt": "first\n", "src/app.py": "print(1)\n"])
        _ = try server.python(#"gl.projects.create({"name": "target"})"#)
        try GantryProcess.git(["push", "-q", server.gitURL("root/target"), "main"], in: repo)
        let marker = GantryProcess.scratchRoot.appendingPathComponent("pwned-\(UUID().uuidString)")
        let out = try server.python(#"""
            import requests, threading
            project = gl.projects.get("root/target")
            api = gl.url + f"/api/v4/projects/{project.id}/repository"
            h = {"PRIVATE-TOKEN": gl.private_token}
            def show(label, r):
                print(label, r.status_code, r.json() if r.headers.get("Content-Type", "").startswith("application/json") else r.content)
            write = {"branch": "main", "content": "x", "commit_message": "m"}
            show("dotdot", requests.get(api + "/files/..%2F..%2Fconfig?ref=main", headers=h))
            show("dotdot inside", requests.get(api + "/files/src%2F..%2Fnotes.txt/raw?ref=main", headers=h))
            show("absolute", requests.get(api + "/files/%2Fetc%2Fpasswd?ref=main", headers=h))
            show("nul", requests.get(api + "/files/notes.txt%00.png?ref=main", headers=h))
            show("git dir", requests.get(api + "/files/.git%2Fconfig?ref=main", headers=h))
            show("ref option", requests.get(api + "/files/notes.txt?ref=--output=\#(marker.path)", headers=h))
            show("ref expression", requests.get(api + "/files/notes.txt?ref=main~1", headers=h))
            show("commits option", requests.get(api + "/commits?ref_name=--output=\#(marker.path)", headers=h))
            show("tree option", requests.get(api + "/tree?ref=-r", headers=h))
            show("compare option", requests.get(api + "/compare?from=--output=\#(marker.path)&to=main", headers=h))
            show("branch option", requests.post(api + "/branches", headers=h, json={"branch": "--delete", "ref": "main"}))
            show("branch lock", requests.post(api + "/branches", headers=h, json={"branch": "x.lock", "ref": "main"}))
            show("tag option", requests.post(api + "/tags", headers=h, json={"tag_name": "-d", "ref": "main"}))
            show("write dotdot", requests.post(api + "/files/..%2Fhooks%2Fpre-receive", headers=h, json=write))
            show("write option branch", requests.post(api + "/files/x.txt", headers=h, json={**write, "branch": "--help"}))
            show("write under a file", requests.post(api + "/files/notes.txt%2Finner", headers=h, json=write))
            show("write existing", requests.post(api + "/files/notes.txt", headers=h, json=write))
            show("update missing", requests.put(api + "/files/nope.txt", headers=h, json=write))
            show("actions dotdot", requests.post(api + "/commits", headers=h, json={"branch": "main", "commit_message": "m",
                 "actions": [{"action": "create", "file_path": "ok.txt", "content": "x"}, {"action": "create", "file_path": "a/../../x", "content": "x"}]}))
            show("actions unknown", requests.post(api + "/commits", headers=h, json={"branch": "main", "commit_message": "m",
                 "actions": [{"action": "execute", "file_path": "ok.txt"}]}))
            show("nul message", requests.post(api + "/files/y.txt", headers=h, json={**write, "commit_message": "a\u0000b"}))
            show("bad encoding", requests.post(api + "/files/y.txt", headers=h, json={**write, "encoding": "rot13"}))
            show("huge", requests.post(api + "/files/big.bin", headers=h, json={**write, "content": "A" * (5 << 20)}))
            # Two editors start from the same version; one update wins, the other is told.
            f = project.files.get("notes.txt", ref="main")
            results = {}
            def edit(who):
                r = requests.put(api + "/files/notes.txt", headers=h, json={**write, "content": who, "last_commit_id": f.last_commit_id})
                results[who] = (r.status_code, r.json().get("message"))
            threads = [threading.Thread(target=edit, args=(w,)) for w in ("alice", "bob")]
            for t in threads: t.start()
            for t in threads: t.join()
            print("race", sorted(code for code, _ in results.values()))
            winner = [w for w, (code, _) in results.items() if code == 200]
            loser = [m for code, m in results.values() if code == 400]
            print("race content", project.files.raw("notes.txt", ref="main").decode() == winner[0], loser)
            print("commits", len(project.commits.list(get_all=True)))
            # Odd but valid names go through whole: `+`, `%`, `?`, `#`, spaces, non-ASCII, a leading `-`.
            odd = ["a+b.txt", "dir with space/\u00fc.txt", "100%.txt", "x?y#z.txt", "-rf"]
            project.branches.create({"branch": "side", "ref": "main"})
            for name in odd:
                project.files.create({"file_path": name, "branch": "side", "content": name, "commit_message": "add"})
            print("odd names", all(project.files.raw(n, ref="side").decode() == n for n in odd))
            print("alive", project.files.raw("src/app.py", ref="main"))
            """#)
        let invalidPath = "{'error': 'file_path should be a valid file path'}"
        #expect(out.contains("dotdot 400 \(invalidPath)"), "\(out)")
        #expect(out.contains("dotdot inside 400 \(invalidPath)"), "\(out)")
        #expect(out.contains("absolute 400 \(invalidPath)"), "\(out)")
        #expect(out.contains("nul 400 \(invalidPath)"), "\(out)")
        #expect(out.contains("git dir 400 \(invalidPath)"), "\(out)")
        #expect(out.contains("ref option 404 {'message': '404 Commit Not Found'}"), "\(out)")
        #expect(out.contains("ref expression 404 {'message': '404 Commit Not Found'}"), "\(out)")
        #expect(out.contains("commits option 200 []"), "\(out)")
        #expect(out.contains("tree option 404 {'message': '404 Tree Not Found'}"), "\(out)")
        #expect(out.contains("compare option 404 {'message': '404 Ref Not Found'}"), "\(out)")
        #expect(out.contains("branch option 400 {'message': 'Branch name is invalid'}"), "\(out)")
        #expect(out.contains("branch lock 400 {'message': 'Branch name is invalid'}"), "\(out)")
        #expect(out.contains("tag option 400 {'message': 'Tag name invalid'}"), "\(out)")
        #expect(out.contains("write dotdot 400 \(invalidPath)"), "\(out)")
        #expect(out.contains("write option branch 400 {'message': 'You can only create or edit files when you are on a branch'}"), "\(out)")
        #expect(out.contains("write under a file 400 {'message': 'A file with this name already exists'}"), "\(out)")
        #expect(out.contains("write existing 400 {'message': 'A file with this name already exists'}"), "\(out)")
        #expect(out.contains("update missing 400 {'message': \"A file with this name doesn't exist\"}"), "\(out)")
        #expect(out.contains("bad encoding 400 {'error': 'encoding does not have a valid value'}"), "\(out)")
        #expect(out.contains("actions dotdot 400 {'error': 'actions[1][file_path] should be a valid file path'}"), "\(out)")
        #expect(out.contains("actions unknown 400 {'error': 'actions[0][action] does not have a valid value'}"), "\(out)")
        #expect(out.contains("nul message 400 {'error': 'commit_message must not contain a NUL byte'}"), "\(out)")
        #expect(out.contains("huge 413"), "\(out)")
        #expect(out.contains("race [200, 400]"), "\(out)")
        #expect(out.contains("race content True ['You are attempting to update a file that has changed since you started editing it.']"), "\(out)")
        #expect(out.contains("commits 2"), "\(out)")
        #expect(out.contains("odd names True"), "\(out)")
        #expect(out.contains("alive b'print(1)\\n'"), "\(out)")
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }
}
