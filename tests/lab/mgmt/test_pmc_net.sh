#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: Debian's own pmc (linuxptp) manages ptpdk over the network, from the lab's
# peer namespace, in the three transports: -4 (UDPv4), -2 (Ethernet) and -6 (UDPv6;
# the lab has IPv6 on the peer's link, and ptpdk frames from the address its config
# gives). ptpdk A runs on the DUT veth (UDPv4 for its own PTP, slaveOnly 0) and
# follows the lab's ptp4l grandmaster gm1; ptpdk B on the second DUT veth has
# network_management 0. Then:
#   - A answers every GET addressed to it (pmc's TARGET) in each transport, with
#     -b 0 and -b 1; the answers are compared with what A says on its own Unix socket
#     (whole data sets where they hold still, fields where they move), with facts the
#     lab fixes (identities from MACs, gm1's priority1 and Sync interval), and the
#     offset with the ones A measured (its samples file);
#   - a request to every clock (TARGET *) is answered by A and by gm1's ptp4l;
#   - another domain (-d 1) gets no answer;
#   - SET PRIORITY1 is refused (MANAGEMENT_ERROR_STATUS; the id, NOT_SUPPORTED, is
#     checked in tests/unit/test_mgmt_net.c) and changes nothing;
#   - B (network_management 0) never answers;
#   - ptpdk C (network_management_set 1) on the second veth after B: SET PRIORITY1
#     is answered with the new value and GET shows it, over the network and on C's
#     socket;
#   - the netmgmt counters in each instance's stats JSON agree with what pmc saw.
# usage: test_pmc_net.sh REPO PTPDK   (KEEP_WORK=1 keeps the logs in /tmp/ptpdk-pmcnet-lab.*)
set -u
repo=$1
ptpdk=$2
. "$repo/tests/lab/preflight.sh"
. "$repo/tests/lab/mgmt/pmc_lib.sh"
lab_require ptp4l pmc

prefix="pn$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-pmcnet-lab.XXXXXX)
lab="$repo/scripts/lab --prefix $prefix"
pids=""
cleanup() {
  local p
  for p in $pids; do
    kill -INT "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  $lab down >/dev/null 2>&1
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }
notes="$work/pmc-retries.txt"

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
eval "$($lab env)"
a_id=$(mac_id "$LAB_DUT_MAC")
b_id=$(mac_id "$LAB_DUT2_MAC")
gm1_id=$(mac_id "$LAB_GM1_MAC")
mkdir -p "$work/run"

# Both lcores of each instance on CPU 0 and an idle engine asleep (as the prometheus
# test runs two instances): the instances must not starve each other or gm1.
start() { # NAME IFACE LOG [FLAGS...]
  local name=$1 iface=$2 log=$3
  shift 3
  "$ptpdk" --lcores '0@0,1@0' --no-pci --no-huge -m 256 --no-shconf --file-prefix "$name" \
    --log-level '*:warning' -- -f "$repo/config/lab-kernel.cfg" -i "kernel:$iface" \
    --compact -q -m --idle-sleep-us 50 --run_dir "$work/run" --shm_export 0 \
    --uds_ro_address '' --stats-json "$work/$name.json" "$@" >"$log" 2>&1 &
  started=$!
  pids="$pids $started"
}
stop() { # PID: SIGINT, as an operator would; the stats JSON is written at exit
  kill -INT "$1" 2>/dev/null
  wait "$1"
  local rc=$?
  pids=$(tr ' ' '\n' <<<"$pids" | grep -vx "$1" | tr '\n' ' ')
  return $rc
}

$lab gm start --ns gm1 --sync-log -3 >/dev/null || { echo "FAIL: gm1"; exit 1; }
start "${prefix}a" "$LAB_DUT" "$work/a.log" --slaveOnly 0 --network_management_set 0 \
  --uds_address "$work/a.sock" --samples-file "$work/a-samples.csv" --duration 150
