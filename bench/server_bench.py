"""Server benchmark: how soon a pushed commit's first job starts, and how many trivial jobs
one server with 4 runners runs per second; each measured side by side with `gantry run` on the
same pipeline (the same executor without server, HTTP and runner protocol) and printed as ratios.

    .venv/bin/python bench/server_bench.py GANTRY_BINARY [JOBS] [PUSHES]
"""
import json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request
from datetime import datetime

GANTRY = os.path.abspath(sys.argv[1])
JOBS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
PUSHES = int(sys.argv[3]) if len(sys.argv) > 3 else 10
TOKEN = "glpat-bench-token-000000"
REG = "bench-registration"
work = tempfile.mkdtemp(prefix="gantry-bench-")
env = dict(os.environ, NO_PROXY="*")


def api(url, method="GET", data=None):
    req = urllib.request.Request(url, method=method, headers={"PRIVATE-TOKEN": TOKEN})
    if data is not None:
        req.data = json.dumps(data).encode()
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


def repo(name, yaml):
    d = os.path.join(work, name)
    os.makedirs(d)
    with open(os.path.join(d, ".gitlab-ci.yml"), "w") as f:
        f.write(yaml)
    git("init", "-q", "-b", "main", cwd=d)
    git("add", "-A", cwd=d)
    git("commit", "-qm", "bench", cwd=d)
    return d


data = os.path.join(work, "data")
server = subprocess.Popen([GANTRY, "server", "--data", data, "--listen", "127.0.0.1:0", "--initial-root-token", TOKEN,
                           "--registration-token", REG, "--quiet"], stdout=subprocess.DEVNULL, env=env)
runners = []
try:
    while not os.path.exists(os.path.join(data, "server.url")):
        time.sleep(0.05)
    url = open(os.path.join(data, "server.url")).read().strip()
    for i in range(4):
        cfg = os.path.join(work, f"runner{i}.json")
        subprocess.run([GANTRY, "runner", "register", "--url", url, "--token", REG, "--config", cfg], check=True,
                       stdout=subprocess.DEVNULL, env=env)
        runners.append(subprocess.Popen([GANTRY, "runner", "run", "--config", cfg], stdout=subprocess.DEVNULL, env=env))
    time.sleep(1)  # every runner is in its long poll
    push_url = url.replace("http://", f"http://root:{TOKEN}@")

    # 1. From `git push` returning to the first job starting (the runner took it; the script's first line ran).
    latency_yaml = "first:\n  script:\n    - date +%s.%N\n"
    project = api(f"{url}/api/v4/projects", "POST", {"name": "latency"})
    d = repo("latency", latency_yaml)
    taken, scripted = [], []
    for i in range(PUSHES):
        if i:
            git("commit", "-q", "--allow-empty", "-m", f"push {i}", cwd=d)
        subprocess.run(["git", "push", "-q", f"{push_url}/root/latency.git", "main"], cwd=d, check=True, env=env)
        pushed = time.time()
        while True:
            pipeline = api(f"{url}/api/v4/projects/{project['id']}/pipelines?per_page=1")[0]
            if pipeline["status"] in ("success", "failed"):
                break
            time.sleep(0.05)
        job = api(f"{url}/api/v4/projects/{project['id']}/pipelines/{pipeline['id']}/jobs")[0]
        trace = urllib.request.urlopen(urllib.request.Request(
            f"{url}/api/v4/projects/{project['id']}/jobs/{job['id']}/trace", headers={"PRIVATE-TOKEN": TOKEN})).read().decode()
        first_line = next(float(l) for l in trace.splitlines() if l[:1].isdigit())
        taken.append(max(0.0, parse(job["started_at"]) - pushed))
        scripted.append(max(0.0, first_line - pushed))
    local_dir = repo("latency-local", latency_yaml)
    local = []
    for _ in range(PUSHES):
        start = time.time()
        out = subprocess.run([GANTRY, "run", "--ref", "main", "--executor", "shell"], cwd=local_dir, capture_output=True, text=True, env=env).stdout
        local.append(next(float(l.split("│")[-1]) for l in out.splitlines() if "│" in l and l.split("│")[-1].strip()[:1].isdigit()) - start)

    # 2. Trivial jobs per second: one pipeline of JOBS jobs, 4 runners against `gantry run --concurrency 4`.
    many = "".join(f"job{i}:\n  script: [\"true\"]\n" for i in range(JOBS))
    project = api(f"{url}/api/v4/projects", "POST", {"name": "throughput"})
    d = repo("throughput", many)
    start = time.time()
    subprocess.run(["git", "push", "-q", f"{push_url}/root/throughput.git", "main"], cwd=d, check=True, env=env)
    while True:
        ps = api(f"{url}/api/v4/projects/{project['id']}/pipelines?per_page=1")
        if ps and ps[0]["status"] in ("success", "failed"):
            break
        time.sleep(0.1)
    server_rate = JOBS / (time.time() - start)
    if ps[0]["status"] != "success":
        for j in api(f"{url}/api/v4/projects/{project['id']}/pipelines/{ps[0]['id']}/jobs?per_page=100"):
            if j["status"] != "success":
                print(j["name"], j["status"], j["failure_reason"], urllib.request.urlopen(urllib.request.Request(
                    f"{url}/api/v4/projects/{project['id']}/jobs/{j['id']}/trace", headers={"PRIVATE-TOKEN": TOKEN})).read().decode()[-600:])
                break
        sys.exit("the throughput pipeline failed")
    d2 = repo("throughput-local", many)
    start = time.time()
    subprocess.run([GANTRY, "run", "--ref", "main", "--concurrency", "4", "--executor", "shell"], cwd=d2, check=True, stdout=subprocess.DEVNULL, env=env)
    local_rate = JOBS / (time.time() - start)
finally:
    for r in runners:
        r.send_signal(signal.SIGKILL)
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)

med = statistics.median
print(f"push → job taken by a runner:     median {med(taken) * 1000:6.0f} ms  (max {max(taken) * 1000:.0f} ms, {PUSHES} pushes)")
print(f"push → job's first script line:  median {med(scripted) * 1000:6.0f} ms  (max {max(scripted) * 1000:.0f} ms)")
print(f"gantry run → first script line:  median {med(local) * 1000:6.0f} ms  (same job, no server)")
print(f"ratio server/local (first line): {med(scripted) / med(local):.2f}")
print(f"{JOBS} trivial jobs, server + 4 runners: {server_rate:6.1f} jobs/s")
print(f"{JOBS} trivial jobs, gantry run -c 4:     {local_rate:6.1f} jobs/s")
print(f"ratio server/local (jobs/s):     {server_rate / local_rate:.2f}")
