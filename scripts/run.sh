#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts AirDisplay.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh default
exec ./build/default/app/daemon/airdisplayd "$@"
