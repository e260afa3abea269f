#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark (prints figures, never fails on a timing): a ptp4l slave's offsets when it
# follows ptpdk as grandmaster against when it follows a ptp4l grandmaster, in one run
# on the same lab switch, the masters taking turns (ptp4l, ptpdk on a kernel-socket
# port, ptpdk on DPDK's net_af_packet; ROUNDS times, so that a slow drift of the
# machine's load shows up as a difference between rounds, not between masters).
#
# The slave is the lab's observer: ptp4l -S with free_running 1 in the peer namespace,
# its clock CLOCK_REALTIME. Every master serves CLOCK_REALTIME: the ptp4l grandmaster
# its own, ptpdk through `time_reference system` (CLOCK_REALTIME traced through the
# TSC into its clock). So the observer's "master offset" is its raw measurement of
# (master's served time - CLOCK_REALTIME), both stamp ends in software. Per window,
# after the observer's first 10 s: samples, raw rms, rms and p99 of the residual
# about a fitted line (the line removes a constant or slowly drifting error), mean
# path delay. Sync 8/s everywhere.
# usage: bench/master_side_by_side.sh [BUILD] [SECONDS-PER-WINDOW] [ROUNDS]
#        (root; default build 60 2)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$repo/build}
secs=${2:-60}
rounds=${3:-2}
[ "$(id -u)" -eq 0 ] || { echo "needs root (network namespaces)"; exit 1; }
prefix="msb$$"
prefix=${prefix:0:11}
lab="$repo/scripts/lab --prefix $prefix"
work=$(mktemp -d /tmp/ptpdk-master-sbs.XXXXXX)
ptpdk_pid=""
cleanup() {
  [ -n "$ptpdk_pid" ] && kill -INT "$ptpdk_pid" 2>/dev/null && wait "$ptpdk_pid" 2>/dev/null
  $lab observer stop >/dev/null 2>&1 || true
  $lab down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
$lab up >/dev/null
eval "$($lab env)"

# The observer's samples after its first 10 s: n, raw rms, residual rms, residual
# p99 of |r|, mean path delay (ns).
judge() { # LOG
  /usr/bin/python3 - "$1" <<'EOF'
import re, sys
rows = []
for line in open(sys.argv[1]):
    m = re.search(r"ptp4l\[([\d.]+)\]: master offset\s+(-?\d+) s\d freq\s+\S+ path delay\s+(-?\d+)", line)
    if m:
        rows.append((float(m.group(1)), int(m.group(2)), int(m.group(3))))
if len(rows) < 3:
    print("0 - - - -")
    sys.exit()
rows = [r for r in rows if r[0] >= rows[0][0] + 10] or rows
n = len(rows)
xs = [r[0] for r in rows]
ys = [r[1] for r in rows]
mx, my = sum(xs) / n, sum(ys) / n
sxx = sum((x - mx) ** 2 for x in xs) or 1.0
b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
res = sorted(abs(y - (my + b * (x - mx))) for x, y in zip(xs, ys))
rms = (sum(v * v for v in res) / n) ** 0.5
raw = (sum(y * y for y in ys) / n) ** 0.5
p99 = res[min(n - 1, int(0.99 * n))]
print(n, round(raw), round(rms), round(p99), round(sum(r[2] for r in rows) / n))
EOF
}

# Observe the master that is running for $secs s; prints the window's figures.
observe() { # NAME
  local log
  log=$($lab observer start --transport udp4 --delay e2e 2>/dev/null) || { echo "$1: observer did not start"; return; }
  sleep "$secs"
  cp "$log" "$work/$1.obs"
  $lab observer stop >/dev/null 2>&1
  read -r n raw rms p99 delay <<<"$(judge "$work/$1.obs")"
  printf '  %-16s samples %3s  raw rms %6s ns  residual rms %6s ns  p99 %6s ns  path delay %6s ns\n' \
    "$1" "$n" "$raw" "$rms" "$p99" "$delay"
}

run_ptp4l() { # ROUND
  $lab gm start --ns gm1 --sync-log -3 >/dev/null
  observe "ptp4l-gm#$1"
  $lab gm stop >/dev/null 2>&1
}

run_ptpdk() { # NAME ROUND EAL-ARGS... -- PTPDK-ARGS...
  local name=$1 round=$2 eal=()
  shift 2
  while [ "$1" != -- ]; do eal+=("$1"); shift; done
  shift
  "$build/app/ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
    "${eal[@]}" --log-level '*:warning' -- "$@" --slaveOnly 0 --priority1 50 \
    --logSyncInterval -3 --compact -q -m --shm_export 0 --time_reference system \
    --duration $((secs + 12)) >"$work/$name.log" 2>&1 &
  ptpdk_pid=$!
  sleep 8 # LISTENING for the announce timeout, then MASTER
  observe "$name#$round"
  wait "$ptpdk_pid" || true
  ptpdk_pid=""
}

echo "ptp4l slave (free_running, software stamps) following each master in turn, $secs s each, $rounds rounds"
echo "($(date -u +%FT%TZ), $(nproc) CPUs, commit $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown))"
for ((r = 1; r <= rounds; r++)); do
  run_ptp4l "$r"
  run_ptpdk ptpdk-kernel "$r" -- -f "$repo/config/lab-kernel.cfg" -i "kernel:$LAB_DUT" -4 -E
  run_ptpdk ptpdk-dpdk "$r" --vdev "net_af_packet0,iface=$LAB_DUT" -- \
    -f "$repo/config/lab-software.cfg" -i net_af_packet0 -4 -E
done
