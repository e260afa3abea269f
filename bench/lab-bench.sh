# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the lab benchmarks: arguments, a private lab, and clean-up of what the
# benchmark started. Expects $bench_name and $default_seconds; sets repo, build,
# seconds, ptpdk, prefix, lab, work and pids. KEEP=DIR keeps the raw files there.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$repo/build}
seconds=${2:-$default_seconds}
ptpdk=$build/app/ptpdk
[ "$(id -u)" -eq 0 ] || { echo "$bench_name: needs root (namespaces, AF_PACKET)"; exit 2; }
[ -x "$ptpdk" ] || { echo "$bench_name: no $ptpdk (build first)"; exit 2; }
prefix=b${bench_name:0:3}$$
prefix=${prefix:0:11}
lab="$repo/scripts/lab --prefix $prefix"
work=$(mktemp -d "/tmp/ptpdk-$bench_name.XXXXXX")
pids=()
bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  $lab down >/dev/null 2>&1
  [ -n "${KEEP:-}" ] && cp "$work"/* "$KEEP"/ 2>/dev/null
  rm -rf "$work"
}
trap bench_cleanup EXIT INT TERM
$lab up >/dev/null || exit 1

# A ptp4l -S slave with free_running 1 in the peer namespace, on CPU 0: it adjusts no
# clock, so its offsets are its own measurement error, the floor of kernel software
# stamps. Argument: summary_interval (log2 s). Log in $work/ptp4l-slave.log.
start_ptp4l_observer() {
  cat >"$work/slave.conf" <<CONF
[global]
slaveOnly 1
free_running 1
network_transport UDPv4
delay_mechanism E2E
logMinDelayReqInterval 0
summary_interval $1
freq_est_interval 0
CONF
  taskset -c 0 ip netns exec "$prefix-peer" ptp4l -f "$work/slave.conf" -i lab0 -S -m -q \
    >"$work/ptp4l-slave.log" 2>&1 &
  pids+=($!)
}
