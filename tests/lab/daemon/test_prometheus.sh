#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: Debian's prometheus scrapes ptpdk-exporter, which reads two ptpdk instances'
# shared regions. Two instances, slaves of the lab's gm1 ("<prefix>a" on the DUT veth
# with shm_group nogroup, so its region is 0640; "<prefix>b" on the second DUT veth,
# 0644). The exporter runs as nobody:nogroup: reading needs no root. Prometheus runs
# with a config of its own (one localhost target, 1 s scrapes, storage in the test's
# directory). Through Prometheus' HTTP API:
#   - ptpdk_up is 1 for both instances, and the exporter's target is up;
#   - each instance's clock identity is its DUT MAC's EUI-64, its grandmaster gm1's;
#   - each port is SLAVE (9) and follows the parent, with a path delay;
#   - the Sync counter of each port increased within 10 s of scrapes;
#   - Prometheus holds as many port counters per instance as ptpdk-ctl counters lists;
#   - after a SIGINT of instance b, its ptpdk_up turns 0 while a's stays 1.
# And promtool check metrics accepts a scrape; every query of config/grafana's
# dashboard runs, and its clock panels have data for both instances.
# usage: test_prometheus.sh REPO PTPDK EXPORTER CTL   (KEEP_WORK=1 keeps /tmp/ptpdk-prom.*)
set -u
repo=$1
ptpdk=$2
exporter=$3
ctl=$4
. "$repo/tests/lab/preflight.sh"
lab_require ptp4l curl setpriv
prom_dir=${PTPDK_PROMETHEUS_DIR:-/opt/ptpdk-lab/prometheus}
prometheus="$prom_dir/usr/bin/prometheus"
promtool="$prom_dir/usr/bin/promtool"
[ -x "$prometheus" ] || { echo "FAIL: no $prometheus: run scripts/setup (it unpacks Debian's prometheus)"; exit 1; }

