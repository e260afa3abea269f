#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: ptpdk slave (veth lab, ptp4l -S grandmaster) -> shared region ->
# ptpdk-sync -> chronyd -x (never touches the system clock; a config file of our
# own with no server or pool line, command socket in our directory).
#   sock  ptpdk-sync --chrony-sock feeds `refclock SOCK`: chronyc shows the refclock
#         reachable with an offset consistent with ptpdk's own TE; then ptpdk is
#         killed (SIGKILL): ptpdk-sync must report "invalid" within 1 s.
#   shm   ptpdk is started again: the first ptpdk-sync (still running) follows the
#         new generation and is valid again; a second one feeds NTP SHM to a
#         second chronyd (`refclock SHM`), checked the same way; then ptpdk is
#         killed again and both ptpdk-syncs must report invalid within 1 s.
# TE = ptpdk's clock - CLOCK_REALTIME (the grandmaster's clock), read together.
# usage: test_sync_chrony.sh REPO PTPDK PTPDK_SYNC
set -u
repo=$1
ptpdk=$2
sync=$3
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
ip netns list >/dev/null 2>&1 || { echo "no network namespaces: skipped"; exit 77; }
for p in ptp4l chronyd chronyc; do
	command -v $p >/dev/null || { echo "$p missing: skipped (run scripts/setup)"; exit 77; }
done

