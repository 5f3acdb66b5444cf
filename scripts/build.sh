#!/usr/bin/env bash
# Configures and builds one CMake preset (default: "default"), after installing what is missing.
set -euo pipefail
trap 'echo "build: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
