#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: Debian's own pmc (linuxptp) manages ptpdk through its Unix sockets.
# ptpdk runs on a kernel-socket port of the lab's DUT veth, slaveOnly 0, and follows
# the lab's ptp4l grandmaster gm1 (priority1 10). Then:
#   - every GET pmc knows that ptpdk answers is asked; the answers are compared with
#     what ptpdk itself reports: its samples file (each offset and path delay it
#     measured), its stats JSON, its identity and configuration, gm1's identity;
#   - the read-only socket answers GETs and refuses a SET (NOT_SETABLE);
#   - an id ptpdk does not support gets MANAGEMENT_ERROR_STATUS NOT_SUPPORTED;
#   - DPDK telemetry (dpdk-telemetry.py) shows the same clock, port state and counters;
#   - SET PRIORITY1 5 (better than gm1's 10) is acknowledged with the new value and
#     moves the BMCA: ptpdk's port goes to MASTER and its parent is itself.
# usage: test_pmc.sh REPO PTPDK   (KEEP_WORK=1 keeps the logs in /tmp/ptpdk-pmc-lab.*)
set -u
repo=$1
ptpdk=$2
. "$repo/tests/lab/preflight.sh"
. "$repo/tests/lab/mgmt/pmc_lib.sh"
lab_require ptp4l pmc

prefix="pm$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-pmc-lab.XXXXXX)
lab="$repo/scripts/lab --prefix $prefix"
ptpdk_pid=""
cleanup() {
  [ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
  $lab down >/dev/null 2>&1
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
eval "$($lab env)"
ptpdk_id=$(mac_id "$LAB_DUT_MAC")
gm1_id=$(mac_id "$LAB_GM1_MAC")
rw="$work/ptpdk.sock" ro="$work/ptpdk-ro.sock"

$lab gm start --ns gm1 --sync-log -3 >/dev/null || { echo "FAIL: gm1"; exit 1; }
"$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
  --log-level '*:warning' -- -f "$repo/config/lab-kernel.cfg" -i "kernel:$LAB_DUT" \
  --slaveOnly 0 --compact -q -m --shm_export 0 --duration 45 \
  --uds_address "$rw" --uds_ro_address "$ro" --userDescription 'lab DUT;rack 1' \
  --samples-file "$work/samples.csv" --stats-json "$work/stats.json" >"$work/ptpdk.log" 2>&1 &
ptpdk_pid=$!
sleep 15

# One GET (or SET) through SOCKET; prints pmc's output, asked again when the answer
# came too late for pmc's 100 ms window (pmc_lib.sh).
pmc_do() { # SOCKET COMMAND
  pmc_retry "$work/pmc-retries.txt" "$2" 'RESPONSE MANAGEMENT' pmc -u -s "$1" -b 0 "$2"
}
# The value of FIELD in the answer to GET ID on the read-write socket.
get() { # ID FIELD
  pmc_do "$rw" "GET $1" | awk -v f="$2" '$1 == f { print $2; exit }'
}

grep -q 'UNCALIBRATED to SLAVE' "$work/ptpdk.log" || fail "ptpdk never locked to gm1"
# The clock.
[ "$(get DEFAULT_DATA_SET clockIdentity)" = "$ptpdk_id" ] || fail "DEFAULT_DATA_SET clockIdentity"
[ "$(get DEFAULT_DATA_SET priority1)" = 128 ] || fail "DEFAULT_DATA_SET priority1"
[ "$(get DEFAULT_DATA_SET slaveOnly)" = 0 ] || fail "DEFAULT_DATA_SET slaveOnly"
[ "$(get DEFAULT_DATA_SET numberPorts)" = 1 ] || fail "DEFAULT_DATA_SET numberPorts"
[ "$(get DEFAULT_DATA_SET domainNumber)" = 0 ] || fail "DEFAULT_DATA_SET domainNumber"
[ "$(get PRIORITY2 priority2)" = 128 ] || fail "PRIORITY2"
[ "$(get DOMAIN domainNumber)" = 0 ] || fail "DOMAIN"
[ "$(get SLAVE_ONLY slaveOnly)" = 0 ] || fail "SLAVE_ONLY"
[ "$(get CURRENT_DATA_SET stepsRemoved)" = 1 ] || fail "CURRENT_DATA_SET stepsRemoved"
# Its parent: gm1.
[ "$(get PARENT_DATA_SET grandmasterIdentity)" = "$gm1_id" ] || fail "PARENT_DATA_SET grandmasterIdentity"
[ "$(get PARENT_DATA_SET parentPortIdentity)" = "$gm1_id-1" ] || fail "PARENT_DATA_SET parentPortIdentity"
[ "$(get PARENT_DATA_SET grandmasterPriority1)" = 10 ] || fail "PARENT_DATA_SET grandmasterPriority1"
[ "$(get TIME_STATUS_NP gmIdentity)" = "$gm1_id" ] || fail "TIME_STATUS_NP gmIdentity"
[ "$(get TIME_STATUS_NP gmPresent)" = true ] || fail "TIME_STATUS_NP gmPresent"
# ptp4l -S announces the ARB timescale (flags 0) with UTC offset 37.
[ "$(get TIME_PROPERTIES_DATA_SET ptpTimescale)" = 0 ] || fail "TIME_PROPERTIES_DATA_SET ptpTimescale"
[ "$(get TIME_PROPERTIES_DATA_SET currentUtcOffset)" = 37 ] || fail "TIME_PROPERTIES_DATA_SET currentUtcOffset"
# The port.
# Following gm1: SLAVE, or UNCALIBRATED while the servo re-acquires after a burst of
# late stamps on a loaded machine; both are ptpdk's own state of the moment.
case "$(get PORT_DATA_SET portState)" in
  SLAVE | UNCALIBRATED) ;;
  *) fail "PORT_DATA_SET portState: $(get PORT_DATA_SET portState)" ;;
