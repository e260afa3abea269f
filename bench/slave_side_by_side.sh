#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Benchmark: three slaves of one grandmaster, side by side in one run, on one switch.
# A ptp4l -S grandmaster (UDPv4, E2E; its clock is CLOCK_REALTIME) serves:
#  - ptpdk on a kernel-socket port (kernel:P-du2, config/lab-kernel.cfg): the kernel's
#    SO_TIMESTAMPING software stamps, the very stamp points ptp4l -S uses; its lcores
#    share CPU 0 with the lab and back off when idle (its stamps are the kernel's, so
#    a late poll costs it nothing);
#  - ptpdk on DPDK's net_af_packet (P-dut, config/lab-software.cfg): TSC stamps at
#    the poll and before the TX burst; it busy-polls CPU 1;
#  - ptp4l -S with free_running 1 in the peer namespace (scripts/lab observer): it
#    adjusts nothing (it may not steer this machine's clock), so its raw offsets are
#    its measurement error: the TE a perfect ptp4l servo would have.
# Both ptpdk run their default servo and discipline their own TSC clock; their true
# TE = clock - CLOCK_REALTIME, read together at each sample. Prints, for each, time
# to settle and the steady state (second half of the run): RMS, mean, p99, max.
# Never fails on a timing.
#   bench/slave_side_by_side.sh [BUILD_DIR] [SECONDS] [SYNC_LOG]   (root)
bench_name=slave_side_by_side
default_seconds=300
. "$(dirname "$0")/lab-bench.sh"
sync_log=${3:--4}
eval "$($lab env)"

$lab gm start --ns gm1 --transport udp4 --delay e2e --sync-log "$sync_log" >/dev/null || exit 1
peer_log=$($lab observer start --transport udp4 --delay e2e)
"$repo/scripts/realtime-watch" "$work/realtime.csv" --seconds $((seconds + 30)) &
pids+=($!)

# Kernel port: both lcores on CPU 0, the worker sleeping 50 us when idle.
"$ptpdk" --lcores '0@0,1@0' --no-pci --no-huge -m 256 --no-shconf --file-prefix "${prefix}k" \
  --log-level '*:warning' -- \
  -f "$repo/config/lab-kernel.cfg" -i "kernel:$LAB_DUT2" -4 -E --compact -q -m \
  --ipv4_address 198.18.0.3 --shm_export 0 --idle-sleep-us 50 \
  --samples-file "$work/kernel-samples.csv" --duration "$seconds" --stats-json "$work/kernel.json" \
  >"$work/kernel.log" 2>&1 &
kernel_pid=$!
pids+=($kernel_pid)
# DPDK port: the worker busy-polls CPU 1.
"$ptpdk" --lcores '0@0,1@1' --no-pci --no-huge -m 256 --no-shconf --file-prefix "${prefix}d" \
  --vdev "net_af_packet0,iface=$LAB_DUT" --log-level '*:warning' -- \
  -f "$repo/config/lab-software.cfg" -i net_af_packet0 -4 -E --compact -q -m --shm_export 0 \
  --samples-file "$work/dpdk-samples.csv" --duration "$seconds" --stats-json "$work/dpdk.json" \
  >"$work/dpdk.log" 2>&1 &
dpdk_pid=$!
pids+=($dpdk_pid)
wait "$kernel_pid"
wait "$dpdk_pid"
cp "$peer_log" "$work/ptp4l-observer.log"

echo "slave_side_by_side: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $seconds s, ptp4l -S GM UDPv4 E2E, logSyncInterval $sync_log, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$repo/scripts/realtime-watch" --check "$work/realtime.csv" ||
  echo "WARNING: CLOCK_REALTIME, the truth, was disturbed during the run: the figures below measure that too"
/usr/bin/python3 - "$repo/scripts/te-summary" "$work" <<'PY'
import json, subprocess, sys
summary, work = sys.argv[1], sys.argv[2]
def run(*args):
    out = subprocess.run([summary, *args, "--json"], stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out) if out.strip() else {}
kernel = run(f"{work}/kernel-samples.csv", f"{work}/kernel.log", "--peer", f"{work}/ptp4l-observer.log")
dpdk = run(f"{work}/dpdk-samples.csv", f"{work}/dpdk.log")
rows = [("ptpdk, kernel port: true TE", kernel.get("ptpdk"), kernel.get("steps")),
        ("ptpdk, DPDK net_af_packet: true TE", dpdk.get("ptpdk"), dpdk.get("steps")),
        ("ptp4l -S free-running: raw offset", kernel.get("ptp4l"), None)]
print("| | settled after | n | RMS | mean | p99 \\|x\\| | max \\|x\\| | steps |")
print("|---|---|---|---|---|---|---|---|")
for name, s, steps in rows:
    if not s:
        print(f"| {name} | no samples | | | | | | |")
        continue
    settle = "never" if s["settle_s"] is None else f"{s['settle_s']:.1f} s"
    print(f"| {name} | {settle} | {s['n']} | {s['rms_ns']:.0f} ns | {s['mean_ns']:+.0f} ns | "
          f"{s['p99_abs_ns']:.0f} ns | {s['max_abs_ns']:.0f} ns | {'' if steps is None else steps} |")
k, p = kernel.get("ptpdk"), kernel.get("ptp4l")
if k and p and p["rms_ns"] > 0:
    print(f"\nkernel-port ptpdk RMS / ptp4l raw RMS = {k['rms_ns'] / p['rms_ns']:.2f} (target <= 0.5)")
PY
for f in kernel dpdk; do
  printf '%s: ' "$f"
  grep -o '"rx_stamps_too_wide":[0-9]*,"tx_stamps_too_wide":[0-9]*' "$work/$f.json" || echo
done
