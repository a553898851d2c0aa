#!/usr/bin/env bash
# Count the instructions planlint executes on a corpus (one thread), with valgrind's cachegrind.
#
#   bench/instructions.sh [CORPUS] [PLANLINT]   (defaults: ../shared/corpus, the release build)
#
# Wall time on a shared 2-core machine drifts by up to half within the hour; the instruction
# count of a run varies by less than 0.01 %, so it shows what a change to the code saves where
# a timing cannot. It is a proxy (it ignores cache misses and system calls): confirm a gain with
# bench/run.sh. Needs valgrind (`apt install valgrind`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="$(cd "${1:-$repo/../shared/corpus}" && pwd)"
planlint="${2:-}"
if [ -z "$planlint" ]; then
  (cd "$repo" && cargo build --release --quiet --bin planlint)
  planlint="$repo/target/release/planlint"
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }

# planlint exits 1 when it finds something; only the count matters here.
{ valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
  "$planlint" check --isolated --format json -j1 "$corpus" 2>&1 >/dev/null || true; } |
  awk '/I *refs:/ {gsub(",", "", $NF); printf "%s instructions (planlint check -j1 %s)\n", $NF, corpus}' corpus="$corpus"
