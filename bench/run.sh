#!/usr/bin/env bash
# Benchmark planlint against the parse floor and its peers on the real-plan corpus.
#
#   bench/run.sh [CORPUS] [RUNS]     (defaults: ../shared/corpus, 5)
#
# Interleaves the tools run by run, prints the median wall time and peak memory (max RSS) of
# each and the ratios, then a scaling run on generated corpora of 1x, 4x and 16x. The peers are
# installed on first use: rumdl (PyPI, into bench/.venv) and markdownlint-cli2 (npm, into
# bench/node_modules). Set BENCH_PEERS=0 to skip them, BENCH_SCALING=0 to skip scaling.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="$(cd "${1:-$repo/../shared/corpus}" && pwd)"
runs="${2:-5}"
cd "$repo"

cargo build --release --quiet --bin planlint --example floor
planlint="$repo/target/release/planlint"
floor="$repo/target/release/examples/floor"

tools=(floor planlint)
if [ "${BENCH_PEERS:-1}" != 0 ]; then
  if [ ! -x "$here/.venv/bin/rumdl" ]; then
    python3 -m venv "$here/.venv" && "$here/.venv/bin/pip" install --quiet rumdl
  fi
  if [ ! -x "$here/node_modules/.bin/markdownlint-cli2" ]; then
    (cd "$here" && npm install --silent --no-audit --no-fund --prefix "$here" markdownlint-cli2 >/dev/null)
  fi
  tools+=(rumdl markdownlint-cli2)
fi

# Runs one tool on a folder; its findings go to /dev/null (exit codes of linters are ignored).
run_tool() {
  local tool=$1 dir=$2
  case $tool in
    floor) "$floor" "$dir" ;;
    planlint) "$planlint" check --isolated --format json "$dir" ;;
    rumdl) "$here/.venv/bin/rumdl" check --no-config --no-cache "$dir" ;;
    markdownlint-cli2) (cd "$dir" && "$here/node_modules/.bin/markdownlint-cli2" "**/*.md") ;;
  esac
}
export -f run_tool
export floor planlint here

# Prints "seconds max_rss_kb" for one run.
measure() {
  local report
  report=$(mktemp)
  /usr/bin/time -o "$report" -f "%e %M" bash -c 'run_tool "$1" "$2"' _ "$1" "$2" >/dev/null 2>&1 || true
  tail -n 1 "$report"
  rm -f "$report"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

bench_dir() {
  local dir=$1 label=$2
  declare -A times mems
  for ((i = 0; i < runs; i++)); do
    for t in "${tools[@]}"; do
      read -r s kb < <(measure "$t" "$dir")
      times[$t]+="$s "
      mems[$t]+="$kb "
    done
  done
  printf '\n%s (%s runs, medians)\n' "$label" "$runs"
  printf '%-18s %10s %12s %14s\n' tool seconds "max RSS MB" "vs planlint"
  local base
  base=$(tr ' ' '\n' <<<"${times[planlint]}" | grep . | median)
  for t in "${tools[@]}"; do
    local s m
    s=$(tr ' ' '\n' <<<"${times[$t]}" | grep . | median)
    m=$(tr ' ' '\n' <<<"${mems[$t]}" | grep . | median)
    printf '%-18s %10.3f %12.1f %13.2fx\n' "$t" "$s" "$(echo "$m / 1024" | bc -l)" "$(echo "$s / $base" | bc -l)"
  done
}

echo "corpus: $corpus ($(find "$corpus" -name '*.md' | wc -l) Markdown files, $(du -sh "$corpus" | cut -f1))"
bench_dir "$corpus" "whole corpus"

if [ "${BENCH_SCALING:-1}" != 0 ]; then
  tools=(floor planlint)
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  for n in 1 4 16; do
    mkdir -p "$scratch/x$n"
    for ((k = 0; k < n; k++)); do cp -r "$corpus" "$scratch/x$n/copy$k"; done
    bench_dir "$scratch/x$n" "scaling ${n}x"
  done
fi