a_pid=$started
start "${prefix}b" "$LAB_DUT2" "$work/b.log" --network_management 0 \
  --ipv4_address 198.18.0.3 --ipv6_address 2001:2::3 --uds_address '' --duration 150
b_pid=$started
# A locks within a few seconds of gm1's first Announce (pmc-interop waits as long).
sleep 15

# pmc in the peer namespace, to the clock TARGET (a port identity, or *), with
# FLAGS (transport, hops, domain); asked again when no answer from ANSWERER came.
net() { # ANSWERER FLAGS TARGET COMMAND
  local answerer=$1 flags=$2 target=$3 cmd=$4
  # shellcheck disable=SC2086  # FLAGS are pmc's options, one word each
  pmc_retry "$notes" "pmc $flags $cmd" "^	$answerer-[0-9]* seq [0-9]* RESPONSE" \
    ip netns exec "$LAB_NS_PEER" timeout 5 pmc $flags -i "$LAB_IF" "TARGET $target" "$cmd"
}
# A's answer to GET ID on its Unix socket: ptpdk's own view, the reference.
own() { # ID
  pmc_retry "$notes" "uds GET $1" 'RESPONSE MANAGEMENT' pmc -u -s "$work/a.sock" -b 0 "GET $1"
}

grep -q 'UNCALIBRATED to SLAVE' "$work/a.log" || fail "ptpdk A never locked to gm1"
answers=0 # GETs to A that pmc saw answered
offsets="" # the master_offset of each TIME_STATUS_NP answer
for tr in -4 -2 -6; do
  for hops in 0 1; do
    flags="$tr -b $hops -d 0"
    for id in DEFAULT_DATA_SET PARENT_DATA_SET TIME_PROPERTIES_DATA_SET; do
      got=$(net "$a_id" "$flags" "$a_id-65535" "GET $id")
      # Clock-level answers come from the ingress port (1), as ptp4l's do.
      grep -q "^	$a_id-1 seq [0-9]* RESPONSE MANAGEMENT $id" <<<"$got" ||
        { fail "pmc $flags GET $id: no answer from $a_id-1"; continue; }
      answers=$((answers + 1))
      # These data sets hold still while A follows gm1: the same lines as on its socket.
      [ "$(pmc_body "$a_id" <<<"$got")" = "$(own "$id" | pmc_body "$a_id")" ] ||
        fail "pmc $flags GET $id differs from A's own answer"
    done
    got=$(net "$a_id" "$flags" "$a_id-65535" "GET CURRENT_DATA_SET")
    [ "$(pmc_field "$a_id" stepsRemoved <<<"$got")" = 1 ] && answers=$((answers + 1)) ||
      fail "pmc $flags CURRENT_DATA_SET stepsRemoved"
    got=$(net "$a_id" "$flags" "$a_id-65535" "GET PORT_DATA_SET")
    [ "$(pmc_field "$a_id" portIdentity <<<"$got")" = "$a_id-1" ] && answers=$((answers + 1)) ||
      fail "pmc $flags PORT_DATA_SET portIdentity"
    # gm1's Sync interval (--sync-log -3), as A learnt it.
    [ "$(pmc_field "$a_id" logSyncInterval <<<"$got")" = -3 ] || fail "pmc $flags PORT_DATA_SET logSyncInterval"
    case "$(pmc_field "$a_id" portState <<<"$got")" in
      SLAVE | UNCALIBRATED) ;; # following gm1 (UNCALIBRATED while re-acquiring)
      *) fail "pmc $flags PORT_DATA_SET portState '$(pmc_field "$a_id" portState <<<"$got")'" ;;
    esac
    got=$(net "$a_id" "$flags" "$a_id-65535" "GET TIME_STATUS_NP")
    [ "$(pmc_field "$a_id" gmIdentity <<<"$got")" = "$gm1_id" ] && answers=$((answers + 1)) ||
      fail "pmc $flags TIME_STATUS_NP gmIdentity"
    offsets="$offsets $(pmc_field "$a_id" master_offset <<<"$got")"
  done
