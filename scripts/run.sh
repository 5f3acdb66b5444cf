#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts the dispatcher console on
# its embedded default (a SQLite file under ~/.local/share) with a simulated fleet flying.
#   bash scripts/run.sh [console options...]     e.g. --demo 2000, --db postgresql://...
# Without a display (a fresh server, a container), the console runs on a virtual one (Xvfb) and
# saves a screenshot to airdisplay-screenshot.png instead of staying open.
set -euo pipefail
trap 'echo "run: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
bash scripts/build.sh default
console=./build/default/app/console/airdisplay
args=("$@")
[[ " ${args[*]-} " == *" --demo "* ]] || args=(--demo 500 "${args[@]}")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$console" "${args[@]}"
fi
echo "run: no display; running the console on Xvfb and saving airdisplay-screenshot.png"
exec xvfb-run -a -s "-screen 0 1600x1000x24" "$console" "${args[@]}" --screenshot airdisplay-screenshot.png
