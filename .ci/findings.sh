#!/usr/bin/env bash
# The findings' reproducers (findings/*/repro.c): each compiled with cc -Wall -Werror and run. A
# reproducer that can wedge the kernel runs its rounds only with --disposable, which CI never
# passes: here each checks what it can of its requirements and skips with the reason (exit 4).
# Exit 0 (no hang) and 4 (skipped) pass; anything else, or a compile error, fails the script.
# Called from .ci/run after the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cc >/dev/null || { echo "findings: no C compiler (cc); skipped"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for src in findings/*/repro.c; do
  name=$(basename "$(dirname "$src")")
  echo "== $src"
  if ! cc -Wall -Werror -pthread -o "$work/$name" "$src"; then
    echo "FAILED to compile $src"
    failed=$((failed + 1))
    continue
  fi
  rc=0
  "$work/$name" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then
    echo "FAILED: $src (exit $rc)"
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ]
