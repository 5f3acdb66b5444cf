#!/usr/bin/env bash
# Runs a command (default: the README's test command) on a brand-new Debian 12 machine: a minimal root
# made with mmdebstrap, holding a clean copy of the committed tree (git archive HEAD) and nothing of
# this machine but what it needs to reach the same package registries (its extra CA certificates, the
# files the *_CA_* / NODE_EXTRA_CA_CERTS variables name, its npm configuration and its resolver).
#
#   bash scripts/fresh-root.sh                        # the README's test command: bash scripts/test.sh
#   bash scripts/fresh-root.sh bash scripts/run.sh    # the README's run command
#   FRESH_ROOT_KEEP=1 bash scripts/fresh-root.sh ...  # leave the root behind to look into (path printed)
#   FRESH_ROOT_COLLECT="a.png b.log" ...              # copy these files (relative to the tree) out of
#                                                     # the root into build/fresh-root/ afterwards
#
# The base root (minbase + ca-certificates, as a cloud image's Debian 12 has) is cached as a tarball in
# $FRESH_ROOT_CACHE for a week: it holds none of the project's packages, so every run still installs,
# builds and tests from nothing. Each run unpacks it into a new folder and deletes that folder after.
# /proc, /sys, /dev, /dev/pts and /dev/shm are mounted into the root and unmounted again on any exit,
# after every process still running inside the root (a test PostgreSQL, an Xvfb) has been stopped.
#
# What runs in the root: everything the test command does. A chroot shares this machine's kernel and
# network, so the tests that listen on loopback, start PostgreSQL or Chromium, or read `ss` work there
# unchanged; nothing has to run outside it.
# The whole script is one function, read before it runs: editing this file during a run (it lives in
# a working tree) would otherwise make bash go on reading the new text at the old offset.
main() {
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

if [ "$(id -u)" -ne 0 ]; then
    echo "fresh-root: makes and enters a chroot, so it runs as root" >&2
    exit 2
fi
[ $# -gt 0 ] || set -- bash scripts/test.sh

suite=bookworm
mirror=http://deb.debian.org/debian
cache=${FRESH_ROOT_CACHE:-/var/cache/airdisplay-fresh-root}
base=$cache/$suite-minbase.tar
workdir=${FRESH_ROOT_DIR:-/var/tmp}
start=$SECONDS

phase_start=$SECONDS
phase() { # phase NAME: prints how long the phase that just ended took
    echo "fresh-root: phase $1 $((SECONDS - phase_start)) s"
    phase_start=$SECONDS
}

if ! command -v mmdebstrap >/dev/null 2>&1; then
    echo "fresh-root: installing mmdebstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null; }
fi

# --- base root (cached) ---------------------------------------------------------------------------
mkdir -p "$cache"
if [ -f "$base" ] && [ -n "$(find "$base" -mtime -7)" ]; then
    echo "fresh-root: using the cached base root $base"
else
    echo "fresh-root: making a minimal Debian 12 root with mmdebstrap"
    # The registry this machine reaches may serve a snapshot whose Release files are past their
    # Valid-Until date; apt in the root must accept them as this machine's apt does.
    mmdebstrap --variant=minbase --include=ca-certificates \
        --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Languages "none"' \
        "$suite" "$base.partial.tar" \
        "deb $mirror $suite main" "deb $mirror $suite-updates main" \
        "deb http://deb.debian.org/debian-security $suite-security main"
    mv "$base.partial.tar" "$base"
fi
phase base-root

# --- a new root from it -----------------------------------------------------------------------------
root=$(mktemp -d "$workdir/airdisplay-fresh-root.XXXXXX")
mounted=()

stop_root_processes() {
    local pid link
    for signal in TERM KILL; do
        local found=0
        for link in /proc/[0-9]*/root; do
            pid=${link#/proc/}
            pid=${pid%/root}
            if [ "$(readlink "$link" 2>/dev/null)" = "$root" ]; then
                kill "-$signal" "$pid" 2>/dev/null || true
                found=1
            fi
        done
        [ "$found" -eq 1 ] || break
        sleep 2
    done
}

cleanup() {
    local rc=$?
    stop_root_processes
    local file
    for file in ${FRESH_ROOT_COLLECT:-}; do
        if [ -f "$root/root/airdisplay/$file" ]; then
            mkdir -p "$repo/build/fresh-root"
            cp "$root/root/airdisplay/$file" "$repo/build/fresh-root/"
            echo "fresh-root: copied $file to build/fresh-root/"
        fi
    done
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
    done
    if [ -n "${FRESH_ROOT_KEEP:-}" ]; then
        echo "fresh-root: kept the root at $root"
    elif ! grep -q " $root/" /proc/mounts; then
        rm -rf "$root"
    else
        echo "fresh-root: $root still has mounts; left in place" >&2
    fi
    echo "fresh-root: total $((SECONDS - start)) s, exit $rc"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tar -C "$root" -xpf "$base"

mount_into() { # mount_into TARGET MOUNT-ARGS...
    mkdir -p "$root$1"
    mount "${@:2}" "$root$1"
    mounted+=("$root$1")
}
mount_into /proc -t proc proc
mount_into /sys -t sysfs sysfs
mount_into /dev --bind /dev
mount_into /dev/pts -t devpts -o newinstance,ptmxmode=0666 devpts
mount_into /dev/shm -t tmpfs -o mode=1777 shm

# What reaches the registries, and nothing else of this machine.
cp /etc/resolv.conf "$root/etc/resolv.conf"
if [ -d /usr/local/share/ca-certificates ]; then
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
chroot "$root" update-ca-certificates >/dev/null
ca_vars=()
while IFS='=' read -r name value; do
    [ -f "$value" ] || continue
    mkdir -p "$root$(dirname "$value")"
    cp -L "$value" "$root$value"
    ca_vars+=("$name=$value")
done < <(env | grep -E '^([A-Z0-9_]*_CA_[A-Z0-9_]*|NODE_EXTRA_CA_CERTS)=' || true)
[ -f /etc/npmrc ] && cp /etc/npmrc "$root/etc/npmrc"
[ -f "$HOME/.npmrc" ] && cp "$HOME/.npmrc" "$root/root/.npmrc"

# The committed tree only: what a clone of main would hold.
mkdir -p "$root/root/airdisplay"
git -C "$repo" archive HEAD | tar -C "$root/root/airdisplay" -xf -
echo "fresh-root: $root holds $(git -C "$repo" rev-parse --short HEAD) ($(git -C "$repo" log -1 --format=%s | cut -c1-60))"
phase unpack

echo "fresh-root: running: $*"
set +e
chroot "$root" /usr/bin/env -i \
    HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM="${TERM:-dumb}" "${ca_vars[@]}" \
    /bin/bash -c 'cd /root/airdisplay && exec "$@"' fresh-root "$@"
rc=$?
set -e
phase command
exit "$rc"
}
main "$@"