esac
[ "$(get PORT_DATA_SET portIdentity)" = "$ptpdk_id-1" ] || fail "PORT_DATA_SET portIdentity"
[ "$(get PORT_DATA_SET delayMechanism)" = 1 ] || fail "PORT_DATA_SET delayMechanism"
[ "$(get PORT_DATA_SET logSyncInterval)" = -3 ] || fail "PORT_DATA_SET logSyncInterval (gm1's)"
[ "$(get LOG_ANNOUNCE_INTERVAL logAnnounceInterval)" = 1 ] || fail "LOG_ANNOUNCE_INTERVAL"
[ "$(get ANNOUNCE_RECEIPT_TIMEOUT announceReceiptTimeout)" = 3 ] || fail "ANNOUNCE_RECEIPT_TIMEOUT"
[ "$(get VERSION_NUMBER versionNumber)" = 2 ] || fail "VERSION_NUMBER"
[ "$(get PORT_PROPERTIES_NP interface)" = "kernel:$LAB_DUT" ] || fail "PORT_PROPERTIES_NP interface"
[ "$(get PORT_PROPERTIES_NP timestamping)" = SOFTWARE ] || fail "PORT_PROPERTIES_NP timestamping"
[ "$(get USER_DESCRIPTION userDescription)" = "lab" ] || fail "USER_DESCRIPTION (first word)"
pmc_do "$rw" 'GET USER_DESCRIPTION' | grep -q 'lab DUT;rack 1' || fail "USER_DESCRIPTION text"
pmc_do "$rw" 'GET CLOCK_DESCRIPTION' >"$work/cd.txt"
grep -q 'clockType *0x8000' "$work/cd.txt" || fail "CLOCK_DESCRIPTION clockType"
grep -qi "physicalAddress *${LAB_DUT_MAC}" "$work/cd.txt" || fail "CLOCK_DESCRIPTION physicalAddress"
grep -q 'protocolAddress *1 198.18.0.2' "$work/cd.txt" || fail "CLOCK_DESCRIPTION protocolAddress"
# pmc 3.1 prints no name for a NULL_MANAGEMENT response.
pmc_do "$rw" 'GET NULL_MANAGEMENT' | grep -q "^	$ptpdk_id-0 seq 0 RESPONSE MANAGEMENT *\$" ||
  fail "NULL_MANAGEMENT"
# Measured values: each must be one ptpdk measured (its samples file has them all).
offset=$(get TIME_STATUS_NP master_offset)
delay=$(get CURRENT_DATA_SET meanPathDelay)
rxsync=$(pmc_do "$rw" 'GET PORT_STATS_NP' | awk '$1 == "rx_Sync" { print $2 }')

# DPDK telemetry (dpdk-telemetry.py, from DPDK): the same clock, port and counters.
if [ -x /usr/bin/dpdk-telemetry.py ]; then
  printf '/ptpdk/status\n/ptpdk/ports\n/ptpdk/counters,0\n' |
    /usr/bin/python3 /usr/bin/dpdk-telemetry.py -f "$prefix" >"$work/telemetry.txt" 2>&1
  /usr/bin/python3 - "$work/telemetry.txt" "$gm1_id" "$prefix" <<'EOF' || fail "telemetry: $(cut -c1-300 "$work/telemetry.txt")"
