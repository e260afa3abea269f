#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Every tracked C file matches .clang-format. Fix with:
#   clang-format -i $(git ls-files '*.c' '*.h')
set -u
cd "$1" || exit 1
command -v clang-format >/dev/null || { echo "clang-format missing: skipped"; exit 77; }
git rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout: skipped"; exit 77; }
mapfile -t files < <(git ls-files '*.c' '*.h')
if clang-format --dry-run --Werror "${files[@]}" 2>/tmp/ptpdk-format.$$; then
  echo "check-format: ${#files[@]} files formatted"
  rm -f /tmp/ptpdk-format.$$
  exit 0
fi
grep -E '^[^ ].*: (error|warning):' /tmp/ptpdk-format.$$ | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
rm -f /tmp/ptpdk-format.$$
exit 1
