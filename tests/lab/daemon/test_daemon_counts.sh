#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: ptpdk on net_af_packet, on the DUT veth of the netns lab, receives a real
# ptp4l grandmaster's traffic plus crafted frames (valid L2+VLAN and UDPv6 messages,
# seven kinds of malformed message) and must count every PTP frame exactly as tshark
# sees it on the same interface: PTP by message type, drops by reason. The capture
# runs inside ptpdk's lifetime, so for frames that are not PTP (the namespaces' own
# IPv6 and ARP chatter, which can come at any moment) ptpdk's count may exceed the
# capture's by what arrived outside the capture window, never fall below it.
# usage: test_daemon_counts.sh REPO PTPDK
set -u
repo=$1
ptpdk=$2
[ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
ip netns list >/dev/null 2>&1 || { echo "no network namespaces: skipped"; exit 77; }
for tool in ptp4l tcpdump tshark; do
  command -v $tool >/dev/null || { echo "$tool missing: skipped (run scripts/setup)"; exit 77; }
done
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import scapy' 2>/dev/null ||
  { echo "python3-scapy missing: skipped"; exit 77; }

prefix="dc$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-daemon-lab.XXXXXX)
lab="$repo/scripts/lab --prefix $prefix"
send="$repo/scripts/ptp-send"
ptpdk_pid="" cap_pid=""
cleanup() {
  [ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
  [ -n "$cap_pid" ] && kill "$cap_pid" 2>/dev/null && wait "$cap_pid" 2>/dev/null
  $lab down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; [ -f "$work/ptpdk.log" ] && tail -40 "$work/ptpdk.log"; exit 1; }

$lab up >/dev/null || fail "lab up"
dut="$prefix-dut"

"$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
  --vdev "net_af_packet0,iface=$dut" --log-level '*:warning' -- \
  -i net_af_packet0 -s -2 --domainNumber 99 --compact --idle-sleep-us 50 --duration 120 --latency --shm_export 0 \
  --stats-json "$work/stats.json" >"$work/ptpdk.log" 2>&1 &
ptpdk_pid=$!
# Start-up (EAL, TSC calibration, ports) takes well under a second on an idle machine
# but was seen beyond 10 s on a saturated one: allow 60 s. ptpdk ignores SIGINT until
# its handler is in place (a background job of a script), so a slow start is waited for.
for _ in $(seq 1 600); do
  grep -q "lcore .*engine" "$work/ptpdk.log" 2>/dev/null && break
  kill -0 "$ptpdk_pid" 2>/dev/null || fail "ptpdk exited at start"
  sleep 0.1
done
grep -q "lcore .*engine" "$work/ptpdk.log" || fail "ptpdk did not start"
grep -q "stamps software" "$work/ptpdk.log" || fail "af_packet should report software stamps"
tcpdump -i "$dut" -U -w "$work/dut.pcap" >/dev/null 2>"$work/tcpdump.log" &
cap_pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$work/tcpdump.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "listening on" "$work/tcpdump.log" || fail "tcpdump did not start"
sleep 1

$lab gm start --ns gm1 --impl ptp4l --transport udp4 --delay e2e --sync-log -2 \
  >"$work/gm.log" 2>&1 || fail "grandmaster did not start: $(cat "$work/gm.log")"
sleep 4
# Crafted frames from the peer: valid ones in other encapsulations, then malformed.
ns="$prefix-peer"
"$send" --netns "$ns" --iface lab0 -q --transport l2 --vlan 5 --msg sync --count 3 ||
  fail "ptp-send l2"
"$send" --netns "$ns" --iface lab0 -q --transport udp6 --src 2001:2::13 --msg announce \
  --count 2 || fail "ptp-send udp6"
for kind in truncated bad-version length-mismatch bad-tlv-length unknown-type wrong-port \
  bad-timestamp; do
  msg=sync
  [ "$kind" = bad-tlv-length ] && msg=announce
  "$send" --netns "$ns" --iface lab0 -q --transport udp4 --src 198.18.0.13 \
    --smac 02:00:00:00:15:99 --msg $msg --malformed "$kind" --count 2 ||
    fail "ptp-send --malformed $kind"
done
sleep 2
$lab gm stop >/dev/null 2>&1
sleep 1
kill -INT "$cap_pid"
wait "$cap_pid" 2>/dev/null
cap_pid=""
sleep 0.5
kill -INT "$ptpdk_pid"
wait "$ptpdk_pid" || fail "ptpdk exit status"
ptpdk_pid=""

/usr/bin/python3 - "$work/stats.json" "$work/dut.pcap" <<'PY' || fail "counts differ"
import json, subprocess, sys, collections
stats = json.load(open(sys.argv[1]))
port = stats["ports"][0]
rx = port["rx"]
out = subprocess.run(["tshark", "-r", sys.argv[2], "-T", "fields", "-E", "separator=|",
                      "-e", "eth.src", "-e", "ptp.v2.messagetype"],
                     capture_output=True, text=True, check=True).stdout.splitlines()
names = {0: "Sync", 1: "Delay_Req", 2: "Pdelay_Req", 3: "Pdelay_Resp", 8: "Follow_Up",
         9: "Delay_Resp", 10: "Pdelay_Resp_Follow_Up", 11: "Announce", 12: "Signaling",
         13: "Management"}
total = len(out)
malformed = sum(1 for l in out if l.startswith("02:00:00:00:15:99"))
ptp = collections.Counter()
for l in out:
    src, _, mtype = l.partition("|")
    if mtype and not src.startswith("02:00:00:00:15:99"):
        ptp[names[int(mtype, 0)]] += 1
errors = []
def want(what, got, expected, at_least=False):
    print(f"  {what:28} ptpdk {got:6}  tshark {expected:6}{'  (ptpdk >= tshark)' if at_least else ''}")
    if got != expected and not (at_least and got > expected):
        errors.append(what)
print("ptpdk vs tshark on the DUT interface:")
want("packets", rx["packets"], total, at_least=True)
want("ptp", rx["ptp"], sum(ptp.values()))
want("rejected", rx["rejected"] and sum(rx["rejected"].values()), malformed)
want("not_ptp", rx["not_ptp"], total - sum(ptp.values()) - malformed, at_least=True)
if rx["packets"] - total != rx["not_ptp"] - (total - sum(ptp.values()) - malformed):
    errors.append("frames outside the capture window that are PTP")
want("not_for_us", rx["not_for_us"], 0)
for t in sorted(set(ptp) | set(rx["by_type"])):
    want(t, rx["by_type"].get(t, 0), ptp[t])
want("engine events", stats["engine"]["events"], sum(ptp.values()))
want("ring_full", rx["ring_full"], 0)
if malformed != 14:
    errors.append(f"expected 14 malformed frames on the wire, saw {malformed}")
expect_reasons = {"truncated": 4, "bad_version": 2, "bad_tlv_length": 2, "unknown_type": 2,
                  "wrong_port": 2, "bad_timestamp": 2}
print("  rejected by reason:", rx["rejected"])
if rx["rejected"] != expect_reasons:
    errors.append(f"reasons {rx['rejected']} != {expect_reasons}")
if ptp["Sync"] < 10 or ptp["Announce"] < 2:
    errors.append("too little grandmaster traffic to mean anything")
lat = stats["engine"].get("latency_ns")
if not lat or lat["count"] != stats["engine"]["events"]:
    errors.append("latency histogram does not cover every event")
if errors:
    print("mismatch:", ", ".join(errors))
    sys.exit(1)
PY
echo "ok: ptpdk counted the DUT interface's traffic as tshark did"
