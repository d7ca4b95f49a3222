#!/usr/bin/env bash
# `make demo`: a Gantry server with its in-process runner on the embedded defaults (SQLite, local
# files, shell executor), the example library pushed to it over HTTP, and its pipeline followed
# to the end.
#
# In a terminal the addresses and the root token come first, and the server keeps serving after
# the pipeline until Ctrl-C. Without one (scripts, CI) it prints no addresses, since the server
# stops when the pipeline ends, and the demo exits with the pipeline's status.
#
# Settings (environment):
#   GANTRY            the binary (default .build/debug/gantry)
#   GANTRY_DEMO_PORT  the port to listen on (default: any free one)
#   GANTRY_DEMO_DATA  the server's data folder (default: a new temporary one)
#   GANTRY_DEMO_KEEP  1 keeps the temporary data folder at exit (a GANTRY_DEMO_DATA is always kept),
#                     so that `gantry server --data DIR` can serve it again
set -euo pipefail
cd "$(dirname "$0")/.."
GANTRY=${GANTRY:-$PWD/.build/debug/gantry}
if [ -n "${GANTRY_DEMO_DATA:-}" ]; then
  DATA=$GANTRY_DEMO_DATA; OWN_DATA=0
else
  DATA=$(mktemp -d /tmp/gantry-demo.XXXXXX); OWN_DATA=1
fi
TOKEN=glpat-demo-$RANDOM$RANDOM
WORK=$(mktemp -d /tmp/gantry-demo-push.XXXXXX)
INTERACTIVE=0
if [ -t 0 ] && [ -t 1 ]; then INTERACTIVE=1; fi

# The server's own start-up lines (its address, the token) go to a log: the demo says what
# stays true, once, below.
"$GANTRY" server --data "$DATA" --listen "127.0.0.1:${GANTRY_DEMO_PORT:-0}" --initial-root-token "$TOKEN" --runner --quiet \
  > "$WORK/server.log" &
SERVER=$!
stop() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
  if [ "$OWN_DATA" = 1 ] && [ "${GANTRY_DEMO_KEEP:-0}" != 1 ]; then
    rm -rf "$DATA"
  else
    echo "== data kept in $DATA (serve it again: $GANTRY server --data $DATA --runner)"
  fi
}
trap stop EXIT
# A busy machine may take a while to start the server; a server that exits is an error at once.
for _ in $(seq 600); do
  [ -f "$DATA/server.url" ] && break
  kill -0 "$SERVER" 2>/dev/null || { echo "gantry server exited before it was ready:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
URL=$(cat "$DATA/server.url")

api() { curl -sf -H "PRIVATE-TOKEN: $TOKEN" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

GROUP=$(api -X POST "$URL/api/v4/groups" -d name=Demo -d path=demo | json 'd["id"]')
api -X POST "$URL/api/v4/projects" -d name=pvoutput -d namespace_id="$GROUP" >/dev/null
CLONE="${URL/http:\/\//http://root:$TOKEN@}/demo/pvoutput.git"
PROJECT="$URL/api/v4/projects/demo%2Fpvoutput"

if [ "$INTERACTIVE" = 1 ]; then
  cat <<TEXT
== Gantry server at $URL (serving until Ctrl-C)
   root token  $TOKEN
   API         $URL/api/v4   e.g. curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT
   web         none yet: Gantry has no web UI, the API and git are the way in
   clone       git clone $CLONE
   data        $DATA ($([ "$OWN_DATA" = 1 ] && [ "${GANTRY_DEMO_KEEP:-0}" != 1 ] && echo "removed at exit; GANTRY_DEMO_KEEP=1 keeps it" || echo "kept"))
TEXT
else
  echo "== Gantry server started (no terminal: it stops when the pipeline ends, so no addresses to visit;"
  echo "   run 'make demo' in a terminal to keep it serving)"
fi

cp -r examples/pvoutput "$WORK/pvoutput"
rm -rf "$WORK/pvoutput/.gantry"
git -C "$WORK/pvoutput" init -q -b main
git -C "$WORK/pvoutput" add -A
git -C "$WORK/pvoutput" -c user.name=demo -c user.email=demo@gantry.local commit -qm "pvoutput example"
echo "== git push of examples/pvoutput to demo/pvoutput, branch main"
git -C "$WORK/pvoutput" push -q "$CLONE" main

until PIPELINE=$(api "$PROJECT/pipelines" | json 'd[0]["id"] if d else ""') && [ -n "$PIPELINE" ]; do sleep 0.2; done
echo "== pipeline #$PIPELINE (job id, stage/name: status)"
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

# Real ids for the commands below: the build job (it keeps dist/ as artifacts) and the first
# failed job, whose log says why.
JOBS=$(api "$PROJECT/pipelines/$PIPELINE/jobs?per_page=100")
BUILD=$(json 'next((j["id"] for j in d if j["name"] == "build"), "")' <<< "$JOBS")
FAILED=$(json 'next((str(j["id"]) + " " + j["name"] for j in sorted(d, key=lambda j: j["id"]) if j["status"] == "failed"), "")' <<< "$JOBS")

if [ -n "$FAILED" ]; then
  TRACE="$PROJECT/jobs/${FAILED%% *}/trace     # the log of the failed job ${FAILED#* }"
else
  TRACE="$PROJECT/jobs/$BUILD/trace     # the log of the build job"
fi
if [ "$INTERACTIVE" = 1 ]; then
  cat <<TEXT

Look around (the server keeps running):
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/pipelines/$PIPELINE
  curl -H "PRIVATE-TOKEN: $TOKEN" $PROJECT/pipelines/$PIPELINE/jobs
  curl -H "PRIVATE-TOKEN: $TOKEN" $TRACE
  curl -H "PRIVATE-TOKEN: $TOKEN" -o artifacts.zip $PROJECT/jobs/$BUILD/artifacts
  git clone $CLONE
Serving at $URL until Ctrl-C.
TEXT
  trap 'exit 0' INT TERM
  wait "$SERVER" || true
elif [ -n "$FAILED" ]; then
  echo "== the end of the log of job ${FAILED#* } (${FAILED%% *}):"
  api "$PROJECT/jobs/${FAILED%% *}/trace" | tail -n 30
fi
[ "$STATUS" = success ]
