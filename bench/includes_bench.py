"""`include:` from a Gantry server, two ways, against one local server holding a project of 50
CI files and a component project with 10 components (tagged 1.0.0):

- `gantry lint --server URL` on a pipeline that includes the 50 files (`include: project:`) and
  the 10 components (`@1.0.0`): the include lists are fetched concurrently, each file once;
- the same 60 files fetched one by one with curl from the repository files API (what a script,
  or a fetcher without concurrency, does); the components' versions are given, not looked up.

Both are timed as whole processes (median of RUNS after a warm-up), so start-up counts for both:
one gantry process against 60 curl processes.
"""
import os, statistics, subprocess, sys, tempfile, time
from urllib.parse import quote

import gitlab

gantry, files, components, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
token = "glpat-bench-root-token-0001"
data = tempfile.mkdtemp(prefix="gantry-includes-bench-")
server = subprocess.Popen([gantry, "server", "--data", data, "--listen", "127.0.0.1:0", "--initial-root-token", token,
                           "--registration-token", "bench", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    ready = os.path.join(data, "server.url")
    deadline = time.time() + 60
    while not os.path.exists(ready):
        if time.time() > deadline:
            sys.exit("the server did not start")
        time.sleep(0.05)
    url = open(ready).read().strip()
    fqdn = url.split("://", 1)[1]
    gl = gitlab.Gitlab(url, private_token=token)

    def push(name, paths, tag=None):
        project = gl.projects.create({"name": name})
        actions = [{"action": "create", "file_path": p, "content": f"job-{name}-{i}:\n  script: [echo {i}]\n"}
                   for i, p in enumerate(paths)]
        project.commits.create({"branch": "main", "commit_message": "files", "actions": actions})
        if tag:
            project.tags.create({"tag_name": tag, "ref": "main"})
        return project

    lib_paths = [f"ci/part-{i:03d}.yml" for i in range(files)]
    component_paths = [f"templates/c{i:02d}.yml" for i in range(components)]
    push("lib", lib_paths)
    push("components", component_paths, tag="1.0.0")

    work = tempfile.mkdtemp(prefix="gantry-includes-bench-app-")
    with open(os.path.join(work, ".gitlab-ci.yml"), "w") as f:
        f.write("include:\n  - project: root/lib\n    file:\n")
        f.writelines(f"      - {p}\n" for p in lib_paths)
        f.writelines(f"  - component: {fqdn}/root/components/c{i:02d}@1.0.0\n" for i in range(components))

    lint = [gantry, "lint", "--server", url, "--token", token]
    raw = [f"{url}/api/v4/projects/root%2Flib/repository/files/{quote(p, safe='')}/raw?ref=main" for p in lib_paths]
    raw += [f"{url}/api/v4/projects/root%2Fcomponents/repository/files/{quote(p, safe='')}/raw?ref=1.0.0" for p in component_paths]
    out = tempfile.mkdtemp(prefix="gantry-includes-bench-curl-")

    def gantry_lint():
        r = subprocess.run(lint, cwd=work, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"gantry lint failed: {r.stderr}")

    def curl_one_by_one():
        for i, u in enumerate(raw):
            subprocess.run(["curl", "-sf", "-H", f"PRIVATE-TOKEN: {token}", "-o", os.path.join(out, str(i)), u], check=True)

    def median(fn):
        fn()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    g = median(gantry_lint)
    c = median(curl_one_by_one)
    print(f"{files} project files + {components} components from a local gantry server, median of {runs}:")
    print(f"  gantry lint --server (concurrent, cached)   {g * 1000:8.0f} ms")
    print(f"  curl, one file after another ({len(raw)} files)   {c * 1000:8.0f} ms")
    print(f"  ratio: gantry lint is {c / g:.1f}x the speed of fetching with curl one by one")
finally:
    server.terminate()
    server.wait()
