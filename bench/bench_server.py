"""What the server benchmarks share: a throwaway `gantry server --runner` and a group of N
projects (in two subgroups), each with a pipeline created through the repository files API
(every tenth one fails)."""
import os, subprocess, sys, tempfile, time


def start(gantry, token, extra=()):
    """Starts the server on a free port; returns (process, data directory, URL)."""
    data = tempfile.mkdtemp(prefix="gantry-bench-")
    server = subprocess.Popen([gantry, "server", "--data", data, "--listen", "127.0.0.1:0", "--initial-root-token", token,
                               "--registration-token", "bench", "--runner", "--runner-concurrency", "2", "--quiet", *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = os.path.join(data, "server.url")
    deadline = time.time() + 60
    while not os.path.exists(ready):
        if time.time() > deadline:
            stop(server, data)
            sys.exit("the server did not start")
        time.sleep(0.05)
    return server, data, open(ready).read().strip()


def group_of_projects(gl, projects):
    """The group `bench` with subgroups `apps` and `libs` and `projects` projects spread over them."""
    group = gl.groups.create({"name": "bench", "path": "bench"})
    subgroups = [gl.groups.create({"name": n, "path": n, "parent_id": group.id}) for n in ("apps", "libs")]
    print(f"creating {projects} projects with a pipeline each ...", file=sys.stderr, flush=True)
    for i in range(projects):
        p = gl.projects.create({"name": f"p{i:04d}", "namespace_id": (group, *subgroups)[i % 3].id})
        script = "exit 1" if i % 10 == 0 else "echo ok"
        p.files.create({"file_path": ".gitlab-ci.yml", "branch": "main", "content": f"job:\n  script: [{script}]\n",
                        "commit_message": "ci"})
    return group


def stop(server, data):
    server.terminate()
    server.wait()
    subprocess.run(["rm", "-rf", data])