done
# Facts the lab fixes, once (the comparisons above carry them to every transport).
got=$(net "$a_id" "-4 -b 0" "$a_id-65535" "GET DEFAULT_DATA_SET")
[ "$(pmc_field "$a_id" clockIdentity <<<"$got")" = "$a_id" ] || fail "DEFAULT_DATA_SET clockIdentity"
[ "$(pmc_field "$a_id" priority1 <<<"$got")" = 128 ] || fail "DEFAULT_DATA_SET priority1"
[ "$(pmc_field "$a_id" domainNumber <<<"$got")" = 0 ] || fail "DEFAULT_DATA_SET domainNumber"
got=$(net "$a_id" "-4 -b 0" "$a_id-65535" "GET PARENT_DATA_SET")
[ "$(pmc_field "$a_id" grandmasterIdentity <<<"$got")" = "$gm1_id" ] || fail "PARENT_DATA_SET grandmasterIdentity"
[ "$(pmc_field "$a_id" grandmasterPriority1 <<<"$got")" = 10 ] || fail "PARENT_DATA_SET grandmasterPriority1"

# Every clock: A and gm1's ptp4l both answer (pmc prints both).
got=$(net "$a_id" "-4 -b 1" '*' "GET DEFAULT_DATA_SET")
grep -q "^	$a_id-1 seq.*RESPONSE MANAGEMENT DEFAULT_DATA_SET" <<<"$got" && answers=$((answers + 1)) ||
  fail "TARGET *: no answer from A"
grep -q "^	$gm1_id-1 seq.*RESPONSE MANAGEMENT DEFAULT_DATA_SET" <<<"$got" ||
  fail "TARGET *: no answer from gm1 (the lab's own reference)"
# A port of A's: port 1 answers; port 2 does not exist.
got=$(net "$a_id" "-2 -b 0" "$a_id-1" "GET PORT_DATA_SET")
[ "$(pmc_field "$a_id" portIdentity <<<"$got")" = "$a_id-1" ] && answers=$((answers + 1)) ||
  fail "TARGET $a_id-1: PORT_DATA_SET"
got=$(ip netns exec "$LAB_NS_PEER" timeout 5 pmc -2 -b 0 -i "$LAB_IF" "TARGET $a_id-2" "GET PORT_DATA_SET" 2>&1)
grep -q "$a_id.*RESPONSE" <<<"$got" && fail "TARGET $a_id-2 (no such port) was answered"
# Another domain: not A's to answer.
got=$(ip netns exec "$LAB_NS_PEER" timeout 5 pmc -4 -b 0 -d 1 -i "$LAB_IF" "TARGET *" "GET DEFAULT_DATA_SET" 2>&1)
grep -q "$a_id.*RESPONSE" <<<"$got" && fail "a request of domain 1 was answered"

# SET from the network with network_management_set 0: refused, nothing changes.
got=$(net "$a_id" "-4 -b 0" "$a_id-65535" "SET PRIORITY1 200")
grep -q "^	$a_id-1 seq [0-9]* RESPONSE MANAGEMENT_ERROR_STATUS" <<<"$got" ||
  fail "SET PRIORITY1 (network_management_set 0) not refused: $(tr '\n' ' ' <<<"$got")"
[ "$(own PRIORITY1 | pmc_field "$a_id" priority1)" = 128 ] || fail "a refused SET changed priority1"

# B, network_management 0: silence, asked three times in each transport.
for tr in -4 -2 -6; do
  for try in 1 2 3; do
    got=$(ip netns exec "$LAB_NS_PEER" timeout 5 pmc $tr -b 0 -i "$LAB_IF" "TARGET $b_id-65535" "GET DEFAULT_DATA_SET" 2>&1)
    grep -q "$b_id.*RESPONSE" <<<"$got" && fail "B (network_management 0) answered pmc $tr"
  done
done

stop "$a_pid" || fail "ptpdk A exit status $?"
stop "$b_pid" || fail "ptpdk B exit status $?"

