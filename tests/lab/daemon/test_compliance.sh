#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Lab test: the compliance log of a live ptpdk. ptpdk follows the lab's gm1 on a
# kernel-socket port with compliance_log_dir set, runs, stops, runs again:
#   - ptpdk-ctl verify-log finds the chain intact across the restart (genesis, samples,
#     stop, resume with the gap, samples, stop);
#   - about one sample a second of each run, naming gm1 and SLAVE once locked, none lost;
#   - one byte changed in a copy of the file, ptpdk-ctl names the broken line (exit 1).
# usage: test_compliance.sh REPO PTPDK PTPDK_CTL   (KEEP_WORK=1 keeps /tmp/ptpdk-compliance.*)
set -u
repo=$1
ptpdk=$2
ctl=$3
. "$repo/tests/lab/preflight.sh"
lab_require ptp4l

prefix="cl$$"
prefix=${prefix:0:11}
work=$(mktemp -d /tmp/ptpdk-compliance.XXXXXX)
lab="$repo/scripts/lab --prefix $prefix"
pid=""
cleanup() {
  [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  $lab down >/dev/null 2>&1
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=1; }

$lab up >/dev/null || { echo "FAIL: lab up"; exit 1; }
eval "$($lab env)"
gm1=$(mac_id "$LAB_GM1_MAC")
$lab gm start --ns gm1 --sync-log -3 >/dev/null || { echo "FAIL: gm1"; exit 1; }
mkdir -p "$work/log"

run() { # SECONDS LOG
  "$ptpdk" -l 0-1 --no-pci --no-huge -m 256 --no-shconf --file-prefix "$prefix" \
    --log-level '*:warning' -- -f "$repo/config/lab-kernel.cfg" -i "kernel:$LAB_DUT" -s \
    --compact -q -m --shm_export 0 --compliance_log_dir "$work/log" --duration "$1" \
    >"$2" 2>&1 &
  pid=$!
  wait "$pid"
  local rc=$?
  pid=""
  [ $rc -eq 0 ] || fail "ptpdk exit status $rc: $(grep -i compliance "$2" | head -3)"
}
run 15 "$work/run1.log"
run 8 "$work/run2.log"

files=("$work"/log/*.log)
[ -e "${files[0]}" ] || { echo "FAIL: no compliance log in $work/log"; exit 1; }
"$ctl" verify-log "${files[@]}" >"$work/verify.txt" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "verify-log exit $rc on the untouched log: $(tail -3 "$work/verify.txt")"
grep -q 'chain intact' "$work/verify.txt" || fail "verify-log did not say the chain is intact"
# Nothing stops a healthy daemon writing to a healthy directory.
grep -q ' 0 record(s) lost' "$work/verify.txt" || fail "records lost: $(grep lost "$work/verify.txt")"
cat "${files[@]}" >"$work/all.txt"
for k in genesis stop resume; do
  grep -q " kind=$k " "$work/all.txt" || fail "no $k record"
done
samples=$(grep -c ' kind=sample ' "$work/all.txt")
# One a second while the main lcore runs: 15 + 8 s of runs, less start-up and
# shutdown of each (under a second each on an idle machine, a few under load).
[ "$samples" -ge 15 ] && [ "$samples" -le 25 ] || fail "$samples sample records for 23 s of runs"
grep ' kind=sample ' "$work/all.txt" | grep -q "gm=$gm1 .* port=SLAVE " ||
  fail "no sample names gm1 and SLAVE"
# ptp4l -S announces the ARB timescale: ptpdk's time is not UTC by the standard.
grep ' kind=sample ' "$work/all.txt" | grep -q "gm=$gm1 .*" &&
  ! grep " kind=sample .*gm=$gm1" "$work/all.txt" | grep -qv ' utc=- ' ||
  fail "a sample under an ARB grandmaster claims a UTC time"

# Tampering: one byte of one sample changed in a copy.
mkdir -p "$work/tampered"
cp "${files[@]}" "$work/tampered/"
target="$work/tampered/$(basename "${files[0]}")"
line=$(grep -n ' kind=sample ' "$target" | sed -n 5p | cut -d: -f1)
sed -i "${line}s/ offset_ns=\(-\?\)\([0-9]\)/ offset_ns=\1X\2/; ${line}s/offset_ns=\(-\?\)X\([0-9]\)/offset_ns=\1\2\2/" "$target"
cmp -s "$target" "${files[0]}" && fail "test premise: the copy was not changed"
"$ctl" verify-log "$work"/tampered/*.log >"$work/verify-tampered.txt" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "verify-log exit $rc on a tampered log (want 1)"
grep -q ":$line" "$work/verify-tampered.txt" ||
  fail "verify-log did not name line $line: $(cat "$work/verify-tampered.txt")"
[ $failed -eq 0 ] && echo "compliance log: $samples samples over two runs, chain intact across the restart; an edited line $line detected"
exit $failed
