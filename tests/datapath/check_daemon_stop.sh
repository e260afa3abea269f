#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ptpdk-ctl stop on the real daemon: ptpdk on a net_null port (--no-pci --no-huge, its
# run directory and region in a directory of its own) is stopped by
# `ptpdk-ctl NAME stop`: exit 0, the daemon's own exit status 0 with its final
# counter table printed (the clean SIGTERM path), its management sockets removed, the
# lock file emptied; a second stop says it is not running (3).
# usage: check_daemon_stop.sh PTPDK PTPDK_CTL
set -u
ptpdk=$1
ctl=$2
name="ds$$"
work=$(mktemp -d /tmp/ptpdk-daemon-stop.XXXXXX)
run="$work/run"
if [ "$(id -u)" -eq 0 ]; then eal_dir="/var/run/dpdk/$name"; else eal_dir="${XDG_RUNTIME_DIR:-/tmp}/dpdk/$name"; fi
daemon=""
cleanup() {
  [ -n "$daemon" ] && kill -KILL "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  rm -rf "$work" "$eal_dir"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# --duration bounds the daemon if the stop under test fails; L2 transport: net_null
# needs no address, and what it sends goes nowhere.
"$ptpdk" -l 0-1 --no-pci --no-huge --no-shconf -m 256 --vdev net_null0 --log-level '*:warning' -- \
  -i net_null0 -2 -q --instance "$name" --run_dir "$run" --shm_dir "$work" \
  --idle-sleep-us 200 --duration 60 >"$work/daemon.log" 2>&1 &
daemon=$!
# Running once its management socket exists (made after the lock, EAL and the ports).
for _ in $(seq 200); do
  [ -S "$run/$name/mgmt" ] && break
  kill -0 "$daemon" 2>/dev/null || break
  sleep 0.1
done
[ -S "$run/$name/mgmt" ] || { echo "FAIL: the daemon did not start: $(tail -5 "$work/daemon.log")"; exit 1; }
[ "$(cat "$run/$name/lock")" = "$daemon" ] || fail "the lock file does not name the daemon's pid"

out=$("$ctl" "$name" stop --run-dir "$run" --timeout 10 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "ptpdk-ctl stop: exit $rc: $out"
grep -q "instance '$name' stopped (pid $daemon, SIGTERM" <<<"$out" || fail "no 'stopped' in: $out"
stopped=$out
wait "$daemon"
st=$?
daemon=""
[ $st -eq 0 ] || fail "the daemon exited with $st after SIGTERM: $(tail -5 "$work/daemon.log")"
grep -q "management: .* request" "$work/daemon.log" || fail "no final report after SIGTERM"
[ ! -e "$run/$name/mgmt" ] && [ ! -e "$run/$name/mgmt-ro" ] || fail "management sockets left behind"
[ -f "$run/$name/lock" ] && [ ! -s "$run/$name/lock" ] || fail "the lock file is not empty after a clean stop"

out=$("$ctl" "$name" stop --run-dir "$run" 2>&1)
rc=$?
[ $rc -eq 3 ] || fail "a second stop: exit $rc, expected 3: $out"

[ $failed -eq 0 ] && echo "$stopped"
exit $failed