import json, sys
answers = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        answers.update(json.loads(line))
# dpdk-telemetry.py prints the command's own name as the key of each answer
status, ports, counters = answers.get("/ptpdk/status"), answers.get("/ptpdk/ports"), answers.get("/ptpdk/counters")
assert status["grandmaster"] == sys.argv[2], status
assert status["instance"] == sys.argv[3], status
assert status["steps_removed"] == 1 and status["clock_state"] == "LOCKED", status
assert ports["0/state"] == "SLAVE", ports
assert counters["rx/by_type/Sync"] > 0 and counters["e2e/offset_samples"] > 0, counters
EOF
fi

# The read-only socket: GETs yes, SETs no. (pmc 3.1 prints an error status without its
# id; the ids themselves are checked in tests/unit/test_mgmt.c.)
[ "$(pmc_do "$ro" 'GET PRIORITY1' | awk '$1 == "priority1" { print $2 }')" = 128 ] ||
  fail "read-only socket: GET PRIORITY1"
pmc_do "$ro" 'SET PRIORITY1 5' | grep -q 'MANAGEMENT_ERROR_STATUS' ||
  fail "read-only socket: SET PRIORITY1 was not refused"
# An id pmc sends that ptpdk does not support.
pmc_do "$rw" 'GET SUBSCRIBE_EVENTS_NP' | grep -q 'RESPONSE MANAGEMENT_ERROR_STATUS' ||
  fail "GET SUBSCRIBE_EVENTS_NP: no error status"
[ "$(get PRIORITY1 priority1)" = 128 ] || fail "a refused SET changed priority1"

# SET on the read-write socket: acknowledged with the new value, and the BMCA moves.
pmc_do "$rw" 'SET PRIORITY1 5' >"$work/set.txt"
grep -q 'RESPONSE MANAGEMENT PRIORITY1' "$work/set.txt" && grep -q 'priority1 *5' "$work/set.txt" ||
  fail "SET PRIORITY1 5: $(tr '\n' ' ' <"$work/set.txt")"
# Better than gm1 now: the port passes through PRE_MASTER to MASTER within a few
# Announce intervals (1588 9.2.6.10); 8 s is four of them.
sleep 8
[ "$(get PORT_DATA_SET portState)" = MASTER ] || fail "after SET PRIORITY1 5 the port is not MASTER"
[ "$(get PARENT_DATA_SET grandmasterIdentity)" = "$ptpdk_id" ] ||
  fail "after SET PRIORITY1 5 the grandmaster is not ptpdk itself"
[ "$(get CURRENT_DATA_SET stepsRemoved)" = 0 ] || fail "after SET: stepsRemoved not 0"
grep -q 'management: PRIORITY1 set' "$work/ptpdk.log" || fail "ptpdk did not log the SET"

wait "$ptpdk_pid"
rc=$?
ptpdk_pid=""
[ $rc -eq 0 ] || fail "ptpdk exit status $rc"
awk -F, -v want="$offset" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "offset_ns") c = i; next }
  c && $c == want { found = 1 } END { exit !found }' "$work/samples.csv" ||
  fail "TIME_STATUS_NP master_offset '$offset' is not an offset ptpdk measured"
awk -F, -v want="${delay%.*}" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "delay_ns") c = i; next }
  c && $c == want { found = 1 } END { exit !found }' "$work/samples.csv" ||
  fail "CURRENT_DATA_SET meanPathDelay '$delay' is not a path delay ptpdk used"
final=$(grep -o '"Sync":[0-9]*' "$work/stats.json" | head -1 | cut -d: -f2)
[ -n "$rxsync" ] && [ "$rxsync" -gt 0 ] && [ "$rxsync" -le "${final:-0}" ] ||
  fail "PORT_STATS_NP rx_Sync '$rxsync' not within 1..'$final' (ptpdk's count at exit)"
echo "ptpdk $ptpdk_id followed $gm1_id: master_offset $offset ns and meanPathDelay $delay ns among its samples, rx_Sync $rxsync (of $final at exit); read-only socket refused SET; SET PRIORITY1 5 made it MASTER"
[ -f "$work/pmc-retries.txt" ] && echo "pmc asked again: $(wc -l <"$work/pmc-retries.txt") time(s)"
[ $failed -eq 0 ] || { grep -v 'master offset\|rms' "$work/ptpdk.log" | tail -20; cat "$work/pmc-retries.txt" 2>/dev/null; }
exit $failed
