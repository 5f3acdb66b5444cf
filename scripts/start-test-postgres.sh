#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on loopback for the store suite and prints its URL.
# Its own cluster in a temporary folder, so it neither needs nor touches the machine's default cluster.
#   usage: eval "$(bash scripts/start-test-postgres.sh)"   -> exports AIRDISPLAY_TEST_PG_URL
set -euo pipefail
port="${AIRDISPLAY_TEST_PG_PORT:-55432}"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir="${AIRDISPLAY_TEST_PG_DIR:-/tmp/airdisplay-test-pg}"

run_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

if [ -f "$dir/data/postmaster.pid" ] && run_as_postgres "$bindir/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
    :
else
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    run_as_postgres "$bindir/initdb -D $dir/data -U postgres --auth=trust --no-sync" >/dev/null
    run_as_postgres "$bindir/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on' start" >/dev/null
fi
run_as_postgres "$bindir/psql -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='airdisplay_test'\"" | grep -q 1 \
    || run_as_postgres "$bindir/createdb -h 127.0.0.1 -p $port -U postgres airdisplay_test"
echo "export AIRDISPLAY_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/airdisplay_test"
