#!/usr/bin/env bash
# Fails when any tracked C++ file differs from what .clang-format asks for, naming the files.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find core app plugins tests -name '*.cpp' -o -name '*.h')
bad=$(clang-format --dry-run "${files[@]}" 2>&1 | grep -oE '^[^:]+\.(cpp|h):' | sort -u || true)
if [ -n "$bad" ]; then
  echo "not formatted per .clang-format (run clang-format -i on them):"
  echo "$bad" | tr -d ':'
  exit 1
fi
echo "${#files[@]} files follow .clang-format"
