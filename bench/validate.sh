#!/usr/bin/env bash
# Trace validation speed, against the spec's own successor generation in the same JVM.
#
#   bench/validate.sh [N] [CONFIG ...]
#       (default: N=8000 traces of 50 steps, 2 threads; configs memfd-6.18 (MemfdSeals) and
#        gmem-6.18-punch (GuestMemInvalidation))
#
# For each config, two JVMs: sealcheck validate with the memo (each distinct (state, step, state)
# triple evaluated by TLC once) and with --no-memo (every step evaluated by TLC). Each runs N
# seeded random traces of the Java model on 2 threads and judges each step against the spec (one
# FastTool, loaded once), after an untimed warm-up of N/4 traces of another seed; the memo and the
# caches start empty for the timed run.
#
# "succ/s" is how many successors per second FastTool generates, in the memo JVM, from the states
# of the first 200 traces (one thread, every action on every state): the rate of the spec's own
# Next, which bounds TLC's model checker too. "x succ" = validated steps per second (wall clock,
# 2 threads) / succ/s. "CPU" is the thread CPU time of model + spec work (what 2 idle cores would
# need, about half of it in wall time), "t/CPU-s" traces per such CPU-second (the figure that
# depends least on other work on the machine); "gc" the collectors' time in the timed run. The machine's
# load average is printed with each config: wall-clock figures drop when other work shares the cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-8000}"
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- memfd-6.18 gmem-6.18-punch
./sealcheck --version > /dev/null   # builds the jar if needed
jar="$root/checker/target/sealcheck.jar"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf '%-16s %-4s %6s %8s %8s %8s %6s %9s %5s %8s %6s %5s\n' config memo traces "traces/s" "steps/s" "TLC eval" "CPU s" "t/CPU-s" "gc s" "succ/s" "x succ" load
for cfg in "$@"; do
  for memo in on off; do
    flag=""
    [ "$memo" = off ] && flag="--no-memo"
    limit="--limit"
    [ "$memo" = off ] && limit=""
    load="$(cut -d' ' -f1 /proc/loadavg)"
    java -XX:+UseParallelGC -Dsealcheck.root="$root" -jar "$jar" validate -r "$cfg" -n "$n" --steps 50 \
        -j 2 --warmup $((n / 4)) $flag $limit --json > "$tmp/$memo.json" || true
    python3 - "$tmp" "$memo" "$cfg" "$load" <<'PY'
import json, os, sys
tmp, memo, cfg, load = sys.argv[1:5]
o = json.load(open(os.path.join(tmp, memo + ".json")))
succ = json.load(open(os.path.join(tmp, "on.json"))).get("successorsPerSecond")
steps_s = o["steps"] / o["seconds"]
cpu = o['modelSeconds'] + o['specSeconds']
print(f"{cfg:<16} {memo:<4} {o['traces']:>6} {o['tracesPerSecond']:>8,.0f} {steps_s:>8,.0f}"
      f" {o['evaluations'] / o['steps']:>8.0%} {cpu:>6.2f} {o['traces'] / cpu:>9,.0f} {o['gcSeconds']:>5.2f}"
      f" {succ:>8,.0f} {steps_s / succ:>6.2f} {load:>5}")
if o["rejected"]:
    print(f"  ({o['rejected']} traces rejected)")
PY
  done
done
echo "TLC eval: steps TLC evaluated / steps validated (the rest answered by the memo)."
echo "CPU s: thread CPU time of model and spec work, both threads; t/CPU-s: traces per CPU-second (load-independent)."
echo "x succ: validated steps/s (2 threads, wall clock) / successors FastTool generates per second (1 thread)."
