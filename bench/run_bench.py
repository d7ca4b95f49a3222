"""`gantry run` against gitlabci-local (`gcil -p -H`) and against bare `bash -c true`, side by
side in one run. Started by bench/run_bench.sh, which installs gcil; see there for the knobs.

Every scenario builds a git repository (FILES files, JOBS jobs `script: ["true"]` in two stages)
and times whole commands, alternating the tools run by run, median of RUNS:
  gantry   gantry run --executor shell      (each job in its own clean working copy)
  gcil     gcil -p -H                       (gitlabci-local, host mode: jobs run in the checkout itself)
  floor    one bash process starting JOBS × `bash -c true` one after the other
Between runs only `.gantry/pipelines` is removed: the slots' working copies stay, as between a
user's runs (GIT_STRATEGY fetch resets and cleans them for every job); gantry's first run, which
makes them, is shown apart.
Then `gantry run` at several --concurrency values, and one job's time broken down from the
summary's sections (--json-summary), with planning timed as `gantry plan`.
"""
import json
import os
import statistics
import subprocess
import sys
import time

GANTRY, GCIL, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
RUNS = int(os.environ.get("RUNS", "5"))
GCIL_ENV = dict(os.environ, HOME=os.environ["GCIL_HOME"], NO_COLOR="1")
GANTRY_ENV = dict(os.environ, GANTRY_EXECUTOR="shell")


