#!/usr/bin/env bash
# Lint speed benchmark: `gantry lint` on a large pipeline, against the floor
# of merely parsing the same file with libyaml (PyYAML's C loader).
#
#   bash bench/lint_bench.sh                  # 2000 jobs, 10 runs of each
#   N=10000 RUNS=20 bash bench/lint_bench.sh
#   GANTRY=/tmp/build-bench/release/gantry bash bench/lint_bench.sh
#
# 1. Makes sure the project venv (.venv at the repo root) has PyYAML built
#    with libyaml, at the version pinned in requirements-dev.txt.
# 2. Generates bench/out/pipeline-N.yml with bench/gen_pipeline.py (same file
#    for the same N, always) and checks it loads and has N visible jobs.
# 3. Times both as whole processes in one run: hyperfine when it is
#    installed (Debian package `hyperfine`), else a Python loop that
#    alternates the two; prints both medians in ms and the ratio
#    gantry/pyyaml. Whole processes on both sides: the floor pays Python's
#    start-up as gantry pays its own, which is what a user waits for. The
#    machine is shared, so compare ratios from one run, not ms across runs.
#
# Exit status 1 when the gantry binary is missing or `gantry lint` fails on
# the (valid) file; the floor is measured and printed all the same.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-2000}"
RUNS="${RUNS:-10}"
GANTRY="${GANTRY:-.build/release/gantry}"
OUT="bench/out/pipeline-$N.yml"
PY=.venv/bin/python

# CSafeLoader only exists when PyYAML was built against libyaml.
if ! "$PY" -c 'import yaml; yaml.CSafeLoader' 2>/dev/null; then
    [ -x "$PY" ] || python3 -m venv .venv
    .venv/bin/pip install --quiet "$(awk 'tolower($1) ~ /^pyyaml==/ { print $1 }' requirements-dev.txt)"
    "$PY" -c 'import yaml; yaml.CSafeLoader'
fi

mkdir -p bench/out
"$PY" bench/gen_pipeline.py "$N" "$OUT"
"$PY" - "$OUT" "$N" <<'EOF'
import sys, yaml
# Top-level keys GitLab reads as keywords; every other key not starting
# with a dot is a job.
GLOBAL = {"default", "include", "stages", "variables", "workflow", "image", "services",
          "before_script", "after_script", "cache", "spec"}
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as f:
    doc = yaml.load(f, Loader=yaml.CSafeLoader)
jobs = [k for k in doc if not k.startswith(".") and k not in GLOBAL]
if len(jobs) != n:
    sys.exit(f"{path}: {len(jobs)} visible jobs, expected {n}")
EOF

gantry_ok=1
if [ ! -x "$GANTRY" ]; then
    echo "gantry: no binary at $GANTRY (build it, or set GANTRY=...)" >&2
    gantry_ok=0
elif ! "$GANTRY" lint --file "$OUT" >bench/out/gantry-lint.log 2>&1; then
    echo "gantry: \`$GANTRY lint --file $OUT\` failed; its output:" >&2
    head -n 20 bench/out/gantry-lint.log >&2
    gantry_ok=0
fi

"$PY" - "$OUT" "$RUNS" "$GANTRY" "$gantry_ok" <<'EOF'
import json, os, shlex, shutil, statistics, subprocess, sys, time

path, runs, gantry, gantry_ok = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
floor = [sys.executable, "-c",
         'import sys, yaml; yaml.load(open(sys.argv[1], "rb"), Loader=yaml.CSafeLoader)', path]
cmds = {"pyyaml CSafeLoader": floor}
if gantry_ok:
    cmds["gantry lint"] = [gantry, "lint", "--file", path]

medians = {}
if shutil.which("hyperfine"):
    timer = subprocess.run(["hyperfine", "--version"], capture_output=True, text=True).stdout.strip()
    export = os.path.join(os.path.dirname(path), "timing.json")
    subprocess.run(["hyperfine", "--shell=none", "--style=none", "--warmup", "1",
                    "--runs", str(runs), "--export-json", export]
                   + [shlex.join(argv) for argv in cmds.values()],
                   check=True, stdout=subprocess.DEVNULL)
    with open(export) as f:
        results = json.load(f)["results"]
    for label, result in zip(cmds, results):
        medians[label] = result["median"] * 1000
else:
    timer = "Python loop (hyperfine not installed)"
    times = {label: [] for label in cmds}
    for argv in cmds.values():  # warm-up: page cache, dynamic loader
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    for _ in range(runs):  # interleaved, so drift hits both alike
        for label, argv in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            times[label].append((time.perf_counter() - t0) * 1000)
    medians = {label: statistics.median(ts) for label, ts in times.items()}

size_kb = os.path.getsize(path) / 1024
print(f"pipeline : {path} ({size_kb:.0f} KiB)")
print(f"timer    : {timer}, {runs} runs each, median of whole-process wall time")
for label, ms in medians.items():
    print(f"{label:<19}: {ms:8.1f} ms")
if gantry_ok:
    ratio = medians["gantry lint"] / medians["pyyaml CSafeLoader"]
    print(f"{'ratio gantry/pyyaml':<19}: {ratio:8.2f}")
else:
    print(f"{'gantry lint':<19}: n/a (see above)")
EOF

[ "$gantry_ok" = 1 ]
