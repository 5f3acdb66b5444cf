#!/usr/bin/env bash
# Installs what AirDisplay needs to build, run and test on Debian 12, and nothing when it is all there.
# Runs as root (CI and a fresh machine) or through sudo.
set -euo pipefail
trap 'echo "install-deps: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

packages=(
    # toolchain
    cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
    # Qt 6.4 from Debian 12. qt6-charts-dev needs Qt6OpenGLConfig.cmake but does not depend on
    # libqt6opengl6-dev, which holds it: without it CMake cannot find Qt6Charts on a new machine.
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev-tools libgl-dev libqt6opengl6-dev
    qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev qt6-svg-dev
    libqt6sql6-sqlite libqt6sql6-psql
    # the store reads SQLite's own heap figure (sqlite3_memory_used) from the library Qt's driver uses
    libsqlite3-dev
    # zlib: the gateway gzips its HTTP answers
    zlib1g-dev
    # the map's detailed coastline: GSHHG's intermediate and high resolution shorelines, converted at
    # build time by a small netCDF reader (resources/coastline)
    gmt-gshhg-low gmt-gshhg-high libnetcdf-dev
    # tests: PostgreSQL server for the store suite, a virtual display and screenshots for the console,
    # headless Chromium and a certificate tool for the web client's and TLS tests, and ss (iproute2)
    # for the daemon test that reads the gateway's listen backlog (minimal images leave it out)
    postgresql xvfb xauth imagemagick chromium openssl iproute2
    # packaging: man pages from --help, desktop and AppStream validators, .deb tools, the package test
    # (CPack reads the programs with file(1) to compute the shared-library dependencies)
    help2man desktop-file-utils appstream dpkg-dev file curl man-db systemd
    # the registries over HTTPS (npm), with the machine's own CA certificates
    ca-certificates
)

# One dpkg-query for all of them, so that a machine that has everything passes in a moment. It exits
# non-zero when any of them was never installed, which is what a new machine looks like.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | awk '$4 == "installed" {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
    grep -qx "$p" <<<"$installed" || missing+=("$p")
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web client's tests drive Chromium from Node.js (playwright-core, pinned in tests/web). This
# machine kind ships Node.js; Debian's own is the fallback.
if ! command -v npm >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
