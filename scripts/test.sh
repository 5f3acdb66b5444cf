#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, starts the services the tests need,
# and runs every test through CTest; then the package test, the concurrency-heavy suites again under
# ThreadSanitizer, and a bounded fuzzing run. Prints each phase's time ("test: phase NAME N s").
set -euo pipefail
trap 'echo "test: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

phase_start=$SECONDS
phase() { # phase NAME: the time since the previous phase ended
    echo "test: phase $1 $((SECONDS - phase_start)) s"
    phase_start=$SECONDS
}

bash scripts/install-deps.sh
phase install
bash scripts/build.sh default
phase build

pg_env=$(bash scripts/start-test-postgres.sh) || { echo "test: the test PostgreSQL server did not start" >&2; exit 1; }
eval "$pg_env"
export AIRDISPLAY_TEST_PG_URL
ctest --preset default -j2
phase ctest

# The .deb: file list, dependencies, install, the installed airdisplayd end to end, purge (as root).
bash scripts/test-package.sh
phase package

# The actor runtime is where data races would hide: its suites run again under ThreadSanitizer
# (only those are built in the tsan tree).
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target tsan_tests
ctest --preset tsan -L tsan
phase tsan

# Use after free and undefined behaviour hide where threads hand data over and where objects die
# with work in flight: the actor, store, fleet, gateway, ui and e2e suites run again under
# AddressSanitizer and UBSan, on a Debug build with Qt's assertions on (only those are built in the
# asan tree; leaks are not checked: Qt keeps some of its globals to the end).
cmake --preset asan >/dev/null
cmake --build --preset asan --target asan_tests
ctest --preset asan -L asan
phase asan

# The soaks: airdisplayd with 100,000 banners under the simulator, subscribers, readers, revocations and
# clients vanishing mid-command, and the console under the 100,000-banner demo driven through zoom,
# select, follow, Apply and close; both under AddressSanitizer, side by side, for 10 minutes
# (AIRDISPLAY_SOAK_SECONDS; 7200 before a release). Each prints its bench: lines.
cmake --build --preset asan --target soak_tests
soak_log=build/asan/soak.log
# The console's soak holds 20,000 banners here: under ASan on two shared cores the 100,000-banner demo
# takes longer to connect its devices than their 30 s ask timeout allows (measured: 23,000 timed-out
# connects in 4 minutes beside the daemon's soak), so it would test the load, not the console. The
# release soak runs the 100,000 (AIRDISPLAY_SOAK_CONSOLE_BANNERS, default 100000).
if ! AIRDISPLAY_SOAK_SECONDS=${AIRDISPLAY_SOAK_SECONDS:-600} AIRDISPLAY_SOAK_CONSOLE_BANNERS=${AIRDISPLAY_SOAK_CONSOLE_BANNERS:-20000} ctest --preset asan -L soak -j2 --verbose >"$soak_log" 2>&1; then
    grep -E -A40 'ERROR: AddressSanitizer|runtime error' "$soak_log" | head -n 200 || true
    grep -E 'soak: first|bench: soak_' "$soak_log" || true # when each kind of error began, and the figures
    tail -n 80 "$soak_log"
    echo "test: a soak failed (its whole log: $soak_log)" >&2
    exit 1
fi
grep -E 'bench: soak_|bench: sim_|Test +#' "$soak_log"
phase soak

# What the gateway reads from the network (the protocol decoder and the HTTP framing): fuzz each
# for a bounded time (clang, libFuzzer).
bash scripts/fuzz-protocol.sh 60
phase fuzz
echo "test: all passed in $SECONDS s"
