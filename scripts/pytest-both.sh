#!/usr/bin/env bash
# `make pytest`: the suite as two processes side by side, one per core (issue 10).
#   - the API fuzz, tests/security/test_api_fuzz.py (200 examples of every operation with
#     each role's token): its own test database (SQLite: the var folder's fuzz/ folder;
#     PostgreSQL: the URL's database name + _fuzz) and its own log, printed once both end;
#   - everything else, printed as it runs (arguments go to this run: `tests/clinic -x`).
# MESODESK_FUZZ_EXAMPLES sets fewer examples by hand.
# Fails if either run fails, and says so if either collected no test (pytest's exit 5).
set -uo pipefail
cd "$(dirname "$0")/.."

python=.venv/bin/python
fuzz=tests/security/test_api_fuzz.py
fuzz_var="${MESODESK_VAR_DIR:-var}/fuzz"
mkdir -p "$fuzz_var" test-artifacts
log=test-artifacts/api-fuzz.log

fuzz_env=("MESODESK_VAR_DIR=$fuzz_var")
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  base=${DATABASE_URL%%\?*}
  fuzz_env+=("DATABASE_URL=${base}_fuzz${DATABASE_URL#"$base"}")
fi

env "${fuzz_env[@]}" "$python" -m pytest "$fuzz" -q -p no:cacheprovider >"$log" 2>&1 &
fuzz_pid=$!
trap 'kill "$fuzz_pid" 2>/dev/null' EXIT
trap 'exit 130' INT TERM

"$python" -m pytest --ignore="$fuzz" "$@"
main_rc=$?
wait "$fuzz_pid"
fuzz_rc=$?
trap - EXIT INT TERM

echo
echo "== $fuzz, run beside the rest (exit $fuzz_rc; log: $log) =="
cat "$log"

status=0
for run in "the suite:$main_rc" "$fuzz:$fuzz_rc"; do
  name=${run%:*} rc=${run##*:}
  [ "$rc" -ne 5 ] || echo "pytest collected no tests in $name" >&2
  [ "$rc" -eq 0 ] || { echo "$name failed (pytest exit $rc)" >&2; status=$rc; }
done
exit "$status"
