#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ptpdk-ctl stop against stand-ins that hold the instance lock as the daemon does
# (ctl_stop_holder uses the daemon's own instance.c), in a run directory of its own:
#   - a holder that exits on SIGTERM: stopped (0), the lock released, the file emptied;
#   - an empty lock file (a clean stop): not running (3);
#   - a stale lock file naming a dead pid, and one naming a live process that does not
#     hold the lock (a reused pid): not running (3), and that process is not signalled;
#   - no lock file: not running (3); a bad NAME: usage (2);
#   - the lock held by another pid than the file names: 1, nobody signalled;
#   - a holder that ignores SIGTERM: timed out (5) and left running (this test kills
#     it), or with --kill killed (6);
#   - a lock taken by flock(1) and inherited by the process that holds it (so
#     /proc/locks names another pid): still verified and stopped;
#   - as root: a user who may not signal the holder gets permission denied (4).
# usage: check_ctl_stop.sh PTPDK_CTL HOLDER
set -u
ctl=$1
holder=$2
work=$(mktemp -d /tmp/ptpdk-ctl-stop.XXXXXX)
run="$work/run"
pids=""
cleanup() {
  for p in $pids; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# start NAME MODE [MS]: a holder in the background; waits (at most 5 s) for "ready".
start() {
  "$holder" "$run" "$@" >"$work/$1.out" 2>&1 &
  started=$!
  pids="$pids $started"
  for _ in $(seq 100); do
    grep -q ready "$work/$1.out" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "holder $1 did not take its lock: $(cat "$work/$1.out")"
  return 1
}
# stop NAME [ARGS...]: runs ptpdk-ctl NAME stop; sets rc and out (stdout+stderr).
stop() {
  local name=$1
  shift
  out=$(timeout 30 "$ctl" "$name" stop --run-dir "$run" "$@" 2>&1)
  rc=$?
}
expect() { # WHAT RC PATTERN
  [ "$rc" -eq "$2" ] || fail "$1: exit $rc, expected $2: $out"
  grep -q -- "$3" <<<"$out" || fail "$1: no '$3' in: $out"
}
alive() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]; }

# Stopped: SIGTERM, 200 ms of clean-up, the lock released, the file emptied.
start a term 200 || exit 1
a=$started
stop a --timeout 5
expect "stop a" 0 "instance 'a' stopped (pid $a, SIGTERM, lock released after"
wait "$a"
st=$?
[ "$st" -eq 0 ] || fail "the holder exited with $st, not cleanly"
[ -f "$run/a/lock" ] && [ ! -s "$run/a/lock" ] || fail "the lock file should be empty after a clean stop"
echo "stopped: $(sed -n 's/.*(\(.*\))/\1/p' <<<"$out")"

# The same instance again: its empty lock file says it stopped cleanly.
stop a
expect "stop a again" 3 "not running (its lock file is empty"

# A stale file naming a dead pid.
sleep 0 &
dead=$!
wait "$dead"
echo "$dead" >"$run/a/lock"
stop a
expect "stale, dead pid" 3 "stale lock file $run/a/lock names pid $dead"
grep -q "nothing signalled" <<<"$out" || fail "stale: should say nothing was signalled"

# A stale file naming a live process that does not hold the lock (a reused pid).
sleep 30 &
innocent=$!
pids="$pids $innocent"
echo "$innocent" >"$run/a/lock"
stop a --timeout 1
expect "stale, live pid" 3 "names pid $innocent, which does not hold the lock"
sleep 0.1
alive "$innocent" || fail "the process a stale lock file named was signalled"

# No lock file; a name that breaks the rule (a path would escape the run directory).
stop nosuch
expect "no lock file" 3 "no lock file $run/nosuch/lock"
stop ../a
expect "bad name" 2 "instance name '../a' starts with '.'"
stop 'a/b'
expect "bad name /" 2 "'/' is not allowed"

# Locked, but by another pid than the file names: nobody is signalled.
start b term || exit 1
b=$started
echo "$innocent" >"$run/b/lock"
stop b --timeout 1
expect "other holder" 1 "is locked, but not by the pid the file names (pid $innocent; holder per /proc/locks: $b)"
alive "$b" || fail "the lock's holder was signalled although the file names another pid"
alive "$innocent" || fail "the pid in the file was signalled although it holds no lock"
kill -KILL "$b"
wait "$b" 2>/dev/null

# A holder that ignores SIGTERM: timed out and left running; then --kill.
start c ignore || exit 1
c=$started
t0=$(date +%s.%N)
stop c --timeout 0.5
t1=$(date +%s.%N)
expect "timeout" 5 "still holds $run/c/lock 0.5 s after SIGTERM: it is still running; not killed"
alive "$c" || fail "timed out, yet the holder is gone"
# The wait is bounded by --timeout: 0.5 s plus a poll and process start-up.
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.5 && b - a < 3) }' ||
  fail "--timeout 0.5 took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s"
stop c --timeout 0.3 --kill
expect "kill" 6 "killed (SIGKILL, lock released after"
wait "$c" 2>/dev/null
st=$?
[ "$st" -eq 137 ] || fail "after --kill the holder ended with $st, not SIGKILL"

# flock(1) takes the lock and the subshell (then sleep, the same pid) holds it:
# /proc/locks names flock's pid, fdinfo shows the holder.
mkdir -p "$run/d"
(
  exec 9<>"$run/d/lock"
  flock -xn 9 || exit 1
  echo "$BASHPID" >"$run/d/lock"
  exec sleep 30
) &
d=$!
pids="$pids $d"
for _ in $(seq 100); do [ -s "$run/d/lock" ] && break; sleep 0.05; done
stop d --timeout 5
expect "inherited lock" 0 "instance 'd' stopped (pid $d"

# Permission: a user who may not signal root's holder (only when run as root).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  start e term || exit 1
  e=$started
  chmod 755 "$work"
  out=$(timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$ctl" e stop \
    --run-dir "$run" --timeout 1 2>&1)
  rc=$?
  expect "permission" 4 "Operation not permitted\|permission denied"
  alive "$e" || fail "an unprivileged stop stopped root's instance"
  chmod 700 "$run"
  out=$(timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups "$ctl" e stop \
    --run-dir "$run" --timeout 1 2>&1)
  rc=$?
  expect "permission (run dir)" 4 "Permission denied"
  stop e --timeout 5
  expect "stop e" 0 "instance 'e' stopped"
else
  echo "not root: permission cases skipped"
fi

[ $failed -eq 0 ] && echo "ctl stop: stopped, not running (empty, stale, no file), other holder, timeout, kill, inherited lock, permission"
exit $failed
