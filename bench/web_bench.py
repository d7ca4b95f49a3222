"""The web UI's server time, against one Gantry server (the binary given) holding a group of N
projects (in two subgroups), each with a finished pipeline, and one project whose pipeline has
300 jobs (manual, so that it holds still). Then, with the server stopped, copies of the projects'
pipelines (with their jobs) are written straight into its store until the projects hold PIPELINES
pipelines together (20,000 for issue 17's case), and the server starts again on the same data:

- the dashboard `GET /` for a signed-in administrator (every project's newest pipeline in one
  page), over one kept-alive connection: median and p99 of REQUESTS requests;
- the same information the way a client script gathers it through the v4 API with
  python-gitlab (the group's project listing, then one request per project), in the same
  process: median of RUNS;
- the pipeline page of the 300-job pipeline: median and p99.

Prints the ratio of the API way to the dashboard. See docs/benchmarks.md.
"""
import http.client, statistics, sys, time, urllib.parse, urllib.request

import gitlab

import bench_server

gantry, projects, runs, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
total_pipelines = int(sys.argv[5]) if len(sys.argv) > 5 else projects
token, password = "glpat-bench-root-token-0001", "bench-root-password"
server, data, url = bench_server.start(gantry, token, ["--initial-root-password", password])


try:
    host = urllib.parse.urlparse(url).netloc
    gl = gitlab.Gitlab(url, private_token=token)
    group = bench_server.group_of_projects(gl, projects)
    big = gl.projects.create({"name": "big", "namespace_id": group.id})
    jobs = []
    for i in range(300):
        stage = ("build", "test", "deploy")[i % 3]
        needs = f"\n  needs: [j{i - 1:03d}]" if i % 3 else ""
        jobs.append(f"j{i:03d}:\n  stage: {stage}\n  when: manual\n  script: [echo ok]{needs}\n")
    big.files.create({"file_path": ".gitlab-ci.yml", "branch": "main", "content": "\n".join(jobs), "commit_message": "ci"})
    deadline = time.time() + 900
    while time.time() < deadline:
        moving = sum(1 for p in gl.projects.list(get_all=True) if p.path != "big"
                     for q in p.pipelines.list(per_page=1, get_all=False) if q.status in ("created", "pending", "running"))
        if not moving:
            break
        print(f"  {moving} pipelines still running ...", file=sys.stderr, flush=True)
        time.sleep(5)
    big_pipeline = big.pipelines.list(get_all=False)[0].id
    stored = projects + 1
    if total_pipelines > projects:
        print(f"writing copies up to {total_pipelines} pipelines into the stopped server's store ...", file=sys.stderr, flush=True)
        bench_server.halt(server)
        started = time.time()
        stored = bench_server.multiply_pipelines(data, total_pipelines, skip_project_paths=["big"])
        print(f"  {stored} pipelines in the store ({time.time() - started:.1f} s)", file=sys.stderr, flush=True)
        server, data, url = bench_server.start(gantry, token, ["--initial-root-password", password], data=data)
        host = urllib.parse.urlparse(url).netloc
        gl = gitlab.Gitlab(url, private_token=token)

    connection = http.client.HTTPConnection(host)
    session = bench_server.sign_in(url, connection, "root", password)

    def page(path):
        start = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": session, "Accept": "text/html"})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status)
        return time.perf_counter() - start, body

    _, body = page("/")
    rows = body.decode().count('<tr data-project="')
    print(f"dashboard rows: {rows}", file=sys.stderr)

    def natural():
        start = time.perf_counter()
        found = []
        for project in gl.groups.get("bench").projects.list(include_subgroups=True, get_all=True):
            latest = gl.projects.get(project.id, lazy=True).pipelines.list(per_page=1, get_all=False)
            found.append((project.path_with_namespace, latest[0].status if latest else None))
        return time.perf_counter() - start, len(found)

    _, count = natural()
    print(f"python-gitlab rows: {count}", file=sys.stderr)
    dashboard, api, pipeline = [], [], []
    for i in range(max(requests, runs)):  # interleaved, so drift on the shared machine hits every side alike
        if i < requests:
            dashboard.append(page("/")[0])
            pipeline.append(page(f"/bench/big/-/pipelines/{big_pipeline}")[0])
        if i < runs:
            api.append(natural()[0])
    ms = lambda v: v * 1000
    d, a = statistics.median(dashboard), statistics.median(api)
    print(f"{projects} projects with {stored} pipelines (dashboard of {rows} rows); medians of {requests} page requests, {runs} API runs")
    print(f"  web dashboard GET /                    median {ms(d):8.1f} ms   p99 {ms(bench_server.percentile(dashboard, 99)):8.1f} ms")
    print(f"  python-gitlab, 1 + {projects} API requests    median {ms(a):8.1f} ms   ({a / d:.1f}x the dashboard)")
    print(f"  pipeline page, 300 jobs                 median {ms(statistics.median(pipeline)):8.1f} ms   "
          f"p99 {ms(bench_server.percentile(pipeline, 99)):8.1f} ms")
finally:
    bench_server.stop(server, data)
