# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the daemon-level lab tests (master, mgmt, daemon): the checks each makes
# before it builds a lab, and the identity helper they share. (tests/lab/lab/lab-common.sh
# is the fuller harness of the lab-script and impairment tests.)

# Skip (exit 77, meson's "skipped") unless we are root with network namespaces and
# every program named is installed.
lab_require() { # PROGRAM...
  [ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
  ip netns list >/dev/null 2>&1 || { echo "no network namespaces: skipped"; exit 77; }
  local p
  for p in "$@"; do
    command -v "$p" >/dev/null || { echo "$p missing: skipped (run scripts/setup)"; exit 77; }
  done
}

# The EUI-64 clock identity ptp4l and ptpdk print for a MAC (1588-2008 7.5.2.2.2).
mac_id() { # MAC
  awk -F: '{ printf "%s%s%s.fffe.%s%s%s\n", $1, $2, $3, $4, $5, $6 }' <<<"$1"
}

# Run run_case (the caller's; it sets $verdict to ok, fail or disturbed and fail()
# sets $failed) for each of $cases. A void case (tests/lab/te-judge exit 3: CLOCK_REALTIME,
# the truth, changed rate, or the machine kept ptpdk's lcores off their CPUs so that
# it had too few samples) runs once more, and is skipped with the reason if it happens
# again: such a run says nothing about ptpdk. Exits 1 after a failure, 77 (meson's "skipped")
# when every case was skipped; returns otherwise.
lab_run_cases() {
  local skipped=""
  for case in $cases; do
    echo "case $case"
    run_case
    if [ "$verdict" = disturbed ]; then
      echo "  [$case] void run (the reason is above): running the case once more"
      run_case
      if [ "$verdict" = disturbed ]; then
        echo "  [$case] SKIPPED: void in two runs (truth disturbed or machine starved)"
        skipped="$skipped $case"
      fi
    fi
  done
  [ "$failed" -eq 0 ] || exit 1
  [ -z "$skipped" ] || echo "skipped (void twice):$skipped"
  [ "$(echo $skipped)" != "$(echo $cases)" ] || exit 77
}
