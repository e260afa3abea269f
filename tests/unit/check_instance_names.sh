#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Every program refuses the same bad instance names, with the rule in its message:
# ptpdk-ctl NAME status and stop, ptpdk-exporter --instance, ptpdk-sync --shm (a name
# without '/'; with one it is a path) and, when built, the daemon's --instance (which
# checks the name before EAL starts: nothing of DPDK runs for a refused name).
# usage: check_instance_names.sh PTPDK_CTL PTPDK_EXPORTER PTPDK_SYNC [PTPDK]
set -u
ctl=$1 exporter=$2 sync=$3 daemon=${4:-}
work=$(mktemp -d /tmp/ptpdk-names.XXXXXX)
trap 'rm -rf "$work"' EXIT
rule="1 to 31 of A-Z a-z 0-9 _ . -, not starting with '.' or '-'"
failed=0
fail() { echo "FAIL: $*"; failed=1; }
long=0123456789012345678901234567890x
names=(-x . .. .hidden "$long" "a b" 'a:b' 'ptpdk@a' $'a\nb' 'a*' 'a/b' '../x')
refused() { # WHAT EXPECTED_RC COMMAND...: exits with EXPECTED_RC and states the rule
  local what=$1 want=$2 out rc
  shift 2
  out=$(timeout 20 "$@" 2>&1)
  rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, expected $want: $out"
  grep -qF -- "$rule" <<<"$out" || fail "$what: the rule is not in: $out"
}
for n in "${names[@]}"; do
  refused "ctl '$n' status" 2 "$ctl" "$n" status
  refused "ctl '$n' stop" 2 "$ctl" "$n" stop --run-dir "$work/run"
  refused "exporter --instance '$n'" 2 "$exporter" --once --instance "$n"
  case $n in */*) ;; *) refused "sync --shm '$n'" 2 "$sync" --shm "$n" --dry-run --duration 1 ;; esac
  if [ -n "$daemon" ]; then
    # Bounded if a regression let EAL start: no PCI, no hugepages, no files, 1 s.
    refused "ptpdk --instance '$n'" 1 "$daemon" --no-pci --no-huge --in-memory -m 64 -- \
      -i net_null0 --instance "$n" --run_dir "$work/run" --duration 1
  fi
done
[ -z "$(ls -A "$work/run" 2>/dev/null)" ] || fail "a refused name made a run directory: $(ls -A "$work/run")"
[ $failed -eq 0 ] && echo "${#names[@]} bad names refused by ctl status, ctl stop, exporter, sync${daemon:+ and the daemon}, each with the rule"
exit $failed