# C: network_management_set 1, on B's veth. Its view is published from the start: no
# need to follow gm1 for a SET. 200 is worse than gm1's 10: the BMCA stays put.
c_id=$b_id
start "${prefix}c" "$LAB_DUT2" "$work/c.log" --network_management_set 1 \
  --ipv4_address 198.18.0.3 --ipv6_address 2001:2::3 --uds_address "$work/c.sock" --duration 60
c_pid=$started
sleep 3
got=$(net "$c_id" "-6 -b 1" "$c_id-65535" "SET PRIORITY1 200")
grep -q "^	$c_id-1 seq [0-9]* RESPONSE MANAGEMENT PRIORITY1" <<<"$got" &&
  [ "$(pmc_field "$c_id" priority1 <<<"$got")" = 200 ] ||
  fail "C: SET PRIORITY1 200 over the network: $(tr '\n' ' ' <<<"$got")"
got=$(net "$c_id" "-2 -b 0" "$c_id-65535" "GET DEFAULT_DATA_SET")
[ "$(pmc_field "$c_id" priority1 <<<"$got")" = 200 ] || fail "C: GET after SET: priority1 not 200"
[ "$(pmc_retry "$notes" "uds C" 'RESPONSE' pmc -u -s "$work/c.sock" -b 0 'GET PRIORITY1' |
  pmc_field "$c_id" priority1)" = 200 ] || fail "C: its own socket does not show priority1 200"
grep -q 'management: PRIORITY1 set' "$work/c.log" || fail "C did not log the SET"
stop "$c_pid" || fail "ptpdk C exit status $?"

# The counters (stats JSON "netmgmt"): what pmc saw, from each instance's side.
# Retries may add answers pmc missed, and ptp4l's answers to TARGET * count as
# not_request; nothing may be malformed, fail to go out or be lost between lcores.
/usr/bin/python3 - "$work/${prefix}a.json" "$work/${prefix}b.json" "$work/${prefix}c.json" \
  "$answers" <<'EOF' >"$work/counters.txt" 2>&1 || fail "counters: $(cat "$work/counters.txt")"
import json, sys
a, b, c = (json.load(open(p))["netmgmt"] for p in sys.argv[1:4])
answers = int(sys.argv[4])
print("A:", a)
print("B:", b)
print("C:", c)
assert a["answered"] >= answers, ("answered", a["answered"], answers)
assert a["refused_set"] >= 1 and a["wrong_domain"] >= 1 and a["not_for_us"] >= 1, a
assert a["not_request"] >= 1, a  # gm1's answer to TARGET *
assert a["requests"] == sum(a[k] for k in ("answered", "error_replies", "refused_set",
    "refused_command", "set_failed", "malformed", "not_request", "not_for_us")), a
for k in ("malformed", "oversized", "request_ring_full", "reply_failed", "reply_ring_full",
          "bad_elements", "disabled", "set_failed"):
    assert a[k] == 0, (k, a)
assert a["replies_sent"] >= a["answered"] + a["refused_set"], a
assert b["disabled"] >= 9 and b["requests"] == 0 and b["replies_sent"] == 0, b
assert c["answered"] >= 2 and c["refused_set"] == 0 and c["set_failed"] == 0, c
EOF

# The offsets A answered are offsets A measured.
for off in $offsets; do
  awk -F, -v want="$off" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "offset_ns") c = i; next }
    c && $c == want { found = 1 } END { exit !found }' "$work/a-samples.csv" ||
    fail "TIME_STATUS_NP master_offset '$off' is not an offset A measured"
done

echo "ptpdk $a_id answered $answers GETs over UDPv4, Ethernet and UDPv6 (-b 0 and 1), the same as on its socket; domain 1, a missing port and B (network_management 0) got no answer; SET refused on A, applied on C"
grep '^A:' "$work/counters.txt"
[ -f "$notes" ] && echo "pmc asked again: $(wc -l <"$notes") time(s)" && cat "$notes"
[ $failed -eq 0 ] || { tail -20 "$work/a.log"; cat "$work/counters.txt"; }
exit $failed
