#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark: ptpdk as a slave next to ptp4l's software-stamp floor, one run, one link.
# A ptp4l -S grandmaster (UDPv4, E2E, 16 Sync/s; its clock is CLOCK_REALTIME) serves:
#  - ptpdk on net_af_packet (DUT veth) disciplining its TSC clock with the ptpdk servo
#    (config/lab-software.cfg); its true TE = its clock - CLOCK_REALTIME read together;
#  - ptp4l -S with free_running 1 in the peer namespace: it adjusts nothing (it may not
#    steer this machine's clock), so its raw offsets are its measurement error, the
#    floor that kernel software stamps give.
# Prints RMS, mean, p99 and max of both after a warm-up; never fails on a timing.
#   bench/slave_side_by_side.sh [BUILD_DIR] [SECONDS] [WARMUP_SECONDS]   (root)
bench_name=slave_side_by_side
default_seconds=300
. "$(dirname "$0")/lab-bench.sh"
warmup=${3:-60}
# The grandmaster and the comparison slave share CPU 0 with the kernel's softirqs;
# ptpdk polls on lcore 1.
taskset -c 0 $lab gm start --ns gm2 --transport udp4 --delay e2e --sync-log -4 >/dev/null || exit 1

start_ptp4l_observer -4
"$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
  --vdev "net_af_packet0,iface=$prefix-dut" --log-level '*:warning' -- \
  -f "$repo/config/lab-software.cfg" -i net_af_packet0 -4 -E --compact -q -m \
  --samples-file "$work/ptpdk-samples.csv" --duration "$seconds" --stats-json "$work/ptpdk.json" \
  >"$work/ptpdk.log" 2>&1 &
ptpdk_pid=$!
pids+=($ptpdk_pid)
wait "$ptpdk_pid"

echo "slave_side_by_side: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $seconds s (first $warmup s excluded), ptp4l -S GM UDPv4 E2E 16 Sync/s"
/usr/bin/python3 - "$work/ptpdk-samples.csv" "$work/ptp4l-slave.log" "$warmup" <<'PY'
import csv, math, re, sys

warmup = float(sys.argv[3])

def stats(name, t, x):
    if not x:
        print(f"{name:44} no samples"); return
    t0 = t[0]
    x = [v for a, v in zip(t, x) if a - t0 >= warmup]
    if len(x) < 10:
        print(f"{name:44} too few samples after the warm-up ({len(x)})"); return
    mags = sorted(abs(v) for v in x)
    rms = math.sqrt(sum(v * v for v in x) / len(x))
    p99 = mags[max(0, math.ceil(0.99 * len(mags)) - 1)]
    print(f"{name:44} n {len(x):5}  RMS {rms:7.0f} ns  mean {sum(x)/len(x):+7.0f} ns  "
          f"p99|x| {p99:7.0f} ns  max|x| {mags[-1]:7.0f} ns")

t, te = [], []
for row in csv.DictReader(open(sys.argv[1])):
    if row["te_ns"] != "nan":
        t.append(float(row["mono_s"])); te.append(float(row["te_ns"]))
stats("ptpdk true TE (clock - CLOCK_REALTIME)", t, te)

# ptp4l with summary_interval = the Sync interval: one "rms" line per sample, whose
# rms and max are that sample's |offset|; the sign comes from "master offset" lines
# when present.
t2, off = [], []
for line in open(sys.argv[2]):
    m = re.search(r"ptp4l\[([0-9.]+)\]: (?:master offset\s+(-?\d+)|rms\s+(\d+))", line)
    if m:
        t2.append(float(m.group(1)))
        off.append(float(m.group(2) if m.group(2) is not None else m.group(3)))
stats("ptp4l -S free_running raw offset", t2, off)
PY
