#!/usr/bin/env bash
# PyPI registry benchmark: the same simple-index and file-download load against Gantry's
# project registry and against pypiserver (from PyPI), on 127.0.0.1, with the same package set.
#
#   bash bench/pypi_bench.sh                          # 50 names x 4 versions (400 files), 10 s per run
#   NAMES=200 DURATION=20 bash bench/pypi_bench.sh
#   GANTRY=/tmp/pypi-release/release/gantry bash bench/pypi_bench.sh
#
# 1. bench/gen_packages.py writes NAMES x VERSIONS wheels and sdists with real metadata.
# 2. Gantry (release build, its own data directory) gets them in a public project through
#    `twine upload` and the PyPI API; pypiserver serves a folder holding the same files, run as
#    its README suggests for production: gunicorn with one worker per core, and the cached-dir
#    backend (watchdog installed).
# 3. Both are checked to list the same files per name and to serve identical bytes.
# 4. wrk (Debian package `wrk`) with bench/pypi_paths.lua walks every index page
#    (`/simple/<name>/`, HTML) and then every file, CONNECTIONS keep-alive connections for
#    DURATION seconds each; prints requests per second and the ratio Gantry / pypiserver.
set -euo pipefail
cd "$(dirname "$0")/.."

GANTRY="${GANTRY:-.build/release/gantry}"
NAMES="${NAMES:-50}"
VERSIONS="${VERSIONS:-4}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
PY=.venv/bin/python
TOKEN=glpat-bench-root-token-0001

[ -x "$GANTRY" ] || { echo "no gantry binary at $GANTRY (make release, or set GANTRY=...)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
for tool in twine pypi-server gunicorn; do
    [ -x ".venv/bin/$tool" ] || .venv/bin/pip install --quiet -r requirements-dev.txt
done

OUT=bench/out/pypi
WORK=$(mktemp -d /tmp/gantry-pypi-bench.XXXXXX)
GANTRY_PID=""
PYPISERVER_PID=""
cleanup() {
    [ -n "$GANTRY_PID" ] && kill "$GANTRY_PID" 2>/dev/null || true
    [ -n "$PYPISERVER_PID" ] && kill "$PYPISERVER_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

rm -rf "$OUT" && mkdir -p "$OUT"
"$PY" bench/gen_packages.py "$OUT/packages" "$NAMES" "$VERSIONS"

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Gantry: a public project, filled through the upload API.
mkdir -p "$WORK/gantry"
"$GANTRY" server --data "$WORK/gantry" --listen 127.0.0.1:0 --initial-root-token "$TOKEN" --quiet >"$WORK/gantry.log" 2>&1 &
GANTRY_PID=$!
for _ in $(seq 100); do [ -s "$WORK/gantry/server.url" ] && break; sleep 0.1; done
GANTRY_URL=$(cat "$WORK/gantry/server.url")
curl -sf -H "PRIVATE-TOKEN: $TOKEN" -X POST "$GANTRY_URL/api/v4/projects" -d name=bench -d visibility=public >/dev/null
NO_COLOR=1 .venv/bin/twine upload --disable-progress-bar --repository-url "$GANTRY_URL/api/v4/projects/root%2Fbench/packages/pypi" \
    -u bench -p "$TOKEN" "$OUT"/packages/* >"$WORK/twine.log" 2>&1 || { tail -20 "$WORK/twine.log"; exit 1; }

# pypiserver: the same files in its folder.
mkdir -p "$WORK/pypiserver"
cp "$OUT"/packages/* "$WORK/pypiserver/"
PYPI_PORT=$(free_port)
WORKERS=$(nproc)
.venv/bin/gunicorn --workers "$WORKERS" --bind "127.0.0.1:$PYPI_PORT" --log-level warning \
    "pypiserver:app(root='$WORK/pypiserver', disable_fallback=True)" >"$WORK/pypiserver.log" 2>&1 &
PYPISERVER_PID=$!
PYPI_URL="http://127.0.0.1:$PYPI_PORT"
for _ in $(seq 100); do curl -sf "$PYPI_URL/simple/" >/dev/null && break; sleep 0.1; done

# The path lists, and a check that both serve the same package set byte for byte.
"$PY" - "$OUT" "$GANTRY_URL" "$PYPI_URL" <<'PYEOF'
import hashlib, re, sys, urllib.request
from pathlib import Path
out, gantry, pypi = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
files = sorted((out / "packages").iterdir())
names = sorted({re.sub(r"[-_.]+", "-", f.name.split("-")[0]).lower() for f in files})
g_index = [f"/api/v4/projects/1/packages/pypi/simple/{n}/" for n in names]
p_index = [f"/simple/{n}/" for n in names]
g_files, p_files = [], []
for f in files:
    digest = hashlib.sha256(f.read_bytes()).hexdigest()
    g_files.append(f"/api/v4/projects/1/packages/pypi/files/{digest}/{f.name}")
    p_files.append(f"/packages/{f.name}")
for name, paths in [("gantry-index", g_index), ("gantry-files", g_files), ("pypiserver-index", p_index), ("pypiserver-files", p_files)]:
    (out / f"{name}.txt").write_text("\n".join(paths) + "\n")
def get(url):
    with urllib.request.urlopen(url) as r:
        return r.read()
link = re.compile(r'<a href="[^"]*/([^/"#]+)#sha256=([0-9a-f]{64})"')
for g, p in zip(g_index, p_index):
    gl = sorted(link.findall(get(gantry + g).decode()))
    pl = sorted(link.findall(get(pypi + p).decode()))
    assert gl == pl and len(gl) > 0, (g, gl, pl)
for f, g, p in zip(files, g_files, p_files):
    assert get(gantry + g) == get(pypi + p) == f.read_bytes(), f
print(f"checked: {len(names)} index pages and {len(files)} files identical on both servers")
PYEOF

run() {  # label base-url paths-file
    local log="$OUT/wrk-$1.log"
    PATHS="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s bench/pypi_paths.lua "$2" >"$log" 2>&1
    if ! grep -q "^non-2xx: 0$" "$log" || grep -q "Socket errors" "$log"; then
        echo "$1: errors during the run:" >&2; cat "$log" >&2
    fi
    awk '/^Requests\/sec:/ { print $2 }' "$log"
}

# A short warm-up of each, then the measured runs, alternating servers.
PATHS="$OUT/gantry-index.txt" wrk -t1 -c4 -d2s -s bench/pypi_paths.lua "$GANTRY_URL" >/dev/null
PATHS="$OUT/pypiserver-index.txt" wrk -t1 -c4 -d2s -s bench/pypi_paths.lua "$PYPI_URL" >/dev/null
g_index=$(run gantry-index "$GANTRY_URL" "$OUT/gantry-index.txt")
p_index=$(run pypiserver-index "$PYPI_URL" "$OUT/pypiserver-index.txt")
g_files=$(run gantry-files "$GANTRY_URL" "$OUT/gantry-files.txt")
p_files=$(run pypiserver-files "$PYPI_URL" "$OUT/pypiserver-files.txt")

echo
echo "package set: $NAMES names x $VERSIONS versions = $((NAMES * VERSIONS * 2)) files; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; pypiserver: gunicorn x $WORKERS workers"
printf '%-22s %14s %14s %8s\n' "load" "gantry req/s" "pypiserver" "ratio"
printf '%-22s %14.0f %14.0f %7.1fx\n' "simple index pages" "$g_index" "$p_index" "$(echo "$g_index / $p_index" | bc -l)"
printf '%-22s %14.0f %14.0f %7.1fx\n' "file downloads" "$g_files" "$p_files" "$(echo "$g_files / $p_files" | bc -l)"
