#!/usr/bin/env bash
# `make demo`: a Gantry server with its in-process runner on the embedded defaults (SQLite, local
# files, shell executor), the example library pushed to it over HTTP, and its pipeline followed
# to the end. In a terminal the server keeps serving until Ctrl-C; in scripts and CI it stops
# and the demo exits with the pipeline's status.
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY=${GANTRY:-$PWD/.build/debug/gantry}
DATA=${GANTRY_DEMO_DATA:-$(mktemp -d /tmp/gantry-demo.XXXXXX)}
TOKEN=glpat-demo-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/gantry-demo-push.XXXXXX)

"$GANTRY" server --data "$DATA" --listen "127.0.0.1:${GANTRY_DEMO_PORT:-0}" --initial-root-token "$TOKEN" --runner --quiet &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap stop EXIT
for _ in $(seq 100); do [ -f "$DATA/server.url" ] && break; sleep 0.1; done
URL=$(cat "$DATA/server.url")

api() { curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

GROUP=$(api -X POST "$URL/api/v4/groups" -d name=Demo -d path=demo | json 'd["id"]')
api -X POST "$URL/api/v4/projects" -d name=pvoutput -d namespace_id="$GROUP" >/dev/null
cp -r examples/pvoutput "$WORK/pvoutput"
git -C "$WORK/pvoutput" init -q -b main
git -C "$WORK/pvoutput" add -A
git -C "$WORK/pvoutput" -c user.name=demo -c user.email=demo@gantry.local commit -qm "pvoutput example"
echo "== git push $URL/demo/pvoutput.git main"
git -C "$WORK/pvoutput" push -q "${URL/http:\/\//http://root:$TOKEN@}/demo/pvoutput.git" main

PROJECT="$URL/api/v4/projects/demo%2Fpvoutput"
until PIPELINE=$(api "$PROJECT/pipelines" | json 'd[0]["id"] if d else ""') && [ -n "$PIPELINE" ]; do sleep 0.2; done
echo "== pipeline #$PIPELINE"
SEEN=""
while :; do
  LINES=$(api "$PROJECT/pipelines/$PIPELINE/jobs?per_page=100" \
    | json '"\n".join("%s %s/%s: %s" % (j["id"], j["stage"], j["name"], j["status"]) for j in sorted(d, key=lambda j: j["id"]))')
  while IFS= read -r line; do
    case "$SEEN" in *"|$line|"*) ;; *) echo "   $line"; SEEN="$SEEN|$line|" ;; esac
  done <<< "$LINES"
  STATUS=$(api "$PROJECT/pipelines/$PIPELINE" | json 'd["status"]')
  case "$STATUS" in success|failed|canceled|skipped|manual) break ;; esac
  sleep 0.5
done
echo "== pipeline #$PIPELINE: $STATUS"
cat <<TEXT

Look around (token: $TOKEN):
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/pipelines/$PIPELINE
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/pipelines/$PIPELINE/jobs
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/jobs/<id>/trace
  curl -H "PRIVATE-TOKEN: $TOKEN" -o artifacts.zip $PROJECT/jobs/<id>/artifacts
  git clone ${URL/http:\/\//http://root:$TOKEN@}/demo/pvoutput.git
  data directory: $DATA
TEXT
if [ -t 0 ] && [ -t 1 ]; then
  echo "Serving at $URL until Ctrl-C."
  trap 'stop; exit 0' INT TERM
  wait "$SERVER"
fi
[ "$STATUS" = success ]
