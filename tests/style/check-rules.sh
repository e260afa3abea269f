#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Every "style rule N" that a comment in lib/ app/ tests/ scripts/ bench/ cites
# must exist as rule N in CONTRIBUTING.md (a numbered item under "## Rules"), so
# that a reader can look up what the comment relies on.
#   check-rules.sh ROOT         check the tree at ROOT
#   check-rules.sh --self-test  check that a missing rule is caught
set -u

# The rule numbers CONTRIBUTING.md defines, one a line.
defined_rules() {
  awk '/^## /{inside = ($0 == "## Rules")} inside && /^[0-9]+\. /{sub(/\..*/, ""); print}' "$1"
}

check() {
  local root=$1 doc=$1/CONTRIBUTING.md status=0 n=0 file line num
  [ -f "$doc" ] || { echo "check-rules: $doc is missing"; return 1; }
  local defined
  defined=" $(defined_rules "$doc" | tr '\n' ' ')"
  [ "$defined" != " " ] || { echo "check-rules: no numbered rules under '## Rules' in $doc"; return 1; }
  while IFS=: read -r file line num; do
    n=$((n + 1))
    case "$defined" in
      *" $num "*) ;;
      *) echo "$file:$line: cites style rule $num, which CONTRIBUTING.md does not define"; status=1 ;;
    esac
  done < <(cd "$root" && grep -rnIoiE 'style rule [0-9]+' lib app tests scripts bench 2>/dev/null |
           sed -E 's/^([^:]*):([0-9]+):.* ([0-9]+)$/\1:\2:\3/')
  [ $status -eq 0 ] && echo "check-rules: $n citations, every one defined (rules:$defined)"
  return $status
}

self_test() {
  local tmp rc
  tmp=$(mktemp -d /tmp/ptpdk-check-rules.XXXXXX) || return 1
  mkdir -p "$tmp/lib"
  printf '# x\n\n## Rules\n\n1. one\n2. two\n\n## Other\n\n3. not a rule\n' >"$tmp/CONTRIBUTING.md"
  printf '/* style rule %s */\n' 2 >"$tmp/lib/ok.c"
  check "$tmp" >/dev/null || { echo "self-test: a defined rule was refused"; rm -rf "$tmp"; return 1; }
  printf '/* Style rule %s */\n' 3 >"$tmp/lib/bad.c"
  check "$tmp" >/dev/null
  rc=$?
  rm -rf "$tmp"
  [ $rc -ne 0 ] || { echo "self-test: a citation of an undefined rule passed"; return 1; }
  echo "self-test: defined rule accepted, undefined rule refused"
}

case "${1:-}" in
  --self-test) self_test ;;
  "") echo "usage: check-rules.sh ROOT | --self-test" >&2; exit 2 ;;
  *) check "$1" ;;
esac
