import Foundation
import GantryTestSupport
import Testing

/// python-gitlab's `job.cancel()` against a real `gantry server --runner`: a pending job and a
/// running one (its script is stopped on the runner) are canceled while the pipeline's other jobs
/// run to their end, and the pipeline settles as GitLab's would; bad attempts change nothing.
@Suite(.serialized) struct ServerJobCancelTests {
    static let yaml = """
        stages: [build, test]
        slow:
          stage: build
          script:
            - echo slow started
            - sleep 6017
            - echo slow finished
        quick:
          stage: build
          script: [echo quick done]
        waiting:
          stage: build
          tags: [no-such-runner]
          script: [echo never runs]
        test:
          stage: test
          script: [echo tested]
        lint:
          stage: test
          needs: [quick]
          script: [echo linted]

        """

    @Test func cancelingJobsStopsOnlyThem() throws {
        let server = try ServerProcess(arguments: ["--runner"])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "stop"})"#)
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": Self.yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/stop"), "main"], in: repo)

        let out = try server.python("""
            import os, requests
            project = gl.projects.get("root/stop")
            p = first_pipeline(project)
            def jobs():
                return {j.name: j for j in project.pipelines.get(p.id).jobs.list(get_all=True)}
            def until(what, check, seconds=120):
                deadline = time.time() + patient(seconds)
                said = time.time()
                while not check():
                    if time.time() > deadline:
                        raise SystemExit(f"gave up waiting for {what}: " + ", ".join(f"{n} {j.status}" for n, j in jobs().items()))
                    if time.time() - said > 20:
                        said = time.time()
                        print("waiting for", what, {n: j.status for n, j in jobs().items()}, file=sys.stderr, flush=True)
                    time.sleep(0.3)
            def sleeping():
                # The slow job's `sleep 6017`, as the runner's shell started it.
                found = False
                for pid in filter(str.isdigit, os.listdir("/proc")):
                    try:
                        found = found or open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")[:2] == [b"sleep", b"6017"]
                    except OSError:
                        pass
                return found
            def trace(name):
                return project.jobs.get(jobs()[name].id).trace().decode()

            until("slow to run its script", lambda: jobs()["slow"].status == "running" and "slow started" in trace("slow"))
            until("the sleep of slow", sleeping)
            until("quick to finish", lambda: jobs()["quick"].status == "success")
            slow, quick, waiting = jobs()["slow"], jobs()["quick"], jobs()["waiting"]
            print("before", slow.status, waiting.status, project.pipelines.get(p.id).status)

            # Bad attempts: nothing changes.
            print("finished job", project.jobs.get(quick.id).cancel()["status"])
            other = gl.projects.create({"name": "other"})
            try:
                gl.http_post(f"/projects/{other.id}/jobs/{slow.id}/cancel")
            except gitlab.exceptions.GitlabHttpError as e:
                print("other project's job id", e.response_code)
            rita, _, as_rita = person("rita")
            project.members.create({"user_id": rita.id, "access_level": 20})
            try:
                as_rita.projects.get(project.id).jobs.get(slow.id).cancel()
            except gitlab.exceptions.GitlabJobCancelError as e:
                print("reporter", e.response_code)
            print("anonymous", requests.post(f"{gl.url}/api/v4/projects/{project.id}/jobs/{slow.id}/cancel").status_code)
            print("after bad attempts", jobs()["slow"].status, jobs()["waiting"].status, project.pipelines.get(p.id).status)

            # A pending job (no runner has its tag), then the running one.
            print("pending job", project.jobs.get(waiting.id).cancel()["status"])
            canceled_at = time.time()
            print("running job", project.jobs.get(slow.id).cancel()["status"])
            until("the runner to stop the script of slow", lambda: not sleeping())
            print(f"the runner stopped the script {time.time() - canceled_at:.1f}s after the cancel", file=sys.stderr, flush=True)
            print("script stopped")

            final = wait_for(project, p.id)
            print("pipeline", final.status)
            print("jobs", sorted(f"{n} {j.status}" for n, j in jobs().items()))
            print("slow log", "slow started" in trace("slow"), "slow finished" in trace("slow"))
            print("lint log", "linted" in trace("lint"))
            """)
        let expected = [
            "before running pending running",
            "finished job success",
            "other project's job id 404",
            "reporter 403",
            "anonymous 401",
            "after bad attempts running pending running",
            "pending job canceled",
            "running job canceled",
            "script stopped",
            "pipeline canceled",
            "jobs ['lint success', 'quick success', 'slow canceled', 'test skipped', 'waiting canceled']",
            "slow log True False",
            "lint log True",
        ]
        #expect(out.split(separator: "\n").map(String.init) == expected, "\(out)\n\(server.log)")
    }

    /// The job page's Cancel button (a form with the session's CSRF token, as a browser sends it)
    /// cancels that job through the same path; the other job of the pipeline finishes.
    @Test func theJobPagesCancelButtonCancelsOnlyThatJob() throws {
        let password = "root-password-for-tests"
        let server = try ServerProcess(arguments: ["--runner", "--initial-root-password", password])
        defer { server.stop() }
        _ = try server.python(#"gl.projects.create({"name": "page"})"#)
        let yaml = "slow:\n  script: [echo slow started, sleep 6029]\nother:\n  script: [sleep 2, echo other done]\n"
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": yaml])
        try GantryProcess.git(["push", "-q", server.gitURL("root/page"), "main"], in: repo)

        let out = try server.python("""
            import re, requests
            project = gl.projects.get("root/page")
            p = first_pipeline(project)
            def job(name):
                return [j for j in project.pipelines.get(p.id).jobs.list(get_all=True) if j.name == name][0]
            deadline = time.time() + patient(120)
            while job("slow").status != "running" and time.time() < deadline:
                time.sleep(0.3)
            web = requests.Session()
            form = web.get(gl.url + "/users/sign_in").text
            token = re.search(r'name="authenticity_token" value="([^"]+)"', form).group(1)
            web.post(gl.url + "/users/sign_in", data={"username": "root", "password": "\(password)", "authenticity_token": token})
            slow = job("slow")
            page = web.get(f"{gl.url}/root/page/-/jobs/{slow.id}").text
            cancel = re.search(r'<form class="inline" method="post" action="([^"]+/cancel)"><input type="hidden" name="authenticity_token" value="([^"]+)">', page)
            print("button", cancel.group(1) == f"/root/page/-/jobs/{slow.id}/cancel")
            r = web.post(gl.url + cancel.group(1), data={"authenticity_token": cancel.group(2)}, allow_redirects=False)
            print("pressed", r.status_code, job("slow").status)
            final = wait_for(project, p.id)
            print("pipeline", final.status, sorted(f"{j.name} {j.status}" for j in final.jobs.list(get_all=True)))
            page = web.get(f"{gl.url}/root/page/-/jobs/{job('other').id}").text
            print("finished job has a cancel button", "/cancel" in page)
            """)
        #expect(out == """
            button True
            pressed 303 canceled
            pipeline canceled ['other success', 'slow canceled']
            finished job has a cancel button False

            """, "\(out)\n\(server.log)")
    }
}
