import Foundation
import GantryTestSupport
import Testing

/// The v4 API's shapes and endpoints as GitLab tools read them (issue 15): python-gitlab,
/// its `gitlab` CLI and gitlab-trace against a real server with its in-process runner.
@Suite(.serialized) struct ServerAPIShapeTests {
    static let yaml = """
        workflow:
          name: "Release $CI_COMMIT_BRANCH"
        stages: [build, test, later]
        build:
          stage: build
          script:
            - mkdir -p out
            - echo "report of the build" > out/report.txt
            - head -c 41943040 /dev/zero > out/big.bin
            - printf '<testsuite name="s"><testcase classname="c" name="passes" time="0.1"/><testcase classname="c" name="fails" time="0.2"><failure message="boom">trace</failure></testcase></testsuite>' > junit.xml
          artifacts:
            paths: [out/]
            reports:
              junit: junit.xml
        plain:
          stage: test
          script: [echo plain output line]
        later:
          stage: later
          when: manual
          script: [echo played]

        """

    /// A python-gitlab configuration section `gantry` for gitlab-trace and the `gitlab` CLI.
    static func clientConfig(_ server: ServerProcess) throws -> URL {
        let file = GantryProcess.scratchRoot.appendingPathComponent("python-gitlab-\(UUID().uuidString).cfg")
        try """
            [global]
            default = gantry
            [gantry]
            url = \(server.url)
            private_token = \(ServerProcess.rootToken)

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// root's project `name`, with `yaml` pushed to main (which starts its first pipeline).
    static func pushProject(_ name: String, to server: ServerProcess) throws {
        _ = try server.python("gl.projects.create({\"name\": \"\(name)\"})")
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/\(name)"), "main"], in: repo)
    }

    @Test func pipelinesJobsAndArtifactsAsGitLabToolsReadThem() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        let config = try Self.clientConfig(server)
        try Self.pushProject("shape", to: server)
        let out = try server.python("""
            import os, subprocess, tempfile, requests
            project = gl.projects.get("root/shape")
            p = wait_for(project, first_pipeline(project).id)
            print("status", p.status, p.name)
            print("latest", project.pipelines.latest().id == p.id, project.pipelines.latest(ref="main").id == p.id)
            # The manual job waiting does not count: the duration is the jobs' run time, far below the wait.
            print("times", type(p.duration).__name__, p.queued_duration is not None, p.committed_at is not None,
                  p.started_at is not None, p.finished_at is not None)
            ds = p.detailed_status
            print("detailed", ds["text"], ds["label"], ds["group"], ds["icon"], ds["tooltip"], ds["has_details"],
                  ds["details_path"] == f"/root/shape/-/pipelines/{p.id}", ds["favicon"])
            jobs = {j.name: project.jobs.get(j.id) for j in p.jobs.list(get_all=True)}
            b, pl = jobs["build"], jobs["plain"]
            print("artifacts_file", hasattr(pl, "artifacts_file"), b.artifacts_file["filename"])
            print("commit", b.commit["title"], b.commit["author_email"], b.commit["short_id"] == p.sha[:8], b.commit["created_at"] is not None)
            print("job", b.user["username"], b.archived, b.runner is not None, b.queued_duration is not None,
                  jobs["later"].detailed_status["text"])
            # gitlab-trace: a job without artifacts and one with them.
            env = dict(os.environ, PYTHON_GITLAB_CFG="\(config.path)")
            trace = os.path.join(os.path.dirname(sys.executable), "gitlab-trace")
            work = tempfile.mkdtemp()
            r = subprocess.run([trace, "-p", "root/shape", "-a", str(p.id), "plain"], env=env, cwd=work, capture_output=True, text=True)
            print("trace plain", r.returncode, "plain output line" in r.stdout, "Job has no artifacts" in r.stderr, "Traceback" in r.stderr)
            r = subprocess.run([trace, "-p", "root/shape", "-a", str(p.id), "build"], env=env, cwd=work, capture_output=True, text=True)
            print("trace build", r.returncode, "Traceback" in r.stderr,
                  zipfile.ZipFile(os.path.join(work, "artifacts.zip")).read("out/report.txt").decode().strip())
            # Artifacts by path and by ref.
            print("by path", b.artifact("out/report.txt").decode().strip())
            # A large file is streamed from a copy, not held whole in memory.
            size = 0
            with requests.get(f"{gl.url}/api/v4/projects/{project.id}/jobs/{b.id}/artifacts/out/big.bin",
                              headers={"PRIVATE-TOKEN": gl.private_token}, stream=True) as r:
                for chunk in r.iter_content(1 << 20):
                    size += len(chunk)
                print("big by path", r.status_code, size, r.headers["Content-Disposition"])
            print("by ref", zipfile.ZipFile(io.BytesIO(project.artifacts.download(ref_name="main", job="build"))).namelist())
            print("raw by ref", project.artifacts.raw("main", "out/report.txt", "build").decode().strip())
            # Test reports: every case, and the summary.
            report = p.test_report.get()
            print("cases", [(c["name"], c["status"]) for c in report.test_suites[0]["test_cases"]])
            summary = p.test_report_summary.get()
            print("summary", summary.total["count"], summary.total["success"], summary.total["failed"],
                  summary.test_suites[0]["build_ids"] == [b.id])
            # An attacker's tries: paths out of the archive, absurd ids and pages.
            h = {"PRIVATE-TOKEN": gl.private_token}
            base = f"{gl.url}/api/v4/projects/{project.id}"
            for path in ["../../../gantry.sqlite", "%2e%2e/%2e%2e/gantry.sqlite", "out/../../gantry.sqlite", "/etc/passwd", "out",
                         "out/report.txt%0d%0aX-Injected:%201"]:
                print("escape", path, requests.get(f"{base}/jobs/{b.id}/artifacts/{path}", headers=h).status_code)
            print("huge id", requests.get(f"{base}/jobs/99999999999999999999999/artifacts/out/report.txt", headers=h).status_code,
                  requests.get(f"{base}/pipelines/-1", headers=h).status_code)
            r = requests.get(f"{base}/jobs?page=-7&per_page=100000", headers=h)
            print("pages", r.status_code, r.headers["X-Page"], r.headers["X-Per-Page"])
            for page in ["2500", "2501", "99999999999999999999999"]:
                r = requests.get(f"{gl.url}/api/v4/projects?page={page}", headers=h)
                print("offset cap", page, r.status_code, r.json() if r.status_code != 200 else len(r.json()))
            print("no job name", requests.get(f"{base}/jobs/artifacts/main/download", headers=h).status_code,
                  requests.get(f"{base}/jobs/artifacts/nope/download?job=build", headers=h).status_code)
            # The manual job played after a pause: the duration is the union of the jobs' run times
            # (GitLab's), not the wall-clock time from the first start to the last end.
            time.sleep(2)
            jobs["later"].play()
            deadline = time.time() + patient(60)
            while project.jobs.get(jobs["later"].id).status not in ("success", "failed") and time.time() < deadline:
                time.sleep(0.2)
            p = wait_for(project, p.id)
            from datetime import datetime
            t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
            periods = sorted((t(j.started_at), t(j.finished_at)) for j in p.jobs.list(get_all=True) if j.started_at)
            union, end = 0.0, None
            for first, last in periods:
                if end is None or first > end:
                    union, end = union + (last - first), last
                elif last > end:
                    union, end = union + (last - end), last
            print("duration is the union", abs(p.duration - union) <= 1, p.duration, round(union, 2),
                  "wall-clock", round(t(p.finished_at) - t(p.started_at), 2), file=sys.stderr)
            print("duration is the union", abs(p.duration - union) <= 1, len(periods))
            # Keep, erase, delete.
            b.keep_artifacts()
            print("kept", project.jobs.get(b.id).artifacts_expire_at)
            pl.erase()
            print("erased", repr(project.jobs.get(pl.id).trace().decode()), project.jobs.get(pl.id).erased_at is not None)
            b.delete_artifacts()
            b = project.jobs.get(b.id)
            print("deleted", hasattr(b, "artifacts_file"), b.attributes["artifacts"],
                  requests.get(f"{base}/jobs/{b.id}/artifacts/out/report.txt", headers=h).status_code)
            """)
        #expect(out.contains("status success Release main"), "\(out)")
        #expect(out.contains("latest True True"), "\(out)")
        #expect(out.contains("times int True True True True"), "\(out)")
        #expect(out.contains("detailed Passed passed success status_success passed True True /assets/ci_favicons/favicon_status_success.png"), "\(out)")
        #expect(out.contains("artifacts_file False artifacts.zip"), "\(out)")
        #expect(out.contains("commit first t@example.com True True"), "\(out)")
        #expect(out.contains("job root False True True Manual"), "\(out)")
        #expect(out.contains("trace plain 1 True True False"), "\(out)")
        #expect(out.contains("trace build 0 False report of the build"), "\(out)")
        #expect(out.contains("by path report of the build"), "\(out)")
        #expect(out.contains("big by path 200 41943040 attachment; filename=\"big.bin\""), "\(out)")
        #expect(out.contains("by ref ['out/', 'out/big.bin', 'out/report.txt']"), "\(out)")
        #expect(out.contains("raw by ref report of the build"), "\(out)")
        #expect(out.contains("cases [('fails', 'failed'), ('passes', 'success')]"), "\(out)")
        #expect(out.contains("summary 2 1 1 True"), "\(out)")
        for path in ["../../../gantry.sqlite", "%2e%2e/%2e%2e/gantry.sqlite", "out/../../gantry.sqlite", "/etc/passwd", "out",
                     "out/report.txt%0d%0aX-Injected:%201"] {
            #expect(out.contains("escape \(path) 404"), "\(out)")
        }
        #expect(out.contains("huge id 404 404"), "\(out)")
        #expect(out.contains("pages 200 1 100"), "\(out)")
        #expect(out.contains("offset cap 2500 200 0"), "\(out)")
        #expect(out.contains("offset cap 2501 405 {'error': 'Offset pagination has a maximum allowed offset of 50000 for requests that return objects of type Project. Remaining records can be retrieved using keyset pagination.'}"), "\(out)")
        #expect(out.contains("offset cap 99999999999999999999999 405"), "\(out)")
        #expect(out.contains("no job name 400 404"), "\(out)")
        #expect(out.contains("duration is the union True 3"), "\(out)")
        #expect(out.contains("kept None"), "\(out)")
        #expect(out.contains("erased '' True"), "\(out)")
        #expect(out.contains("deleted False [] 404"), "\(out)")
        // The deleted artifacts are gone from the data directory too.
        let folders = try FileManager.default.contentsOfDirectory(atPath: server.data.appendingPathComponent("artifacts").path)
        #expect(folders.isEmpty, "\(folders)")
    }

    /// python-gitlab's save() and the CLI's update send only what changed: masked, protected and
    /// the rest stay as they were.
    @Test func variableUpdatesKeepWhatTheyDoNotName() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let config = try Self.clientConfig(server)
        let out = try server.python("""
            import os, subprocess
            project = gl.projects.create({"name": "vars"})
            project.variables.create({"key": "SECRET", "value": "s3cr3t-value-42", "masked": True, "protected": True,
                                      "raw": True, "environment_scope": "production", "description": "deploy key"})
            v = project.variables.get("SECRET")
            v.value = "n3w-secret-value"
            v.save()
            v = project.variables.get("SECRET")
            print("after save", v.value, v.masked, v.protected, v.raw, v.environment_scope, v.description)
            cli = os.path.join(os.path.dirname(sys.executable), "gitlab")
            r = subprocess.run([cli, "-c", "\(config.path)", "project-variable", "update", "--project-id", str(project.id),
                                "--key", "SECRET", "--value", "cli-secret-value"], capture_output=True, text=True)
            v = project.variables.get("SECRET")
            print("after cli", r.returncode, v.value, v.masked, v.protected, v.raw, v.environment_scope, v.description)
            # Unmasking takes saying so.
            v.masked = False
            v.save()
            print("unmasked", project.variables.get("SECRET").masked)
            try:
                project.variables.update("SECRET", {"masked": True, "value": "short"})
            except gitlab.exceptions.GitlabUpdateError as e:
                print("too short", e.response_code)
            # Two scopes of one key need a filter.
            project.variables.create({"key": "SECRET", "value": "staging-value-1", "environment_scope": "staging"})
            try:
                project.variables.update("SECRET", {"value": "which-one-is-it"})
            except gitlab.exceptions.GitlabUpdateError as e:
                print("ambiguous", e.response_code)
            project.variables.update("SECRET", {"value": "staging-value-2"}, filter={"environment_scope": "staging"})
            print("filtered", sorted((v.environment_scope, v.value) for v in project.variables.list(get_all=True)))
            """)
        #expect(out.contains("after save n3w-secret-value True True True production deploy key"), "\(out)")
        #expect(out.contains("after cli 0 cli-secret-value True True True production deploy key"), "\(out)")
        #expect(out.contains("unmasked False"), "\(out)")
        #expect(out.contains("too short 400"), "\(out)")
        #expect(out.contains("ambiguous 409"), "\(out)")
        #expect(out.contains("filtered [('production', 'cli-secret-value'), ('staging', 'staging-value-2')]"), "\(out)")
    }

    /// Pipeline variables, namespaces and descendant groups, and deletes: who may, and that the
    /// data is gone from disk.
    @Test func namespacesPipelineVariablesAndDeletes() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        try Self.pushProject("doomed", to: server)
        let out = try server.python("""
            import requests
            project = gl.projects.get("root/doomed")
            first = wait_for(project, first_pipeline(project).id)
            p = project.pipelines.create({"ref": "main", "variables": [{"key": "RELEASE", "value": "v1.2.3"}]})
            p = wait_for(project, p.id)
            print("variables", [(v.key, v.value) for v in p.variables.list()])
            dev, dev_token, dev_gl = person("dev")
            rep, rep_token, rep_gl = person("rep")
            outsider, _, outsider_gl = person("outsider")
            project.members.create({"user_id": dev.id, "access_level": 30})
            project.members.create({"user_id": rep.id, "access_level": 20})
            h = lambda t: {"PRIVATE-TOKEN": t}
            base = f"{gl.url}/api/v4/projects/{project.id}"
            print("reporter reads variables", requests.get(f"{base}/pipelines/{p.id}/variables", headers=h(rep_token)).status_code)
            print("developer deletes", requests.delete(f"{base}/pipelines/{p.id}", headers=h(dev_token)).status_code,
                  requests.delete(base, headers=h(dev_token)).status_code)
            print("outsider deletes", requests.delete(base, headers=h(outsider_gl.private_token)).status_code)
            jobs = [j.id for j in p.jobs.list(get_all=True)]
            print("jobs", " ".join(map(str, jobs)))
            p.delete()
            print("pipeline gone", requests.get(f"{base}/pipelines/{p.id}", headers=h(gl.private_token)).status_code)
            # Namespaces and descendant groups.
            top = gl.groups.create({"name": "top", "path": "top"})
            mid = gl.groups.create({"name": "mid", "path": "mid", "parent_id": top.id})
            gl.groups.create({"name": "leaf", "path": "leaf", "parent_id": mid.id})
            print("descendants", sorted(g.full_path for g in top.descendant_groups.list(get_all=True)))
            print("namespaces", sorted((n.kind, n.full_path) for n in gl.namespaces.list(get_all=True)))
            print("namespace", gl.namespaces.get("top/mid").kind, gl.namespaces.get("root").kind)
            print("dev namespaces", sorted(n.full_path for n in dev_gl.namespaces.list(get_all=True)))
            print("dev sees root", requests.get(f"{gl.url}/api/v4/namespaces/root", headers=h(dev_token)).status_code)
            # Project shape: permissions of the caller, statistics when asked, links, owner.
            seen = dev_gl.projects.get(project.id, statistics=True)
            print("dev permissions", seen.permissions, seen.statistics["commit_count"], seen.statistics["job_artifacts_size"] > 0)
            print("links", seen._links["self"] == f"{base}", seen.owner["username"], seen.ci_config_path, seen.jobs_enabled,
                  seen.issues_enabled)
            print("reporter statistics", hasattr(rep_gl.projects.get(project.id, statistics=True), "statistics"))
            # A package of the project: its stored file goes with it.
            wheel = io.BytesIO()
            with zipfile.ZipFile(wheel, "w") as z:
                z.writestr("doomed_lib-1.0.dist-info/METADATA", "Metadata-Version: 2.1\\nName: doomed-lib\\nVersion: 1.0\\n")
                z.writestr("doomed_lib-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
                z.writestr("doomed_lib-1.0.dist-info/RECORD", "")
            r = requests.post(f"{base}/packages/pypi", auth=("root", gl.private_token),
                              data={":action": "file_upload", "name": "doomed-lib", "version": "1.0"},
                              files={"content": ("doomed_lib-1.0-py3-none-any.whl", wheel.getvalue())})
            print("uploaded", r.status_code, r.text[:200])
            project.delete()
            print("project gone", requests.get(base, headers=h(gl.private_token)).status_code)
            """)
        #expect(out.contains("variables [('RELEASE', 'v1.2.3')]"), "\(out)")
        #expect(out.contains("reporter reads variables 403"), "\(out)")
        #expect(out.contains("developer deletes 403 403"), "\(out)")
        #expect(out.contains("outsider deletes 404"), "\(out)")
        #expect(out.contains("pipeline gone 404"), "\(out)")
        #expect(out.contains("descendants ['top/mid', 'top/mid/leaf']"), "\(out)")
        #expect(out.contains("namespaces [('group', 'top'), ('group', 'top/mid'), ('group', 'top/mid/leaf'), ('user', 'root')]"), "\(out)")
        #expect(out.contains("namespace group user"), "\(out)")
        #expect(out.contains("dev namespaces ['dev']"), "\(out)")
        #expect(out.contains("dev sees root 404"), "\(out)")
        #expect(out.contains("project gone 404"), "\(out)")
        #expect(out.contains("uploaded 201"), "\(out)")
        #expect(out.contains("dev permissions {'project_access': {'access_level': 30, 'notification_level': 3}, 'group_access': None} 1 True"), "\(out)")
        #expect(out.contains("links True root .gitlab-ci.yml True False"), "\(out)")
        #expect(out.contains("reporter statistics True"), "\(out)")
        // Nothing of the project stays on disk: repository, traces, artifacts, package content.
        let data = server.data
        var left = ["repositories", "traces", "artifacts"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent(folder).path)) ?? []).map { "\(folder)/\($0)" }
        }
        let packages = FileManager.default.enumerator(atPath: data.appendingPathComponent("packages").path)
        while let file = packages?.nextObject() as? String {
            var folder: ObjCBool = false
            if !file.hasPrefix("tmp"), FileManager.default.fileExists(atPath: data.appendingPathComponent("packages/\(file)").path, isDirectory: &folder), !folder.boolValue {
                left.append("packages/\(file)")
            }
        }
        #expect(left.isEmpty, "\(left)")
    }

    /// A running pipeline deleted: its job's process is stopped (the runner's next update is
    /// refused) and no trace comes back on disk.
    @Test func deletingARunningPipelineStopsItsJob() throws {
        let sleep = "517.\(Int.random(in: 100_000...999_999))"
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        _ = try server.python("gl.projects.create({\"name\": \"busy\"})")
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": "job:\n  script:\n    - echo started\n    - sleep \(sleep)\n"])
        try GantryProcess.git(["push", "-q", server.gitURL("root/busy"), "main"], in: repo)
        let out = try server.python("""
            import subprocess
            project = gl.projects.get("root/busy")
            p = first_pipeline(project)
            job = p.jobs.list(get_all=True)[0]
            deadline = time.time() + patient(60)
            while "$ sleep" not in project.jobs.get(job.id).trace().decode() and time.time() < deadline:
                time.sleep(0.2)
            # pgrep's pattern never matches this script's own command line.
            running = lambda: subprocess.run(["pgrep", "-f", "sleep 51[7].\(sleep.dropFirst(4))"], capture_output=True).returncode == 0
            print("running before", running())
            project.pipelines.delete(p.id)
            deadline = time.time() + patient(30)
            while running() and time.time() < deadline:
                time.sleep(0.2)
            print("running after", running())
            time.sleep(1)
            print("job", job.id)
            """)
        #expect(out.contains("running before True"), "\(out)")
        #expect(out.contains("running after False"), "\(out)\n\(server.log)")
        let traces = try FileManager.default.contentsOfDirectory(atPath: server.data.appendingPathComponent("traces").path)
        #expect(traces.isEmpty, "\(traces)")
    }
}
