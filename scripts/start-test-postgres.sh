#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the store and fleet suites and prints its URL.
# Its own cluster in a temporary folder, so it neither needs nor touches the machine's default cluster.
#   usage: pg_env=$(bash scripts/start-test-postgres.sh) && eval "$pg_env"   -> AIRDISPLAY_TEST_PG_URL
# (not `eval "$(...)"`: that form hides this script's failure from `set -e`).
# A server this script started earlier in the same folder is reused. Otherwise the port is
# AIRDISPLAY_TEST_PG_PORT if set, else the first free one from 55432 on. Any failure exits non-zero
# at once with the reason and the server's log on stderr; nothing but the export line goes to stdout.
set -euo pipefail
dir="${AIRDISPLAY_TEST_PG_DIR:-/tmp/airdisplay-test-pg}"

fail() {
    echo "start-test-postgres: $*" >&2
    [ -f "$dir/log" ] && { echo "--- $dir/log (last lines)" >&2; tail -n 20 "$dir/log" >&2; }
    exit 1
}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] \
    || fail "no PostgreSQL server binaries under /usr/lib/postgresql (run scripts/install-deps.sh)"

run_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -f "$dir/data/postmaster.pid" ] && [ -f "$dir/port" ] \
    && run_as_postgres "$bindir/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
    port=$(cat "$dir/port")
else
    [ -f "$dir/data/postmaster.pid" ] && run_as_postgres "$bindir/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    run_as_postgres "$bindir/initdb -D $dir/data -U postgres --auth=trust --no-sync" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; fail "initdb failed in $dir/data"; }

    if [ -n "${AIRDISPLAY_TEST_PG_PORT:-}" ]; then
        candidates=("$AIRDISPLAY_TEST_PG_PORT")
    else
        candidates=($(seq 55432 55531))
    fi
    port=""
    for p in "${candidates[@]}"; do
        port_in_use "$p" && continue
        # Another program can take the port between the check and the bind; then try the next one.
        if run_as_postgres "$bindir/pg_ctl -D $dir/data -l $dir/log -w -t 30 -o '-p $p -k $dir -c listen_addresses=127.0.0.1 -c fsync=on' start" >/dev/null 2>&1; then
            port=$p
            break
        fi
        grep -q "could not bind\|Address already in use" "$dir/log" 2>/dev/null || fail "the server did not start on port $p"
    done
    [ -n "$port" ] || fail "no free port among ${candidates[*]:0:1}..${candidates[*]: -1}"
    echo "$port" >"$dir/port"
fi

run_as_postgres "$bindir/psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='airdisplay_test'\"" 2>"$dir/psql.log" | grep -q 1 \
    || run_as_postgres "$bindir/createdb -h 127.0.0.1 -p $port -U postgres airdisplay_test" 2>>"$dir/psql.log" \
    || { cat "$dir/psql.log" >&2; fail "could not create the airdisplay_test database on port $port"; }
echo "export AIRDISPLAY_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/airdisplay_test"