prefix="sc$$"
prefix=${prefix:0:11}
name="lab$$"
shm_unit=$((100 + $$ % 800))
work=$(mktemp -d /tmp/ptpdk-sync-lab.XXXXXX)
chmod 700 "$work"
lab="$repo/scripts/lab --prefix $prefix"
pids=()
ptpdk_pid=""
cleanup() {
	[ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	$lab down >/dev/null 2>&1
	# The NTP SHM segment we used (chronyd and ptpdk-sync leave it behind).
	ipcrm -M $((0x4e545030 + shm_unit)) 2>/dev/null
	# A killed ptpdk leaves its region (and the huge page it holds).
	rm -f /dev/hugepages/ptpdk-shm-"$name" /dev/shm/ptpdk-shm-"$name"
	[ -n "${KEEP:-}" ] && cp -r "$work" "$KEEP"
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }
mono() { /usr/bin/python3 -c 'import time; print(f"{time.monotonic():.6f}")'; }

start_ptpdk() { # TAG
	eval "$($lab env)"
	"$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
		--vdev "net_af_packet0,iface=$LAB_DUT" --log-level '*:warning' -- \
		-f "$repo/config/lab-software.cfg" -i net_af_packet0 --compact -q -m -4 -E \
		--shm-name "$name" --duration 300 --samples-file "$work/ptpdk-$1.csv" \
		>"$work/ptpdk-$1.log" 2>&1 &
	ptpdk_pid=$!
}

# Kill ptpdk now; print the kill's CLOCK_MONOTONIC time.
kill_ptpdk() {
	local t
	t=$(mono)
	kill -KILL "$ptpdk_pid"
	wait "$ptpdk_pid" 2>/dev/null
	ptpdk_pid=""
	echo "$t"
}

start_chronyd() { # TAG REFCLOCK-LINE
	local d="$work/chrony-$1"
	mkdir -m 700 "$d"
	cat >"$d/chrony.conf" <<CONF
$2
pidfile $d/chronyd.pid
driftfile $d/drift
port 0
cmdport 0
bindcmdaddress $d/cmd.sock
logdir $d
log refclocks
CONF
	chronyd -x -d -u root -f "$d/chrony.conf" >"$d/chronyd.log" 2>&1 &
	pids+=($!)
}

start_sync() { # TAG ARGS...
	local tag=$1
	shift
	"$sync" -s "$name" -w -m -q -d 300 "$@" >"$work/sync-$tag.log" 2>&1 &
	pids+=($!)
}

# Wait up to $2 s for a line matching $3 in file $1.
wait_for() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		grep -q "$3" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# chronyc's view of the PTPD refclock: listed and reachable. chronyd -x corrects a
# virtual copy of the system clock, so the offsets chronyc shows converge to 0 as it
# tracks; the samples' raw offsets in its refclocks log (reference - system clock, the
# offset ptpdk-sync sent) must match TE over the same last 10 s.
check_chrony() { # TAG PTPDK_RUN
	local d="$work/chrony-$1" csv i
	for ((i = 0; i < 30; i++)); do
		csv=$(chronyc -h "$d/cmd.sock" -c -n sources 2>/dev/null | grep ',PTPD,')
		[ -n "$csv" ] && [ "$(echo "$csv" | cut -d, -f6)" != "0" ] && break
		sleep 1
	done
	chronyc -h "$d/cmd.sock" -n sources >"$d/sources.txt" 2>&1
	echo "$csv" >"$d/sources.csv"
	/usr/bin/python3 - "$d/sources.csv" "$d/refclocks.log" "$work/ptpdk-$2.csv" "$1" "$work/sync-$1.log" <<'PY' ||
import csv, datetime, re, sys
line = open(sys.argv[1]).read().strip()
if not line:
    sys.exit("chronyd lists no PTPD refclock")
f = line.split(",")  # mode,state,name,stratum,poll,reach,lastrx,offset,measured,error
reach = int(f[5], 8)
raw = []
for l in open(sys.argv[2]):
    p = l.split()
    if len(p) >= 8 and p[2] == "PTPD" and p[6] != "-":  # "-": a filtered (combined) sample
        t = datetime.datetime.strptime(p[0] + " " + p[1], "%Y-%m-%d %H:%M:%S.%f")
        raw.append((t.replace(tzinfo=datetime.timezone.utc).timestamp(), float(p[6]) * 1e9))
if not raw:
    sys.exit("no PTPD samples in chronyd's refclocks log")
raw_last = [o for t, o in raw if raw[-1][0] - t <= 10]
rows = [r for r in csv.DictReader(open(sys.argv[3])) if r["te_ns"] != "nan"]
t_end = float(rows[-1]["mono_s"])
te = [float(r["te_ns"]) for r in rows if t_end - float(r["mono_s"]) <= 10]
mean_te = sum(te) / len(te)
spread = max(abs(x - mean_te) for x in te)
mean_raw = sum(raw_last) / len(raw_last)
err = abs(mean_raw - mean_te)
print(f"  [{sys.argv[4]}] chronyc: state '{f[1]}', reach {f[5]}, offset {float(f[7]) * 1e9:.0f} ns; "
      f"{len(raw)} samples logged, raw offset over the last 10 s {mean_raw:.0f} ns; "
      f"ptpdk TE {mean_te:.0f} ns (max deviation {spread:.0f} ns); |raw - TE| = {err:.0f} ns")
# The raw offsets and TE are samples of one quantity at different instants over the
# same 10 s, so they differ by at most TE's own spread over that window, plus the
# error of each reading: ptpdk-sync's read of CLOCK_REALTIME sits in a TSC bracket
# (its "delay"), and TE is read in a clock bracket (truth_window_ns); half of each.
sync_delay = [float(m.group(1)) for m in
              (re.search(r" delay +(-?[0-9]+)", l) for l in open(sys.argv[5])) if m]
truth = max((float(r.get("truth_window_ns") or 0) for r in rows), default=0.0)
bound = spread + max(sync_delay, default=0.0) / 2 + truth / 2
print(f"  [{sys.argv[4]}] bound {bound:.0f} ns (TE spread {spread:.0f}, ptpdk-sync bracket max "
      f"{max(sync_delay, default=0.0):.0f}, truth bracket max {truth:.0f})")
if reach == 0 or err > bound:
    sys.exit(1)
PY
		fail "[$1] chronyd refclock"
}

# A new "invalid" line in a ptpdk-sync log (more than BEFORE of them), within 1 s of
# the kill.
check_invalid() { # TAG KILL_MONO BEFORE
	local log="$work/sync-$1.log" t i
	for ((i = 0; i < 30; i++)); do
		[ "$(grep -c ': invalid' "$log")" -gt "$3" ] && break
		sleep 0.1
	done
	[ "$(grep -c ': invalid' "$log")" -gt "$3" ] ||
		{ fail "[$1] ptpdk-sync never reported invalid"; return; }
	t=$(grep ': invalid' "$log" | tail -1 | sed -n 's/^ptpdk-sync\[\([0-9.]*\)\].*/\1/p')
	/usr/bin/python3 - "$2" "$t" "$1" <<'PY' || fail "[$1] invalid too late or before the kill"
import sys
k, t = float(sys.argv[1]), float(sys.argv[2] or "nan")
d = t - k
print(f"  [{sys.argv[3]}] ptpdk-sync reported invalid {d * 1e3:.0f} ms after SIGKILL")
sys.exit(0 if 0 <= d < 1.0 else 1)
PY
}

invalid_lines() { grep -c ': invalid' "$work/sync-$1.log"; }

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
$lab gm start --ns gm1 --sync-log -4 >/dev/null || { echo "FAIL: gm start"; exit 1; }

echo "case sock"
start_ptpdk 1
start_chronyd sock "refclock SOCK $work/chrony-sock.sock refid PTPD poll 0"
start_sync sock --chrony-sock "$work/chrony-sock.sock"
wait_for "$work/sync-sock.log" 90 'CLOCK_REALTIME ptpdk offset' || fail "[sock] ptpdk-sync sent nothing"
sleep 25
check_chrony sock 1
n_sock=$(invalid_lines sock)
[ "$n_sock" -eq 0 ] || fail "[sock] invalid before the kill"
kill_at=$(kill_ptpdk)
check_invalid sock "$kill_at" "$n_sock"

echo "case shm"
start_ptpdk 2
wait_for "$work/sync-sock.log" 30 'new generation' || fail "[shm] ptpdk-sync did not follow the restart"
start_chronyd shm "refclock SHM $shm_unit refid PTPD poll 0"
start_sync shm --ntp-shm "$shm_unit"
wait_for "$work/sync-shm.log" 90 'CLOCK_REALTIME ptpdk offset' || fail "[shm] ptpdk-sync wrote nothing"
sleep 25
check_chrony shm 2
grep -q 'clock 0: valid' "$work/sync-sock.log" || fail "[shm] the SOCK feeder is not valid again after the restart"
n_sock=$(invalid_lines sock)
n_shm=$(invalid_lines shm)
kill_at=$(kill_ptpdk)
check_invalid shm "$kill_at" "$n_shm"
check_invalid sock "$kill_at" "$n_sock"

if [ $failed -ne 0 ]; then
	for f in "$work"/sync-*.log "$work"/ptpdk-*.log "$work"/chrony-*/chronyd.log "$work"/chrony-*/sources.txt; do
		echo "--- $f"
		grep -v 'master offset' "$f" | tail -15
	done
	exit 1
fi
echo "ok: chronyd accepted both feeds; writer death reported within 1 s"
