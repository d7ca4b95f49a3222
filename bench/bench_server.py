"""What the server benchmarks share: a throwaway `gantry server --runner` and a group of N
projects (in two subgroups), each with a pipeline created through the repository files API
(every tenth one fails)."""
import os, re, subprocess, sys, tempfile, time, urllib.parse, urllib.request


def start(gantry, token, extra=(), data=None):
    """Starts the server on a free port (in `data` again when given, after `halt`); returns
    (process, data directory, URL)."""
    data = data or tempfile.mkdtemp(prefix="gantry-bench-")
    ready = os.path.join(data, "server.url")
    if os.path.exists(ready):
        os.remove(ready)
    server = subprocess.Popen([gantry, "server", "--data", data, "--listen", "127.0.0.1:0", "--initial-root-token", token,
                               "--registration-token", "bench", "--runner", "--runner-concurrency", "2", "--quiet", *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def sign_in(url, connection, username, password):
    """Signs in as a person does (the form's token and cookie, then the form) over `connection`;
    returns the session cookie (`_gantry_session=...`)."""
    with urllib.request.urlopen(url + "/users/sign_in") as r:
        form_cookie = [v for k, v in r.headers.items() if k.lower() == "set-cookie"][0].split(";")[0]
        form_token = re.search(r'name="authenticity_token" value="([^"]+)"', r.read().decode()).group(1)
    connection.request("POST", "/users/sign_in", urllib.parse.urlencode(
        {"authenticity_token": form_token, "username": username, "password": password}),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": form_cookie})
    response = connection.getresponse()
    response.read()
    return [v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith("_gantry_session=")][0].split(";")[0]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def halt(server):
    """Stops the server and keeps its data directory (to change the store, then `start` again)."""
    server.terminate()
    server.wait()


def multiply_pipelines(data, total, skip_project_paths=()):
    """Writes copies of every project's pipelines (with their jobs and events) straight into the
    stopped server's store until the projects hold `total` pipelines together, in the shape
    SQLiteStore writes them (per-project iids from internal_ids, no job tokens). Far quicker
    than running them. The copies come after their original (same status, same jobs), so each
    project's newest pipeline looks the same as before."""
    import sqlite3
    db = sqlite3.connect(os.path.join(data, "gantry.sqlite"))
    columns = lambda table: [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
    pipeline_cols, job_cols, event_cols = columns("pipelines"), columns("jobs"), columns("pipeline_events")
    skip = ",".join("?" * len(skip_project_paths)) or "NULL"
    originals = db.execute(f"SELECT pipelines.id, pipelines.project_id FROM pipelines JOIN projects ON projects.id = pipelines.project_id "
                           f"WHERE projects.path NOT IN ({skip}) ORDER BY pipelines.id", list(skip_project_paths)).fetchall()
    copies = max(0, total - len(originals)) // max(1, len(originals))
    with db:
        for _ in range(copies):
            for old, project in originals:
                iid = db.execute("UPDATE internal_ids SET last_value = last_value + 1 WHERE project_id = ? AND usage = 'pipelines' "
                                 "RETURNING last_value", (project,)).fetchone()[0]
                cols = ",".join(c for c in pipeline_cols if c != "iid")
                new = db.execute(f"INSERT INTO pipelines (iid,{cols}) SELECT ?,{cols} FROM pipelines WHERE id = ?", (iid, old)).lastrowid
                jcols = ",".join(c for c in job_cols if c not in ("pipeline_id", "token_digest"))
                db.execute(f"INSERT INTO jobs (pipeline_id,{jcols}) SELECT ?,{jcols} FROM jobs WHERE pipeline_id = ?", (new, old))
                ecols = ",".join(c for c in event_cols if c != "pipeline_id")
                db.execute(f"INSERT INTO pipeline_events (pipeline_id,{ecols}) SELECT ?,{ecols} FROM pipeline_events WHERE pipeline_id = ?", (new, old))
    count = db.execute("SELECT COUNT(*) FROM pipelines").fetchone()[0]
    db.close()
    return count


def stop(server, data):
    halt(server)
    subprocess.run(["rm", "-rf", data])
