#!/usr/bin/env bash
# Exports every MemfdSeals counterexample that can be a C program (sealcheck export --format c),
# compiles each with cc -Wall -Werror and runs it on this machine's kernel, printing its TAP output.
# A trace with a step userspace cannot take is reported and left out (export exits 2 with one
# line); a program that skips (KSFT_SKIP, exit 4: the trace assumes another vm.memfd_noexec than
# this machine's) is counted as skipped; any other export error, compile error or a program that
# is not all ok fails the script.
# Called from .ci/run after the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cc >/dev/null || { echo "export-c: no C compiler (cc); skipped"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 ran=0 left_out=0 skipped=0
for trace in counterexamples/MemfdSeals/*/*.itf.json; do
  name=$(echo "${trace#counterexamples/MemfdSeals/}" | tr '/.' '__')
  rc=0
  ./sealcheck export --format c -o "$work/$name.c" "$trace" 2>"$work/$name.err" || rc=$?
  if [ "$rc" -eq 2 ] && grep -q "cannot be exported to C" "$work/$name.err"; then
    echo "left out: $(cat "$work/$name.err")"
    left_out=$((left_out + 1))
    continue
  elif [ "$rc" -ne 0 ]; then
    echo "FAILED to export $trace: $(cat "$work/$name.err")"
    failed=$((failed + 1))
    continue
  fi
  echo "== $trace"
  if ! cc -Wall -Werror -o "$work/$name" "$work/$name.c"; then
    echo "FAILED to compile $trace"
    failed=$((failed + 1))
    continue
  fi
  ran=$((ran + 1))
  rc=0
  "$work/$name" || rc=$?
  if [ "$rc" -eq 4 ]; then
    skipped=$((skipped + 1))
  elif [ "$rc" -ne 0 ]; then
    echo "FAILED: $trace (exit $rc)"
    failed=$((failed + 1))
  fi
done
echo "export-c: $ran programs run ($skipped skipped), $failed failed, $left_out traces left out"
[ "$failed" -eq 0 ] && [ "$ran" -gt 0 ]
