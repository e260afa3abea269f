#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark 3: software timestamp quality, side by side on one veth lab link.
# A ptp4l -S grandmaster (UDPv4, E2E) serves two slaves in the same run:
#  - ptpdk on net_af_packet (DUT veth), --measure: raw E2E offsets of its free-running
#    TSC clock (no servo), TSC stamps at the poll;
#  - ptp4l -S with free_running 1 in the peer namespace: kernel software stamps.
# Both use a 10-sample moving-median path delay (ptp4l's default filter). Prints, for
# each, the spread of the offset samples raw and after removing a straight line (the
# free-running clocks drift against the grandmaster's); never fails on a timing.
#   bench/sw_stamp_quality.sh [BUILD_DIR] [SECONDS]      (root)
bench_name=sw_stamp_quality
default_seconds=60
. "$(dirname "$0")/lab-bench.sh"
taskset -c 0 $lab gm start --ns gm2 --transport udp4 --delay e2e --sync-log -2 >/dev/null || exit 1

start_ptp4l_observer -2
"$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
  --vdev "net_af_packet0,iface=$prefix-dut" --log-level '*:warning' -- \
  -i net_af_packet0 -s --compact --shm_export 0 --free_running 1 --ipv4 198.18.0.2 --logMinDelayReqInterval 0 -q \
  --samples-file "$work/ptpdk-samples.csv" --duration "$seconds" --stats-json "$work/ptpdk.json" \
  >"$work/ptpdk.log" 2>&1 &
ptpdk_pid=$!
pids+=($ptpdk_pid)
wait "$ptpdk_pid"

echo "sw_stamp_quality: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $seconds s, ptp4l -S GM UDPv4 E2E 4 Sync/s, 1 Delay_Req/s each"
/usr/bin/python3 - "$work/ptpdk-samples.csv" "$work/ptp4l-slave.log" <<'PY'
import csv, re, statistics, sys

def ptpdk_series(path):
    t, x = [], []
    for row in csv.DictReader(open(path)):
        t.append(float(row["mono_s"])); x.append(float(row["offset_ns"]))
    return t, x

def ptp4l_series(path):
    t, x = [], []
    pat = re.compile(r"ptp4l\[([0-9.]+)\]: master offset\s+(-?\d+)")
    for line in open(path):
        m = pat.search(line)
        if m:
            t.append(float(m.group(1))); x.append(float(m.group(2)))
    return t, x

def p99_abs(values):
    v = sorted(abs(a) for a in values)
    return v[min(len(v) - 1, int(0.99 * len(v)))] if v else float("nan")

def describe(name, t, x):
    t, x = t[10:], x[10:]  # both delay filters warm up over the first samples
    if len(x) < 20:
        print(f"{name:30} too few samples ({len(x)})"); return
    mean = statistics.fmean(x)
    sd = statistics.pstdev(x)
    tm = statistics.fmean(t)
    slope = sum((a - tm) * (b - mean) for a, b in zip(t, x)) / sum((a - tm) ** 2 for a in t)
    resid = [b - (mean + slope * (a - tm)) for a, b in zip(t, x)]
    print(f"{name:30} n {len(x):4}  mean {mean:9.0f} ns  sd {sd:7.0f} ns  p99|x-mean| "
          f"{p99_abs([v - mean for v in x]):7.0f} ns | detrended: slope {slope:+8.1f} ns/s  "
          f"sd {statistics.pstdev(resid):6.0f} ns  p99|r| {p99_abs(resid):6.0f} ns")

describe("ptpdk (TSC stamp at poll)", *ptpdk_series(sys.argv[1]))
describe("ptp4l -S free_running slave", *ptp4l_series(sys.argv[2]))
PY
