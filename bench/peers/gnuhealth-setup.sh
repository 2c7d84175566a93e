#!/usr/bin/env bash
# GNU Health 5 (trytond 7) as a performance peer, installed and served beside mesodesk without
# touching mesodesk's database: its own virtual environment, its own PostgreSQL cluster on
# another port, its own JSON-RPC server. Idempotent; prints the URL when it answers.
# Facts this follows: ../shared/spec/peer-gnuhealth.md. Needs Debian's postgresql (as CI has).
#   bash bench/peers/gnuhealth-setup.sh          # install, initialise, start
#   bash bench/peers/gnuhealth-setup.sh fresh    # the same, its database back to just initialised
#   bash bench/peers/gnuhealth-setup.sh stop     # stop the server and the cluster
set -euo pipefail
cd "$(dirname "$0")/../.."

DIR=${GNUHEALTH_DIR:-$PWD/var/peers/gnuhealth}
PG_PORT=${GNUHEALTH_PG_PORT:-5433}
PORT=${GNUHEALTH_PORT:-8070}
PASSWORD=${GNUHEALTH_PASSWORD:-peer-bench-2026}
CLUSTER=ghpeer
VERSION=$(ls /etc/postgresql | sort -V | tail -n 1)
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
mkdir -p "$DIR"

stop_server() {
  if [ -f "$DIR/trytond.pid" ]; then
    kill "$(cat "$DIR/trytond.pid")" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$(cat "$DIR/trytond.pid")" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$DIR/trytond.pid"
}

if [ "${1:-}" = stop ]; then
  stop_server
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" stop 2>/dev/null || true
  exit 0
fi

# 1. Its own virtual environment (psycopg2 builds from source against Debian's libpq).
if [ ! -x "$DIR/venv/bin/trytond" ]; then
  "$PYTHON" -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install --quiet --upgrade pip
  "$DIR/venv/bin/pip" install --quiet 'gnuhealth==5.0.*'
fi

# 2. Its own PostgreSQL cluster, trust on loopback (a throw-away benchmark database).
# pg_createcluster refuses to run as root unless the data directory belongs to postgres.
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$CLUSTER"; then
  mkdir -p "$DIR/pgdata" && chown postgres:postgres "$DIR/pgdata"
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PG_PORT" -d "$DIR/pgdata" -- \
    --auth-local=trust --auth-host=trust >/dev/null
fi
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 1; done
has_db() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }
# fresh: every benchmark run starts from the database as initialised (a copy kept as ghdb_clean),
# so the patients of earlier runs do not swell its searches.
if [ "${1:-}" = fresh ] && [ -f "$DIR/.initialised" ]; then
  stop_server
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "DROP DATABASE IF EXISTS ghdb WITH (FORCE)"
  if has_db ghdb_clean; then
    createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres -T ghdb_clean ghdb
  else
    rm -f "$DIR/.initialised"  # installed before the copy was kept: initialise again
  fi
fi
has_db ghdb || createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres -E UTF8 -T template0 ghdb

# 3. Its configuration: a long session and a generous login guard, else a benchmark's logins slow down.
mkdir -p "$DIR/filestore"
cat >"$DIR/trytond.conf" <<CONF
[database]
uri = postgresql://postgres@127.0.0.1:$PG_PORT/
path = $DIR/filestore

[web]
listen = 127.0.0.1:$PORT

[session]
timeout = 36000
max_attempt = 1000
CONF

# 4. Its schema: the base modules, then the health module with what it depends on (~35 s each).
if [ ! -f "$DIR/.initialised" ]; then
  printf '%s\n' "$PASSWORD" >"$DIR/password"
  TRYTONPASSFILE="$DIR/password" "$DIR/venv/bin/trytond-admin" -c "$DIR/trytond.conf" -d ghdb --all \
    --email admin@example.com
  "$DIR/venv/bin/trytond-admin" -c "$DIR/trytond.conf" -d ghdb -u health --activate-dependencies
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "DROP DATABASE IF EXISTS ghdb_clean"
  createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres -T ghdb ghdb_clean
  touch "$DIR/.initialised"
fi

# 5. Its server, in the background.
if ! { [ -f "$DIR/trytond.pid" ] && kill -0 "$(cat "$DIR/trytond.pid")" 2>/dev/null; }; then
  nohup "$DIR/venv/bin/trytond" -c "$DIR/trytond.conf" >"$DIR/trytond.log" 2>&1 &
  echo $! >"$DIR/trytond.pid"
fi
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 1
done
echo "GNU Health answers at http://127.0.0.1:$PORT/ghdb/ (admin / $PASSWORD)"
