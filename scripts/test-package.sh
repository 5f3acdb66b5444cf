#!/usr/bin/env bash
# Builds the Debian package, checks its file list and dependencies, installs it as CI does (as root),
# runs the installed airdisplayd against a temporary database with a submission end to end over REST,
# starts the installed console on a virtual display, stops the daemon with SIGTERM and purges the
# package again, leaving the machine as it was. Ends with "package: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
root=$PWD
# AIRDISPLAY_BUILD_DIR packages another configured build tree instead of the default preset's.
build=${AIRDISPLAY_BUILD_DIR:-$root/build/default}
app_id=org.airdisplay.AirDisplay

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1${2:+: $2}"; }
check() { # check NAME COMMAND...: passes when the command succeeds
    local name=$1
    shift
    local output
    if output=$("$@" 2>&1); then pass "$name"; else fail "$name" "$output"; fi
}
finish() {
    echo "package: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

if [ "$(id -u)" -ne 0 ]; then
    echo "test-package: installs a package, so it runs as root (as CI does)" >&2
    exit 2
fi

# --- build ---------------------------------------------------------------------------------------
if [ -n "${AIRDISPLAY_BUILD_DIR:-}" ]; then
    cmake --build "$build" -j2 >"$build/package-build.log" 2>&1 || { fail "build" "$(tail -20 "$build/package-build.log")"; finish; }
else
    bash scripts/build.sh default || { fail "build"; finish; }
fi
rm -f "$build"/airdisplay_*.deb "$build"/airdisplay-*.tar.gz
if ! (cd "$build" && cpack -G "DEB;TGZ" >"$build/cpack.log" 2>&1); then
    fail "cpack" "$(tail -20 "$build/cpack.log")"
    finish
fi
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
deb=$build/airdisplay_${version}_${arch}.deb
tgz=$build/airdisplay-${version}-linux-$(uname -m).tar.gz
check "package named airdisplay_${version}_${arch}.deb" test -f "$deb"
check "archive named $(basename "$tgz")" test -f "$tgz"
[ -f "$deb" ] || finish

# --- contents ------------------------------------------------------------------------------------
contents=$(dpkg-deb -c "$deb")
files=$(awk '{print $6}' <<<"$contents" | sed 's|^\./|/|')
has_file() { grep -qx "$1" <<<"$files"; }

# Every program the build made is in the package, with its manual page.
programs=(airdisplayd airdisplay)
if [ -n "$(find "$build/app" -type f -name airdisplay-sim -perm -u+x 2>/dev/null)" ]; then
    programs+=(airdisplay-sim)
fi
for p in "${programs[@]}"; do
    check "contains /usr/bin/$p" has_file "/usr/bin/$p"
    check "contains the $p(1) manual page" has_file "/usr/share/man/man1/$p.1.gz"
done
check "contains the desktop entry" has_file "/usr/share/applications/$app_id.desktop"
check "contains the AppStream metainfo" has_file "/usr/share/metainfo/$app_id.metainfo.xml"
check "contains the scalable icon" has_file "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 32 48 64 128 256; do
    check "contains the ${size}x${size} icon" has_file "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
check "contains the systemd unit" has_file /usr/lib/systemd/system/airdisplayd.service
check "contains the sysusers.d entry" has_file /usr/lib/sysusers.d/airdisplay.conf
check "contains /etc/airdisplay/airdisplayd.conf" has_file /etc/airdisplay/airdisplayd.conf
check "contains the basemap's licence notice" has_file /usr/share/doc/airdisplay/LICENSE.world-atlas
check "contains the GSHHG coastline tiles" has_file /usr/share/airdisplay/coastline.adct
check "contains the coastline's licence notice" has_file /usr/share/doc/airdisplay/LICENSE.gshhg
check "contains the copyright file" has_file /usr/share/doc/airdisplay/copyright
check "the copyright file is machine-readable and names GPL-3+ and public-domain" bash -c \
    'dpkg-deb --fsys-tarfile "$1" | tar -xOf - ./usr/share/doc/airdisplay/copyright >"$2" &&
     grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" "$2" &&
     grep -qx "License: GPL-3+" "$2" && grep -qx "License: public-domain and ISC" "$2"' _ "$deb" "$build/copyright.check"
check "nothing outside /usr and /etc" bash -c '! grep -v -e "^/usr/" -e "^/etc/" -e "^/$" <<<"$1"' _ "$files"
check "the configuration file is readable by root only" \
    grep -q '^-rw------- root/root .* \./etc/airdisplay/airdisplayd.conf$' <<<"$contents"
check "the configuration file is a conffile" \
    bash -c 'dpkg-deb -I "$1" conffiles | grep -qx /etc/airdisplay/airdisplayd.conf' _ "$deb"
check "the archive holds the same files" \
    bash -c 'diff <(tar tzf "$1" | sed -n "s|^[^/]*/||p" | grep -v "/$" | sort) \
                  <(dpkg-deb -c "$2" | awk "{print \$6}" | sed "s|^\./||" | grep -v "/$" | sort)' _ "$tgz" "$deb"

# --- dependencies --------------------------------------------------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
echo "      Depends: $depends"
# The Qt plugins are named by hand; the libraries come from dpkg-shlibdeps reading the binaries.
for d in libqt6sql6-sqlite libqt6sql6-psql libqt6svg6 \
         libc6 libstdc++6 libqt6core6 libqt6network6 libqt6sql6 libqt6httpserver6 libqt6websockets6 \
         libqt6gui6 libqt6widgets6; do
    check "depends on $d" grep -qE "(^|, )${d//+/\\+}( |,|$)" <<<"$depends"
done

# --- install -------------------------------------------------------------------------------------
tmp=$(mktemp -d)
daemon_pid=
brought_in=
user_existed=false
getent passwd airdisplay >/dev/null && user_existed=true
cleanup() {
    if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
        kill -KILL "$daemon_pid" 2>/dev/null
    fi
    if dpkg-query -W -f '${Status}' airdisplay 2>/dev/null | grep -q "ok installed\|config-files"; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq airdisplay >/dev/null 2>&1
    fi
    # Dependencies that the installation brought in go again.
    if [ -n "$brought_in" ]; then
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $brought_in >/dev/null 2>&1
    fi
    if ! $user_existed && getent passwd airdisplay >/dev/null; then
        userdel airdisplay
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

installed_packages() { dpkg-query -W -f '${db:Status-Status} ${Package}\n' | sed -n 's/^installed //p' | sort; }
installed_packages >"$tmp/packages.before"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$tmp/apt.log" 2>&1
apt_status=$?
brought_in=$(comm -13 "$tmp/packages.before" <(installed_packages) | grep -vx airdisplay)
if [ "$apt_status" -ne 0 ]; then
    fail "apt-get install" "$(tail -20 "$tmp/apt.log")"
    finish
fi
[ -z "$brought_in" ] || echo "      brought in: $brought_in"
pass "apt-get install ./$(basename "$deb")"
check "installed airdisplayd reports version $version" bash -c '/usr/bin/airdisplayd --version | grep -qx "airdisplayd $1"' _ "$version"
for p in "${programs[@]}"; do
    check "$p finds all its libraries" bash -c '! ldd "/usr/bin/$1" | grep "not found"' _ "$p"
    check "man finds $p(1)" man -w "$p"
done
check "desktop-file-validate" desktop-file-validate "/usr/share/applications/$app_id.desktop"
check "appstreamcli validate" appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml"
check "the AppStream project licence is the copyright file's GPL-3+" \
    grep -q "<project_license>GPL-3.0-or-later</project_license>" "/usr/share/metainfo/$app_id.metainfo.xml"
check "systemd-analyze verify airdisplayd.service" systemd-analyze verify /usr/lib/systemd/system/airdisplayd.service
check "the service user exists with no login shell" \
    bash -c 'getent passwd airdisplay | grep -q ":/var/lib/airdisplay:/usr/sbin/nologin$"'

# --- the installed daemon, end to end ------------------------------------------------------------
# Port 0: the kernel picks a free loopback port, which the gateway logs.
/usr/bin/airdisplayd --db "$tmp/airdisplay.db" --listen 127.0.0.1:0 --register-demo-fleet 3 \
    --metrics-interval 0 >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on [^ ]* \([0-9][0-9]*\).*/\1/p' "$tmp/daemon.log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    fail "airdisplayd starts its gateway" "$(cat "$tmp/daemon.log")"
    finish
fi
base=http://127.0.0.1:$port
status=
for _ in $(seq 100); do
    status=$(curl -s -o "$tmp/healthz" -w '%{http_code}' "$base/healthz") && [ "$status" = 200 ] && break
    sleep 0.1
done
if [ "$status" = 200 ]; then pass "GET /healthz = 200 ($(cat "$tmp/healthz"))"; else fail "GET /healthz = 200" "got $status"; fi

if token=$(/usr/bin/airdisplayd token --db "$tmp/airdisplay.db" create --role operator --label package-test 2>"$tmp/token.err") \
    && [ -n "$token" ]; then
    pass "airdisplayd token create"
else
    fail "airdisplayd token create" "$(cat "$tmp/token.err")"
fi
auth=(-H "Authorization: Bearer $token")
# The demo fleet registers in the background; banner 1 answers once it is there.
for _ in $(seq 100); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$base/api/v1/banners/1")
    [ "$status" = 200 ] && break
    sleep 0.1
done
if [ "$status" = 200 ]; then pass "GET /api/v1/banners/1 = 200"; else fail "GET /api/v1/banners/1 = 200" "got $status"; fi

submit() {
    curl -s -o "$tmp/submit.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
        -d '{"text":"Hello from the installed package","requestId":"package-test-1"}' \
        "$base/api/v1/banners/1/messages"
}
status=$(submit)
answer=$(cat "$tmp/submit.json")
message_id=$(sed -n 's/.*"messageId":\([0-9]*\).*/\1/p' <<<"$answer")
if [ "$status" = 201 ] && [ -n "$message_id" ]; then
    pass "POST /api/v1/banners/1/messages = 201 ($answer)"
else
    fail "POST /api/v1/banners/1/messages = 201" "got $status $answer"
fi
status=$(submit)
if [ "$status" = 200 ] && grep -q '"duplicate":true' "$tmp/submit.json" \
    && grep -q "\"messageId\":${message_id}[,}]" "$tmp/submit.json"; then
    pass "the same requestId again answers the first message"
else
    fail "the same requestId again answers the first message" "got $status $(cat "$tmp/submit.json")"
fi
status=$(curl -s -o "$tmp/message.json" -w '%{http_code}' "${auth[@]}" "$base/api/v1/messages/${message_id:-0}")
if [ "$status" = 200 ] && grep -q '"text":"Hello from the installed package"' "$tmp/message.json"; then
    pass "GET /api/v1/messages/$message_id returns the message"
else
    fail "GET /api/v1/messages/$message_id returns the message" "got $status $(cat "$tmp/message.json")"
fi
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"text":"no token","requestId":"package-test-2"}' "$base/api/v1/banners/1/messages")
if [ "$status" = 401 ]; then pass "a submission without a token = 401"; else fail "a submission without a token = 401" "got $status"; fi

kill -TERM "$daemon_pid"
stopped=false
for _ in $(seq 200); do
    kill -0 "$daemon_pid" 2>/dev/null || { stopped=true; break; }
    sleep 0.1
done
if $stopped; then
    wait "$daemon_pid"
    code=$?
    daemon_pid=
    if [ "$code" = 0 ]; then pass "SIGTERM stops airdisplayd cleanly within 20 s"; else fail "SIGTERM stops airdisplayd cleanly" "exit code $code"; fi
else
    fail "SIGTERM stops airdisplayd within 20 s" "$(tail -5 "$tmp/daemon.log")"
fi

# --- the installed console ------------------------------------------------------------------------
# A real X display (Xvfb) so that the xcb platform plugin the package depends on is what loads; its
# own home so that nothing of root's settings is read or written.
mkdir -p "$tmp/home"
if HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share \
    XDG_RUNTIME_DIR=$tmp/home timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" \
    /usr/bin/airdisplay --db "$tmp/console.db" --demo 20 --screenshot "$tmp/console.png" >"$tmp/console.log" 2>&1 \
    && [ -s "$tmp/console.png" ]; then
    pass "the installed console opens on X11 and saves a screenshot"
else
    fail "the installed console opens on X11 and saves a screenshot" "$(tail -20 "$tmp/console.log")"
fi

# --- remove --------------------------------------------------------------------------------------
if DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq airdisplay >"$tmp/apt.log" 2>&1; then
    pass "apt-get purge airdisplay"
else
    fail "apt-get purge airdisplay" "$(tail -20 "$tmp/apt.log")"
fi
check "nothing of the package is left" \
    bash -c '! dpkg-query -W airdisplay 2>/dev/null && [ ! -e /usr/bin/airdisplayd ] && [ ! -e /etc/airdisplay ]'

finish
