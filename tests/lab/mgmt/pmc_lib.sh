# SPDX-License-Identifier: BSD-3-Clause
# shellcheck shell=bash
# Sourced by the management lab tests (test_pmc.sh, test_pmc_net.sh): asking pmc
# again when its answer came too late, and reading its answers.

# Run the pmc command line CMD... and print its output, asking again (up to three
# times in all) while the output does not match PATTERN. pmc 3.1 waits 100 ms for an
# answer after its last command; on a loaded machine (the lab, a CPU hog) ptpdk's main
# lcore may not be scheduled that soon, so an answer that never comes still fails
# and a late one does not. Each repeat is noted in NOTES ("no answer to WHAT").
# (A repeated SET sets the same value.)
pmc_retry() { # NOTES WHAT PATTERN CMD...
  local notes=$1 what=$2 pattern=$3 out try
  shift 3
  for try in 1 2 3; do
    out=$("$@" 2>&1)
    grep -q -- "$pattern" <<<"$out" && break
    echo "note: no answer to '$what' on try $try" >>"$notes"
  done
  printf '%s\n' "$out"
}

# From pmc's output on stdin, the value of FIELD in the first answer whose sender's
# port identity starts with ID (pmc prints every responder's answers: with a PTP
# group, other clocks on the link answer too).
pmc_field() { # ID FIELD
  awk -v id="$1" -v f="$2" '/ RESPONSE MANAGEMENT/ { mine = index($1, id) == 1; next }
    mine && $1 == f { print $2; exit }'
}

# The data lines (header line left out) of the first answer from ID.
pmc_body() { # ID
  awk -v id="$1" '/ RESPONSE MANAGEMENT/ { if (seen) exit; mine = index($1, id) == 1
      seen = mine; next }
    mine && /^\t\t/ { print }'
}
