#!/usr/bin/env bash
# Installs what AirDisplay needs to build, run and test on Debian 12, and nothing when it is all there.
# Runs as root (CI and a fresh machine) or through sudo.
set -euo pipefail

packages=(
    # toolchain
    cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
    # Qt 6.4 from Debian 12
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev-tools libgl-dev
    qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev qt6-svg-dev
    libqt6sql6-sqlite libqt6sql6-psql
    # tests: PostgreSQL server for the store suite, a virtual display and screenshots for the console
    postgresql xvfb xauth imagemagick
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
