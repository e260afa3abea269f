#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: several ptpdk instances on one host. Two instances, "ia" on the DUT veth
# and "ib" on the second DUT veth, both slaves of the lab's gm1, each with its own
# run directory (lock, management sockets), shared region and DPDK file prefix:
#   - both lock to gm1, and pmc through each one's socket sees that one's identity;
#   - each has its own shared region file;
#   - a second "ia" is refused with a clear message while ia runs;
#   - after SIGKILL of ia (its lock, sockets and region left behind) ia starts again,
#     says it takes over, and answers pmc; ib ran on undisturbed.
# usage: test_instances.sh REPO PTPDK   (KEEP_WORK=1 keeps /tmp/ptpdk-instances.*)
set -u
repo=$1
ptpdk=$2
. "$repo/tests/lab/preflight.sh"
lab_require ptp4l pmc

prefix="in$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-instances.XXXXXX)
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
# An instance: its name is all it is given (no --file-prefix: the name provides it);
# the shared region in /dev/shm so that the test finds it whatever the host's hugepages.
start() { # NAME IFACE SECONDS LOG [FLAGS...]
  local name=$1 iface=$2 secs=$3 log=$4
  shift 4
  "$ptpdk" --lcores '0@0,1@0' --no-pci --no-huge -m 256 --log-level '*:warning' -- \
    -f "$repo/config/lab-kernel.cfg" -i "kernel:$iface" -s --compact -q -m \
    --idle-sleep-us 50 --instance "$name" --run_dir "$run" --shm_dir /dev/shm \
    --duration "$secs" "$@" >"$log" 2>&1 &
  started=$!
  pids="$pids $started"
}
identity_via() { # NAME: the clockIdentity pmc gets through that instance's socket
  pmc -u -s "$run/$1/mgmt" -b 0 'GET DEFAULT_DATA_SET' 2>/dev/null |
    awk '$1 == "clockIdentity" { print $2; exit }'
}

start "$ia" "$LAB_DUT" 90 "$work/ia.log"
a=$started
start "$ib" "$LAB_DUT2" 90 "$work/ib.log" --ipv4_address 198.18.0.3
b=$started
sleep 12
for n in ia ib; do
  grep -q 'UNCALIBRATED to SLAVE' "$work/$n.log" || fail "$n did not lock to gm1"
done
[ "$(identity_via "$ia")" = "$(mac_id "$LAB_DUT_MAC")" ] || fail "pmc via $ia's socket: not ia's clock"
[ "$(identity_via "$ib")" = "$(mac_id "$LAB_DUT2_MAC")" ] || fail "pmc via $ib's socket: not ib's clock"
[ -e "/dev/shm/ptpdk-shm-$ia" ] && [ -e "/dev/shm/ptpdk-shm-$ib" ] ||
  fail "each instance should have its own region: $(ls /dev/shm | grep ptpdk-shm | tr '\n' ' ')"

# A second ia while ia runs: refused, clearly, and ia unharmed.
start "$ia" "$LAB_DUT2" 5 "$work/ia-second.log" --ipv4_address 198.18.0.4
second=$started
wait "$second"
rc=$?
pids=${pids/ $second/}
[ $rc -ne 0 ] || fail "a second instance $ia started"
grep -q "instance '$ia' is already running (pid $a" "$work/ia-second.log" ||
  fail "no clear refusal: $(head -3 "$work/ia-second.log")"
kill -0 "$a" 2>/dev/null || fail "the first $ia died when a second was refused"

# SIGKILL: the lock, the sockets and the region stay behind; a restart takes over.
kill -KILL "$a"
wait "$a" 2>/dev/null
pids=${pids/ $a/}
[ -S "$run/$ia/mgmt" ] || fail "test premise: the killed instance's socket should still be there"
start "$ia" "$LAB_DUT" 20 "$work/ia-again.log"
again=$started
sleep 6
grep -q "instance '$ia': the previous run (pid $a) ended without releasing its lock; taking over" \
  "$work/ia-again.log" || fail "the restart did not say it took over the stale lock"
[ "$(identity_via "$ia")" = "$(mac_id "$LAB_DUT_MAC")" ] || fail "the restarted $ia does not answer pmc"
kill -0 "$b" 2>/dev/null || fail "$ib died"
wait "$again"
rc=$?
pids=${pids/ $again/}
[ $rc -eq 0 ] || fail "the restarted $ia exited with $rc"
kill -INT "$b"
wait "$b"
rc=$?
pids=${pids/ $b/}
[ $rc -eq 0 ] || fail "$ib exited with $rc"
grep -c 'UNCALIBRATED to SLAVE' "$work/ib.log" | grep -qx 1 ||
  fail "$ib lost its master while $ia was refused, killed and restarted"
[ $failed -eq 0 ] && echo "two instances side by side; a second $ia refused; $ia killed and restarted (stale lock taken over); $ib undisturbed"
exit $failed
