#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark (prints figures, never fails on a timing): ptpdk as a unicast master of N
# clients through an in-memory port. The daemon runs with a net_memif server port
# (software TSC stamps, UDPv6, unicast_listen, inhibit_multicast_service, serverOnly),
# busy-polling RX, TX and the engine on one worker lcore (--compact, lcore 1);
# bench_ucast_load plays the N clients from the other CPU through a net_memif client
# (its own --file-prefix, --no-pci) and accounts every response.
# usage: bench/ucast_load.sh [BUILD] [CLIENTS] [SECONDS] [RING_SIZE] [MAX_STAMP_WINDOW]
#        (defaults: build 10000 10 4096 100000, the daemon's own ring_size and
#        max_stamp_window; a Delay_Req whose software RX stamp's window is wider than
#        max_stamp_window is not answered, and the daemon counts it)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
clients=${2:-10000}
secs=${3:-10}
ring=${4:-4096}
window=${5:-100000}
work=$(mktemp -d /tmp/ptpdk-ucast-load.XXXXXX)
sock="$work/memif.sock"
prefix="ucd$$"
ptpdk_pid=""
cleanup() {
  [ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
cat >"$work/server.cfg" <<EOF
[global]
time_stamping           software
shm_export              0
ring_size               $ring
max_stamp_window        $window
[net_memif0]
network_transport       UDPv6
ipv6_address            2001:2::1
serverOnly              1
logAnnounceInterval     0
announceReceiptTimeout  2
unicast_listen          1
unicast_max_clients     $clients
unicast_max_pps         0
inhibit_multicast_service 1
EOF
# The daemon: main lcore 0 (output), worker lcore 1; the generator on CPU 0 beside
# the daemon's main lcore, which sleeps between its lines.
"$build/app/ptpdk" -l 0-1 --no-pci --no-huge -m 1024 --no-shconf --file-prefix "$prefix" \
  --log-level '*:warning' --vdev "net_memif0,role=server,socket=$sock,mac=02:00:00:00:00:01" -- \
  -f "$work/server.cfg" -i net_memif0 --compact -q -E --instance "$prefix" \
  --run_dir "$work/run" --duration $((secs + 12)) --stats-json "$work/ptpdk.json" \
  >"$work/ptpdk.log" 2>&1 &
ptpdk_pid=$!
echo "ucast_load: $clients clients, $secs s, ring_size $ring, max_stamp_window $window ns," \
  "$(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$repo" rev-parse --short HEAD)"
sleep 4 # LISTENING for 2 s (announceReceiptTimeout 2 x 1 s), then MASTER
"$build/bench/bench_ucast_load" -l 0 --no-pci --no-huge -m 1024 --no-shconf \
  --file-prefix "ucl$$" --log-level '*:warning' \
  --vdev "net_memif0,role=client,socket=$sock,mac=02:00:00:00:00:02" -- \
  --clients "$clients" --seconds "$secs" --server-ip 2001:2::1 --server-mac 02:00:00:00:00:01 ||
  echo "bench_ucast_load failed: $?"
kill -INT "$ptpdk_pid" 2>/dev/null || true
wait "$ptpdk_pid" || true
ptpdk_pid=""
/usr/bin/python3 - "$work/ptpdk.json" "$work/ptpdk.log" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print(f"ptpdk: no stats JSON ({e}); its log:")
    print(open(sys.argv[2]).read()[-3000:])
    sys.exit(0)
e, c = d.get("engine", {}), d.get("clock", {})
p = d.get("ports", [{}])[0]
u = p.get("unicast_server", {})
print(f"  ptpdk: clients {p.get('unicast_clients')}, sent Sync {c.get('sync_sent')} Follow_Up "
      f"{c.get('follow_up_sent')} Announce {c.get('announce_sent')} Delay_Resp "
      f"{c.get('delay_resp_sent')}")
print(f"  ptpdk: engine tx_ring_full {e.get('tx_ring_full')}, RX stamps too wide "
      f"{e.get('rx_stamps_too_wide')}, TX stamps too wide {e.get('tx_stamps_too_wide')}, "
      f"tx_stamp_missing {c.get('tx_stamp_missing')}, server send_failed {u.get('send_failed')}, "
      f"port tx send_failed {p.get('tx', {}).get('send_failed')}, rx ring_full "
      f"{p.get('rx', {}).get('ring_full')}")
lc = d.get("lcore_cpu", {})
print(f"  ptpdk worker lcore off its CPU: {100 * lc.get('lost_share', 0):.1f} % of the run "
      f"(worst interval {100 * lc.get('worst_interval_share', 0):.1f} %): the run counts for "
      f"capacity only when this is small")
EOF
