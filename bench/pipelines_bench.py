"""The group monitor, two ways, against one Gantry server holding a group of N projects (in two
subgroups), each with a pipeline created through the repository files API:

- `gantry pipelines --group bench --json`: Gantry's extension endpoint, one request per 100
  projects (and `--standard-api`, GitLab's endpoints with 8 concurrent requests, for reference);
- the seeds' `display-latest-pipelines.py` written the natural way with python-gitlab: the
  group's project listing, then each project's newest pipeline, one request after another.

Both are timed as whole processes (median of RUNS after a warm-up), so start-up counts for both.
"""
import json, os, statistics, subprocess, sys, time

import gitlab

import bench_server

gantry, projects, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
token = "glpat-bench-root-token-0001"
server, data, url = bench_server.start(gantry, token)
try:
    gl = gitlab.Gitlab(url, private_token=token)
    bench_server.group_of_projects(gl, projects)
    # Let the runner finish most of them, so the rows hold users, durations and final statuses.
    monitor = [gantry, "pipelines", "--group", "bench", "--url", url, "--token", token, "--json"]
    deadline = time.time() + 600
    while time.time() < deadline:
        rows = json.loads(subprocess.run(monitor, capture_output=True, text=True).stdout)
        moving = sum(1 for r in rows if r["pipeline"] and r["pipeline"]["status"] in ("created", "pending", "running"))
        if not moving:
            break
        print(f"  {moving} pipelines still running ...", file=sys.stderr, flush=True)
        time.sleep(5)

    natural = os.path.join(data, "display-latest-pipelines.py")
    with open(natural, "w") as f:
        f.write(f'''
import gitlab
gl = gitlab.Gitlab("{url}", private_token="{token}")
group = gl.groups.get("bench")
rows = []
for project in group.projects.list(include_subgroups=True, get_all=True):
    latest = gl.projects.get(project.id, lazy=True).pipelines.list(per_page=1, get_all=False)
    p = latest[0] if latest else None
    rows.append((project.path_with_namespace, p.status if p else "none", p.ref if p else "-", p.id if p else "-",
                 p.created_at if p else "-", p.web_url if p else project.web_url))
rows.sort(key=lambda r: (r[1] != "failed", r[0]))
for r in rows:
    print(*r)
''')
    env = dict(os.environ, NO_PROXY="*")
    env.pop("GITLAB_URL", None)
    env.pop("PYTHON_GITLAB_CFG", None)
    sides = {
        "gantry pipelines": monitor,
        "gantry pipelines --standard-api": [gantry, "pipelines", "--group", "bench", "--url", url, "--token", token,
                                            "--json", "--standard-api"],
        "python-gitlab (natural)": [sys.executable, natural],
    }
    counts = {}
    for name, cmd in sides.items():
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
        counts[name] = out.stdout.count('"path_with_namespace"') if "gantry" in name else len(out.stdout.splitlines())
    print(f"rows: " + ", ".join(f"{n}: {c}" for n, c in counts.items()), file=sys.stderr)
    times = {name: [] for name in sides}
    for _ in range(runs):
        for name, cmd in sides.items():  # interleaved, so drift on the shared machine hits every side alike
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    base = medians["python-gitlab (natural)"]
    print(f"{projects} projects, median of {runs} runs (whole processes)")
    for name, ms in medians.items():
        print(f"  {name:34s} {ms:8.1f} ms   {base / ms:5.1f}x")
finally:
    bench_server.stop(server, data)
