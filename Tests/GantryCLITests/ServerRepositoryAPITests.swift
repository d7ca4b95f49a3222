import Foundation
import GantryTestSupport
import Testing

/// The repository API through python-gitlab and git: files read and written through the API
/// (a commit that `git clone` sees and that starts its pipeline as a push does), tree, commits,
/// compare, branches and tags with their protection, and the attacks a server must survive.
@Suite(.serialized) struct ServerRepositoryAPITests {
    static let yaml = """
        build:
          script: [cat notes.txt]

        """

    @Test func filesThroughTheAPIMakeCommitsThatCloneAndRunPipelines() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.yaml, "notes.txt": "first\n", "src/app.py": "print(1)\n"])
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
            print("pipeline", p.status, "second" in project.jobs.get(job.id).trace().decode())
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
            # A new branch from start_branch, as the web editor does.
            project.files.create({"file_path": "feature.txt", "branch": "topic", "start_branch": "main", "content": "f",
                                  "commit_message": "Start a topic"})
            print("branches", [b.name for b in project.branches.list(get_all=True)])
            """#)
        #expect(out.contains("get app.py src/app.py 9 base64 b'print(1)\\n' main 40 True False"), "\(out)")
        #expect(out.contains("raw b'print(1)\\n'"), "\(out)")
        #expect(out.contains("head app.py 9 True"), "\(out)")
        #expect(out.contains("commit Update the notes {'additions': 1, 'deletions': 1, 'total': 2} True"), "\(out)")
        #expect(out.contains("guide commit [('Add the guide', 'Ada', 'ada@example.com')]"), "\(out)")
        #expect(out.contains("pipelines of the commit [('main', 'push')]"), "\(out)")
        #expect(out.contains("pipeline success True"), "\(out)\n\(server.log)")
        #expect(out.contains("tree [('.gitlab-ci.yml', 'blob'), ('docs', 'tree'), ('docs/guide.md', 'blob'), ('notes.txt', 'blob'), ('src', 'tree'), ('src/app.py', 'blob')]"), "\(out)")
        #expect(out.contains("tree docs ['guide.md']"), "\(out)")
        #expect(out.contains("page 2"), "\(out)")
        #expect(out.contains("since 3 0"), "\(out)")
        #expect(out.contains("compare ['Add the guide', 'Update the notes'] [('docs/guide.md', True), ('notes.txt', False)]"), "\(out)")
        #expect(out.contains("diff ['@@ -1 +1 @@\\n-first\\n+second\\n']"), "\(out)")
        #expect(out.contains("deleted 404 404 File Not Found"), "\(out)")
        #expect(out.contains("branches ['main', 'topic']"), "\(out)")

        // git sees what the API committed.
        let clone = GantryProcess.scratchRoot.appendingPathComponent("clone-\(UUID().uuidString)")
        try GantryProcess.git(["clone", "-q", server.gitURL("root/files"), clone.path], in: GantryProcess.scratchRoot)
        #expect(try String(contentsOf: clone.appendingPathComponent("notes.txt"), encoding: .utf8) == "second\n")
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent("docs/guide.md").path))
        let titles = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["git", "-C", clone.path, "log", "--format=%s"],
                                     waitingFor: "git log of the clone").stdout
        #expect(titles == "Drop the guide\nUpdate the notes\nAdd the guide\nfirst\n", "\(titles)")
    }
}
