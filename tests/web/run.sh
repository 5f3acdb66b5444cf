#!/usr/bin/env bash
# End-to-end tests of the web client in headless Chromium against a real airdisplayd.
# Installs what is missing (Debian's chromium, the npm packages in package-lock.json), builds
# airdisplayd in build/web unless AIRDISPLAYD names one (CTest passes its own tree's), and prints
# "web: N passed, M failed" last. Exits non-zero on any failure.
# WEB_SCREENSHOT_DIR=docs/screenshots refreshes the README's pictures; WEB_TEST_ONLY=text runs the tests
# whose name contains it; WEB_TEST_VERBOSE=1 shows airdisplayd's log as it runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null 2>&1; then
    echo "web: installing chromium" >&2
    as_root apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "web: node and npm are needed (apt-get install nodejs npm)" >&2
    echo "web: 0 passed, 1 failed"
    exit 1
fi
# npm ci only when the lock file changed since the last install, so repeated runs stay offline.
if [ ! -f "$here/node_modules/.package-lock.json" ] || ! cmp -s "$here/package-lock.json" "$here/node_modules/.installed-lock.json"; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2 && cp package-lock.json node_modules/.installed-lock.json)
fi

daemon="${AIRDISPLAYD:-}"
if [ -z "$daemon" ]; then
    # Its own tree: the web client is compiled into the binary, so it must be rebuilt from these sources.
    build="$root/build/web"
    if [ ! -f "$build/build.ninja" ]; then
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
    fi
    cmake --build "$build" -j2 --target airdisplayd >&2
    daemon="$build/app/daemon/airdisplayd"
fi

if [ -n "${WEB_SCREENSHOT_DIR:-}" ]; then
    WEB_SCREENSHOT_DIR="$(realpath -m "$WEB_SCREENSHOT_DIR")"
    export WEB_SCREENSHOT_DIR
fi
cd "$here"
exec node run-tests.js "$daemon"
