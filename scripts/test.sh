#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, starts the services the tests need,
# and runs every test through CTest; then the concurrency-heavy suites again under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh default
eval "$(bash scripts/start-test-postgres.sh)"
export AIRDISPLAY_TEST_PG_URL

ctest --preset default -j2

# The .deb: file list, dependencies, install, the installed airdisplayd end to end, purge (as root).
bash scripts/test-package.sh

# The actor runtime is where data races would hide: its suites run again under ThreadSanitizer
# (only those are built in the tsan tree).
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target tsan_tests
ctest --preset tsan -L tsan

# The gateway's protocol decoder faces the network: fuzz it for a bounded time (clang, libFuzzer).
bash scripts/fuzz-protocol.sh 60
