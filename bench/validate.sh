#!/usr/bin/env bash
# Trace validation speed, against the spec's own successor generation in the same JVM.
#
#   bench/validate.sh [N] [CONFIG ...]
#       (default: N=2000 traces of 50 steps; configs memfd-6.18 and gmem-6.18-punch)
#
# For each config and 1 and 2 threads: sealcheck validate runs N seeded random traces of the Java
# model and judges each step against the spec (one FastTool, loaded once), after an untimed
# warm-up of N/4 traces. "limit" is how many successors per second FastTool generates from the
# states of the first 200 traces (one thread, every action on every state): the rate of the
# spec's own Next, which the TLC model checker cannot beat either. ratio = validated steps per
# second of spec thread time / successors per second. Figures vary with machine load: run on a
# quiet machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-2000}"
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- memfd-6.18 gmem-6.18-punch
./sealcheck --version > /dev/null   # builds the jar if needed
jar="$root/checker/target/sealcheck.jar"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '%-18s %3s %7s %9s %10s %10s %11s %11s %6s\n' config thr traces "traces/s" "steps/s" "model s" "spec s" "limit succ/s" ratio
for cfg in "$@"; do
  for j in 1 2; do
    java -XX:+UseParallelGC -Dsealcheck.root="$root" -jar "$jar" validate -r "$cfg" -n "$n" --steps 50 \
        -j "$j" --warmup $((n / 4)) --limit --json > "$tmp/out.json" || true
    python3 - "$tmp/out.json" "$cfg" "$j" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
cfg, j = sys.argv[2], int(sys.argv[3])
steps_per_spec_s = o["steps"] / o["specSeconds"]
print(f"{cfg:<18} {j:>3} {o['traces']:>7} {o['tracesPerSecond']:>9,.0f} {o['steps'] / o['seconds']:>10,.0f}"
      f" {o['modelSeconds']:>10.2f} {o['specSeconds']:>11.2f} {o['successorsPerSecond']:>12,.0f}"
      f" {steps_per_spec_s / o['successorsPerSecond']:>6.2f}")
if o["rejected"]:
    print(f"  ({o['rejected']} traces rejected)")
PY
  done
done
echo "model s, spec s: thread time in the Java model and in the spec's checks, summed over threads."
echo "ratio: steps judged per spec thread-second / successors FastTool generates per second."
