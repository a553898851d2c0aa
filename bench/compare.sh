#!/usr/bin/env bash
# Compare two planlint builds on a corpus: are they different, and by how much?
#
#   bench/compare.sh A B [ROUNDS] [CORPUS]    (defaults: 20 rounds, ../shared/corpus)
#
# A and B are planlint executables (e.g. a copy of the build before a change, and the build
# after it). Each round runs both on the corpus back to back, in alternating order, and takes
# the ratio B/A of their wall and CPU times (`perf stat`, microseconds). The machine's speed
# drifts by up to half within the hour, but two runs a few hundred milliseconds apart see the
# same machine, so the median of the per-round ratios shows a difference of a few percent that
# medians of separate runs hide. Prints the median ratios with their quartiles: a change is
# real when the quartiles of its ratio stay on one side of 1. Run A against itself first to
# see this machine's spread.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 2 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
a="$1" b="$2" rounds="${3:-20}"
corpus="$(cd "${4:-$here/../../shared/corpus}" && pwd)"
command -v perf >/dev/null || { echo "perf is not installed (apt install linux-perf)" >&2; exit 2; }
for bin in "$a" "$b"; do
  [ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
done

# Prints "cpu_ms wall_ns" for one run (planlint exits 1 when it finds something).
one() {
  { perf stat -x, -e task-clock,duration_time "$1" check --isolated --format json "$corpus" \
    2>&1 >/dev/null || true; } | awk -F, '/task-clock/ {c=$1} /duration_time/ {w=$1} END {print c, w}'
}

for ((i = 0; i < rounds; i++)); do
  if ((i % 2)); then ra=$(one "$a"); rb=$(one "$b"); else rb=$(one "$b"); ra=$(one "$a"); fi
  echo "$ra $rb"
done | awk -f "$here/quantiles.awk" -f <(printf '%s\n' '
  { n++; wa[n] = $2 / 1e6; wb[n] = $4 / 1e6; rw[n] = $4 / $2; rc[n] = $3 / $1 }
  END {
    sort(wa, n); sort(wb, n); sort(rw, n); sort(rc, n)
    printf "%d rounds: median wall A %.1f ms, B %.1f ms\n", n, q(wa, n, .5), q(wb, n, .5)
    printf "B/A wall %.3f (quartiles %.3f-%.3f)\n", q(rw, n, .5), q(rw, n, .25), q(rw, n, .75)
    printf "B/A CPU  %.3f (quartiles %.3f-%.3f)\n", q(rc, n, .5), q(rc, n, .25), q(rc, n, .75)
  }')
