#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The shipped systemd units parse: systemd-analyze verify may only complain that the
# binaries are not installed at /usr/bin (they are not, in a build tree).
# usage: check_units.sh UNIT_DIR
set -u
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for u in "$1"/*.service; do # templates get an instance name to be verifiable
  cp "$u" "$tmp/$(basename "${u/@.service/@check.service}")"
done
out=$(systemd-analyze verify "$tmp"/*.service 2>&1 | grep -v 'is not executable: No such file or directory')
if [ -n "$out" ]; then
  echo "$out"
  exit 1
fi
echo "units parse: $(ls "$1"/*.service | xargs -n1 basename | tr '\n' ' ')"
