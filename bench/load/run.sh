#!/usr/bin/env bash
# `make load`: the demo clinic (topped up to LOAD_PATIENTS patients) served as `make run` serves
# it, on its own data directory and port, with bench/load/locustfile.py driving LOAD_USERS users
# for LOAD_TIME; prints locust's per-route table and writes its CSVs to var-load/.
set -euo pipefail
BIN=${BIN:-.venv/bin}
PORT=${LOAD_PORT:-8106}
USERS=${LOAD_USERS:-50}
RATE=${LOAD_RATE:-5}
TIME=${LOAD_TIME:-3m}
PATIENTS=${LOAD_PATIENTS:-0}
export MESODESK_VAR_DIR=${LOAD_VAR_DIR:-$PWD/var-load}
export PYTHONPATH=$PWD
mkdir -p "$MESODESK_VAR_DIR"

"$BIN/mesodesk" manage migrate --no-input -v 0
"$BIN/mesodesk" demo >/dev/null
if [ "$PATIENTS" -gt 0 ]; then
  "$BIN/mesodesk" manage shell -c "from bench.load.fill import fill; fill($PATIENTS)"
fi
"$BIN/mesodesk" manage optimize_database -v 0
"$BIN/mesodesk" manage collectstatic --no-input -v 0
MESODESK_LOAD_TOKEN=$("$BIN/mesodesk" manage api_token create bellecour-clinician bellecour --name load)
export MESODESK_LOAD_TOKEN

"$BIN/mesodesk" serve --host 127.0.0.1 --port "$PORT" >"$MESODESK_VAR_DIR/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; "$BIN/mesodesk" manage api_token revoke bellecour-clinician bellecour --name load >/dev/null' EXIT
for _ in $(seq 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/sign-in/" && break
  sleep 1
done
"$BIN/locust" -f bench/load/locustfile.py --headless --only-summary -u "$USERS" -r "$RATE" -t "$TIME" \
  --host "http://127.0.0.1:$PORT" --csv "$MESODESK_VAR_DIR/load" --exit-code-on-error 1
