"""The delay from a job writing a log line to the line reaching a reader, against one
`gantry server --runner` (the binary given): one job prints `tick <its clock>` every 0.5 s,
LINES times, and two readers follow it at the same time, each noting when every tick arrives:

- the job page's way: the long-poll `GET /<project>/-/jobs/<id>/log?after=<offset>` with a
  signed-in session cookie (what the open job page's script does), from `X-Log-End` to the next;
- a script's way through the v4 API: `GET /projects/:id/jobs/:id/trace` once a second (the whole
  trace each time), as a python-gitlab/curl loop would.

Arrival minus write time per line (same machine, same clock): median and p99 per reader, and the
ratio. Both include the runner's own trace upload tick. See docs/benchmarks.md.
"""
import http.client, re, statistics, sys, threading, time, urllib.parse

import gitlab

import bench_server

gantry, lines = sys.argv[1], int(sys.argv[2])
token, password = "glpat-bench-root-token-0001", "bench-root-password"
server, data, url = bench_server.start(gantry, token, ["--initial-root-password", password])
tick = re.compile(rb"tick (\d+\.\d+)")

try:
    host = urllib.parse.urlparse(url).netloc
    gl = gitlab.Gitlab(url, private_token=token)
    project = gl.projects.create({"name": "ticker"})
    script = f'for i in $(seq 1 {lines}); do echo "tick $(date +%s.%N)"; sleep 0.5; done'
    project.files.create({"file_path": ".gitlab-ci.yml", "branch": "main", "commit_message": "ci",
                          "content": f"ticker:\n  script:\n    - '{script}'\n"})
    deadline = time.time() + 300
    while True:
        pipelines = project.pipelines.list(get_all=False)
        jobs = pipelines[0].jobs.list() if pipelines else []
        if jobs and jobs[0].status == "running":
            break
        if time.time() > deadline:
            sys.exit(f"the job did not start: {[j.status for j in jobs]}")
        time.sleep(0.1)
    job = jobs[0].id
    print(f"job {job} running; following it for about {lines * 0.5:.0f} s ...", file=sys.stderr, flush=True)
    arrivals = {"page": {}, "api": {}}

    def note(side, body):
        now = time.time()
        for written in tick.findall(body):
            arrivals[side].setdefault(written.decode(), now)

    def follow_page():
        connection = http.client.HTTPConnection(host, timeout=60)
        session = bench_server.sign_in(url, connection, "root", password)
        offset = 0
        while True:
            connection.request("GET", f"/root/ticker/-/jobs/{job}/log?after={offset}",
                               headers={"Cookie": session, "Accept": "text/html"})
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200, response.status
            note("page", body)
            offset = int(response.getheader("X-Log-End", offset))
            if response.getheader("X-Log-Complete") == "1":
                return

    def poll_api():
        connection = http.client.HTTPConnection(host, timeout=60)
        while True:
            connection.request("GET", f"/api/v4/projects/{project.id}/jobs/{job}/trace", headers={"PRIVATE-TOKEN": token})
            response = connection.getresponse()
            note("api", response.read())
            if len(arrivals["api"]) >= lines:
                return
            connection.request("GET", f"/api/v4/projects/{project.id}/jobs/{job}", headers={"PRIVATE-TOKEN": token})
            state = connection.getresponse()
            if b'"status":"running"' not in state.read().replace(b" ", b""):
                connection.request("GET", f"/api/v4/projects/{project.id}/jobs/{job}/trace", headers={"PRIVATE-TOKEN": token})
                note("api", connection.getresponse().read())
                return
            time.sleep(1)

    began = time.time()
    readers = [threading.Thread(target=follow_page), threading.Thread(target=poll_api)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=lines * 0.5 + 180)
    ms = lambda v: v * 1000
    # Lines written before both readers were following (the first second) would count the start-up.
    delays = {side: [arrived - float(written) for written, arrived in seen.items() if float(written) > began + 1]
              for side, seen in arrivals.items()}
    page, api = statistics.median(delays["page"]), statistics.median(delays["api"])
    print(f"one job writing {lines} lines, 0.5 s apart; delay from the job's write to the reader having the line")
    print(f"  job page long-poll /-/jobs/:id/log?after=       {len(delays['page']):4d} lines   median {ms(page):7.0f} ms   "
          f"p99 {ms(bench_server.percentile(delays['page'], 99)):7.0f} ms")
    print(f"  v4 API GET /jobs/:id/trace every 1 s            {len(delays['api']):4d} lines   median {ms(api):7.0f} ms   "
          f"p99 {ms(bench_server.percentile(delays['api'], 99)):7.0f} ms   ({api / page:.1f}x the page's)")
finally:
    bench_server.stop(server, data)