prefix="pr$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-prom.XXXXXX)
chmod 755 "$work"
run="$work/run"
lab="$repo/scripts/lab --prefix $prefix"
pids=""
cleanup() {
  for p in $pids; do kill -INT "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  $lab down >/dev/null 2>&1
  rm -f "/dev/shm/ptpdk-shm-${prefix}a" "/dev/shm/ptpdk-shm-${prefix}b"
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
eval "$($lab env)"
$lab gm start --ns gm1 >/dev/null || { echo "FAIL: gm1"; exit 1; }

ia="${prefix}a" ib="${prefix}b"
start() { # NAME IFACE LOG [FLAGS...]
  local name=$1 iface=$2 log=$3
  shift 3
  "$ptpdk" --lcores '0@0,1@0' --no-pci --no-huge -m 256 --log-level '*:warning' -- \
    -f "$repo/config/lab-kernel.cfg" -i "kernel:$iface" -s --compact -q -m \
    --idle-sleep-us 50 --instance "$name" --run_dir "$run" --shm_dir /dev/shm \
    --duration 150 "$@" >"$log" 2>&1 &
  started=$!
  pids="$pids $started"
}
start "$ia" "$LAB_DUT" "$work/ia.log" --shm_group nogroup
a=$started
start "$ib" "$LAB_DUT2" "$work/ib.log" --ipv4_address 198.18.0.3
b=$started

# The exporter, unprivileged, on a port the kernel picks; it prints which.
setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
  "$exporter" --listen 127.0.0.1:0 --instance "$ia" --instance "$ib" >"$work/exporter.log" 2>&1 &
exporter_pid=$!
pids="$pids $exporter_pid"
for _ in $(seq 50); do
  grep -q 'serving /metrics on' "$work/exporter.log" && break
  sleep 0.1
done
exporter_addr=$(sed -n 's/.*serving \/metrics on //p' "$work/exporter.log")
[ -n "$exporter_addr" ] || { echo "FAIL: exporter: $(cat "$work/exporter.log")"; exit 1; }

# Prometheus on a free local port, its own config and storage.
prom_port=""
for p in $(seq $((19090 + $$ % 500)) $((19090 + $$ % 500 + 50))); do
  ss -Hltn "sport = :$p" | grep -q . || { prom_port=$p; break; }
done
[ -n "$prom_port" ] || { echo "FAIL: no free port for prometheus"; exit 1; }
cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: ptpdk
    static_configs:
      - targets: ['$exporter_addr']
YML
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
pids="$pids $!"
api="http://127.0.0.1:$prom_port/api/v1"

# One instant query; prints "LABELS VALUE" per series, labels as k=v joined by ','.
query() { # PROMQL
  curl -sf --max-time 5 --data-urlencode "query=$1" "$api/query" | /usr/bin/python3 -c '
import json, sys
for r in json.load(sys.stdin)["data"]["result"]:
    m = r["metric"]
    print(",".join(f"{k}={m[k]}" for k in sorted(m)), r["value"][1])'
}
value() { # PROMQL: the single value, empty when none or several
  local out
  out=$(query "$1")
  [ "$(wc -l <<<"$out")" -eq 1 ] && awk '{ print $NF }' <<<"$out"
}

# Both instances lock (their logs say so) and are scraped as up: 60 s at most,
# what the lab's other instance tests allow for locking, plus scrapes at 1 s.
ok=0
for _ in $(seq 60); do
  sleep 1
  [ "$(value "sum(ptpdk_up{ptpdk_instance=~\"$ia|$ib\"})")" = "2" ] || continue
  grep -q 'UNCALIBRATED to SLAVE' "$work/ia.log" && grep -q 'UNCALIBRATED to SLAVE' "$work/ib.log" &&
    { ok=1; break; }
done
[ $ok -eq 1 ] || fail "not both up and locked within 60 s: $(query 'ptpdk_up' | tr '\n' ' ')"
sleep 3 # a few scrapes after the lock
[ "$(value "up{job=\"ptpdk\"}")" = "1" ] || fail "prometheus does not see the exporter up"

for n in ia ib; do
  name=${!n}
  if [ $n = ia ]; then mac=$LAB_DUT_MAC; else mac=$LAB_DUT2_MAC; fi
  query "ptpdk_info{ptpdk_instance=\"$name\"}" | grep -q "clock_identity=$(mac_id "$mac")," ||
    fail "$name: clock identity: $(query "ptpdk_info{ptpdk_instance=\"$name\"}")"
  query "ptpdk_parent_info{ptpdk_instance=\"$name\"}" |
    grep -q "grandmaster_identity=$(mac_id "$LAB_GM1_MAC")," ||
    fail "$name: grandmaster: $(query "ptpdk_parent_info{ptpdk_instance=\"$name\"}")"
  [ "$(value "ptpdk_port_state{ptpdk_instance=\"$name\",port=\"0\"}")" = "9" ] ||
    fail "$name: port 0 not SLAVE: $(query "ptpdk_port_state{ptpdk_instance=\"$name\"}")"
  [ "$(value "ptpdk_port_follows_parent{ptpdk_instance=\"$name\",port=\"0\"}")" = "1" ] ||
    fail "$name: port 0 does not follow the parent"
  [ -n "$(value "ptpdk_port_path_delay_seconds{ptpdk_instance=\"$name\",port=\"0\"} > 0")" ] ||
    fail "$name: no positive path delay"
  inc=$(value "increase(ptpdk_port_events_total{ptpdk_instance=\"$name\",port=\"0\",counter=\"rx/by_type/Sync\"}[10s])")
  awk -v x="${inc:-0}" 'BEGIN { exit !(x > 0) }' || fail "$name: Sync counter did not increase in 10 s ($inc)"
  want=$(setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$ctl" "$name" counters --port 0 | wc -l)
  got=$(value "count(ptpdk_port_events_total{ptpdk_instance=\"$name\",port=\"0\"})")
  [ "$want" -gt 0 ] && [ "$got" = "$want" ] ||
    fail "$name: prometheus has ${got:-no} port counters, ptpdk-ctl lists $want"
done

curl -sf --max-time 5 "http://$exporter_addr/metrics" >"$work/scrape.txt" || fail "direct scrape failed"
"$promtool" check metrics <"$work/scrape.txt" >"$work/promtool.txt" 2>&1 ||
  fail "promtool check metrics: $(head -5 "$work/promtool.txt")"

# Every query of the Grafana dashboard parses and runs (with $instance as .*); the
# panels that show a clock have data for both instances.
/usr/bin/python3 - "$repo/config/grafana/ptpdk-dashboard.json" >"$work/dash-queries.txt" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["panels"]:
    for t in p["targets"]:
        print(p["title"] + "\t" + t["expr"].replace("$instance", ".*"))
PY
while IFS=$'\t' read -r title expr; do
  out=$(curl -s --max-time 5 --data-urlencode "query=$expr" "$api/query")
  grep -q '"status":"success"' <<<"$out" || fail "dashboard panel '$title': $out"
  case $title in
    Offset*|"Error bound"*|"Mean path delay"|"Frequency adjustment"|"Clock state")
      n=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))' <<<"$out")
      [ "$n" -ge 2 ] || fail "dashboard panel '$title' has $n series, want both instances" ;;
  esac
done <"$work/dash-queries.txt"
[ -s "$work/dash-queries.txt" ] || fail "no dashboard queries read"

# b stops: the exporter shows it down (its region says CLOSED, or is gone), a stays up.
kill -INT "$b"
wait "$b"
pids=${pids/ $b/}
ok=0
for _ in $(seq 15); do
  sleep 1
  [ "$(value "ptpdk_up{ptpdk_instance=\"$ib\"}")" != "1" ] && { ok=1; break; }
done
[ $ok -eq 1 ] || fail "$ib still up 15 s after it stopped"
[ "$(value "ptpdk_up{ptpdk_instance=\"$ia\"}")" = "1" ] || fail "$ia not up after $ib stopped"

[ $failed -eq 0 ] && echo "prometheus scraped both instances through ptpdk-exporter (as nobody): identities, grandmaster, port states, path delays, counters ($got per port) as ptpdk-ctl lists them; dashboard queries run; $ib's stop seen; promtool accepts the scrape"
exit $failed