def git(repo, *args):
    subprocess.run(["git", "-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                    "-c", "commit.gpgsign=false", *args], check=True, stdout=subprocess.DEVNULL)


def make_repository(files, jobs, with_files=False):
    """`with_files`: each job also restores and saves a cache and keeps an artifact, and the
    second stage gets the first's artifacts (for the breakdown of those steps)."""
    repo = os.path.join(OUT, f"repo-{files}-files-{jobs}-jobs" + ("-cache-artifacts" if with_files else ""))
    if os.path.exists(os.path.join(repo, ".git")):
        return repo
    os.makedirs(repo, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for i in range(files):
        folder = os.path.join(repo, "src", f"d{i // 100:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"f{i:05d}.txt"), "w") as f:
            f.write(f"file {i}\n" * 20)
    with open(os.path.join(repo, ".gitlab-ci.yml"), "w") as f:
        f.write("stages: [one, two]\n")
        for j in range(jobs):
            f.write(f"job{j}:\n  stage: {'one' if j < jobs // 2 else 'two'}\n")
            if with_files:
                f.write(f"  script: [\"mkdir -p .stash && echo {j} > .stash/{j}.txt && echo {j} > out-{j}.txt\"]\n"
                        f"  cache: {{key: stash, paths: [.stash/]}}\n  artifacts: {{paths: [out-{j}.txt]}}\n")
            else:
                f.write("  script: [\"true\"]\n")
    with open(os.path.join(repo, ".gitignore"), "w") as f:
        f.write(".gantry/\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "bench")
    git(repo, "gc", "-q")  # packed, as a clone from a server is
    return repo


def timed(argv, cwd, env):
    start = time.perf_counter()
    r = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed in {cwd} ({r.returncode}): {r.stderr.decode()[-2000:]}")
    return elapsed


def commands(repo, jobs):
    return {
        "gantry": (lambda: timed([GANTRY, "run"], repo, GANTRY_ENV)),
        "gcil": (lambda: timed([GCIL, "-p", "-H"], repo, GCIL_ENV)),
        "floor": (lambda: timed(["bash", "-c", f"for i in $(seq {jobs}); do bash -c true; done"], repo, os.environ)),
    }


def clear_state(repo):
    """Forgets the pipelines; the slots' working copies stay, as they do between a user's runs
    (GIT_STRATEGY fetch: each job resets and cleans its slot's copy)."""
    subprocess.run(["rm", "-rf", os.path.join(repo, ".gantry", "pipelines")], check=True)


def compare(files, jobs, runs):
    repo = make_repository(files, jobs)
    subprocess.run(["rm", "-rf", os.path.join(repo, ".gantry")], check=True)
    tools = commands(repo, jobs)
    first = {name: run() for name, run in tools.items()}  # warm-up; gantry's makes the slots' copies
    times = {name: [] for name in tools}
    for _ in range(runs):
        for name, run in tools.items():
            times[name].append(run())
        clear_state(repo)
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"| {jobs} jobs, {files} files | {med['floor'] * 1000:.0f} ms | {med['gantry'] * 1000:.0f} ms "
          f"| {med['gcil'] * 1000:.0f} ms | {med['gcil'] / med['gantry']:.1f}× | {med['gantry'] / med['floor']:.1f}× "
          f"| {first['gantry'] * 1000:.0f} ms |",
          flush=True)
    return repo


def concurrency_sweep(repo, runs):
    print("\n| --concurrency | gantry run (20 jobs, median) |\n|---|---|", flush=True)
    values = [1, 2, 4, 8]
    times = {c: [] for c in values}
    for c in values:  # every slot's copy made before timing
        timed([GANTRY, "run", "--concurrency", str(c)], repo, GANTRY_ENV)
    for _ in range(runs):
        for c in values:
            times[c].append(timed([GANTRY, "run", "--concurrency", str(c)], repo, GANTRY_ENV))
        clear_state(repo)
    for c in values:
        print(f"| {c} | {statistics.median(times[c]) * 1000:.0f} ms |", flush=True)


def breakdown(repo, runs, title):
    plan = statistics.median(timed([GANTRY, "plan"], repo, GANTRY_ENV) for _ in range(runs))
    timed([GANTRY, "run", "--concurrency", "1"], repo, GANTRY_ENV)  # the slot's copy made, the cache written
    clear_state(repo)
    summary = os.path.join(OUT, "summary.json")
    sections, durations, gaps, outside = {}, [], [], []
    for _ in range(runs):
        wall = timed([GANTRY, "run", "--concurrency", "1", "--json-summary", summary], repo, GANTRY_ENV)
        with open(summary) as f:
            jobs = json.load(f)["jobs"]
        for job in jobs:
            durations.append(job["duration"])
            for name, seconds in job.get("sections", {}).items():
                sections.setdefault(name, []).append(seconds)
        # One slot: the time between one job's end and the next one's start is the scheduler's.
        ordered = sorted(jobs, key=lambda j: j["started"])
        gaps += [b["started"] - a["finished"] for a, b in zip(ordered, ordered[1:])]
        outside.append(wall - sum(j["finished"] - j["started"] for j in jobs) - sum(gaps[-len(jobs) + 1:]))
        clear_state(repo)
    print(f"\nOne job's time, {title} (gantry run --concurrency 1, mean over every job of {runs} runs):\n")
    print("| part | ms |\n|---|---|")
    # Each part is averaged over every job, not only the jobs that have it (the first stage
    # downloads no artifacts), so the parts and the rest add up to the job.
    for name, values in sections.items():
        print(f"| {name} | {sum(values) / len(durations) * 1000:.1f} |")
    accounted = sum(sum(v) for v in sections.values()) / len(durations)
    job = statistics.mean(durations)
    print(f"| rest of the job (log file, variables, workspace clean-up) | {(job - accounted) * 1000:.1f} |")
    print(f"| **job, start to end** | {job * 1000:.1f} |")
    print(f"| scheduler: one job's end to the next one's start | {statistics.mean(gaps) * 1000:.2f} |")
    print(f"\nOnce per run: `gantry plan` as a whole process {plan * 1000:.1f} ms; `gantry run` outside its jobs "
          f"(start, plan, summary) {statistics.median(outside) * 1000:.1f} ms.", flush=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    print(f"gantry: {GANTRY}\ngcil: {subprocess.run([GCIL, '--version'], capture_output=True, text=True, env=GCIL_ENV).stdout.split(chr(10))[0]}")
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, median of {RUNS} runs each, tools alternating\n")
    print("| scenario | floor: N × bash -c true | gantry run | gcil -p -H | gcil / gantry | gantry / floor "
          "| gantry's first run (slots' copies made) |")
    print("|---|---|---|---|---|---|---|", flush=True)
    small = compare(50, 20, RUNS)
    compare(50, 200, max(1, RUNS // 2))
    compare(5000, 20, max(1, RUNS // 2))
    concurrency_sweep(small, RUNS)
    breakdown(small, RUNS, "20 trivial jobs, 50 files")
    breakdown(make_repository(50, 20, with_files=True), RUNS, "20 jobs with a cache and an artifact each, 50 files")


main()
