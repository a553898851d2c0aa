#!/usr/bin/env bash
# Benchmark planlint against the parse floor and its peers on the real-plan corpus.
#
#   bench/run.sh [CORPUS] [ROUNDS]     (defaults: ../shared/corpus, 9)
#
# Interleaves the tools round by round, prints the median wall time and peak memory (max RSS)
# of each, the ratio of each median to planlint's and, for the interleaved tools, the median
# and quartiles of the ratios round by round; then a scaling run on generated corpora of 1x, 4x
# and 16x. The peers are installed on first use, at the versions pinned below: rumdl (PyPI,
# into bench/.venv) and markdownlint-cli2 (npm, into bench/node_modules). markdownlint-cli2
# takes half a minute a run and is far from its goal, so it runs at most BENCH_SLOW_RUNS times
# (default 3) and the rounds go to the tools whose ratios are close. Set BENCH_PEERS=0 to skip
# the peers, BENCH_SCALING=0 to skip scaling.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="$(cd "${1:-$repo/../shared/corpus}" && pwd)"
runs="${2:-9}"
slow_runs="${BENCH_SLOW_RUNS:-3}"
for n in "$runs" "$slow_runs"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "rounds and BENCH_SLOW_RUNS must be whole numbers from 1, not '$n'" >&2; exit 2; }
done
slow_runs=$((slow_runs < runs ? slow_runs : runs))
cd "$repo"

cargo build --release --quiet --bin planlint --example floor
planlint="$repo/target/release/planlint"
floor="$repo/target/release/examples/floor"

# The peers' versions are pinned, so that figures from different days compare (a newer release
# may be faster or slower); the benchmark reinstalls a peer whose installed version differs.
rumdl_version=0.3.0
markdownlint_version=0.22.1

tools=(floor planlint)
if [ "${BENCH_PEERS:-1}" != 0 ]; then
  installed_rumdl=$("$here/.venv/bin/rumdl" --version 2>/dev/null || true)
  if [ "$installed_rumdl" != "rumdl $rumdl_version" ]; then
    [ -x "$here/.venv/bin/pip" ] || python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install --quiet "rumdl==$rumdl_version"
  fi
  installed_markdownlint=$(node -p "require('$here/node_modules/markdownlint-cli2/package.json').version" 2>/dev/null || true)
  if [ "$installed_markdownlint" != "$markdownlint_version" ]; then
    (cd "$here" && npm install --silent --no-audit --no-fund --prefix "$here" \
      "markdownlint-cli2@$markdownlint_version" >/dev/null)
  fi
  tools+=(rumdl markdownlint-cli2)
  echo "peers: rumdl $rumdl_version, markdownlint-cli2 $markdownlint_version"
fi

# Prints "seconds max_rss_kb" for one run of a tool on a folder: the wall time to the
# microsecond (`time` alone reports hundredths of a second, coarse against a floor of a few
# hundredths) and, from `time`, the peak memory (a child forked by Python would count
# Python's). Findings go to /dev/null; linters' exit codes are ignored.
measure() {
  python3 - "$1" "$2" <<'PY'
import os, subprocess, sys, tempfile, time

tool, folder = sys.argv[1], sys.argv[2]
here = os.environ["here"]
command, cwd = {
    "floor": ([os.environ["floor"], folder], None),
    "planlint": ([os.environ["planlint"], "check", "--isolated", "--format", "json", folder], None),
    "rumdl": ([f"{here}/.venv/bin/rumdl", "check", "--no-config", "--no-cache", folder], None),
    "markdownlint-cli2": ([f"{here}/node_modules/.bin/markdownlint-cli2", "**/*.md"], folder),
}[tool]
with tempfile.NamedTemporaryFile("r") as report:
    command = ["/usr/bin/time", "-o", report.name, "-f", "%M", *command]
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    print(f"{seconds:.6f} {report.read().split()[-1]}")
PY
}
export floor planlint here

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# The ratios of two tools' times round by round (times of A, then of B, in recording order):
# median and quartiles of B/A. Runs of one round are seconds apart and see the same machine,
# so the spread shows how firm a ratio is where the medians of separate series cannot.
paired() {
  awk -v a="$1" -v b="$2" -f "$here/quantiles.awk" -f <(printf '%s\n' '
    BEGIN {
      n = split(a, ta, " "); split(b, tb, " ")
      for (i = 1; i <= n; i++) r[i] = tb[i] / ta[i]
      sort(r, n)
      printf "%.2fx (%.2f-%.2f)", q(r, n, .5), q(r, n, .25), q(r, n, .75)
    }')
}

bench_dir() {
  local dir=$1 label=$2
  declare -A times mems
  record() {
    read -r s kb < <(measure "$1" "$dir")
    times[$1]+="$s "
    mems[$1]+="$kb "
  }
  # The tools that take a fraction of a second run interleaved, each round starting at the
  # next one so that none always follows the same tool. markdownlint-cli2 keeps both cores busy
  # for half a minute a run and churns 300 MB: the runs right after it were seen to take up to a
  # tenth longer, so its runs come after the others' instead of between them.
  local quick=() slow=()
  for t in "${tools[@]}"; do
    if [ "$t" = markdownlint-cli2 ]; then slow+=("$t"); else quick+=("$t"); fi
  done
  local n=${#quick[@]}
  for ((i = 0; i < runs; i++)); do
    for ((k = 0; k < n; k++)); do
      record "${quick[(i + k) % n]}"
    done
  done
  for t in "${slow[@]}"; do
    for ((i = 0; i < slow_runs; i++)); do
      record "$t"
    done
  done
  local counts="$runs rounds"
  ((${#slow[@]})) && counts+=", ${slow[*]} $slow_runs run$( ((slow_runs == 1)) || echo s)"
  printf '\n%s (%s, medians)\n' "$label" "$counts"
  printf '%-18s %10s %12s %14s   %s\n' tool seconds "max RSS MB" "vs planlint" "paired (quartiles)"
  local base
  base=$(tr ' ' '\n' <<<"${times[planlint]}" | grep . | median)
  for t in "${tools[@]}"; do
    local s m pair=""
    s=$(tr ' ' '\n' <<<"${times[$t]}" | grep . | median)
    m=$(tr ' ' '\n' <<<"${mems[$t]}" | grep . | median)
    # Only the interleaved tools ran in the same rounds as planlint.
    if [ "$t" != planlint ] && [[ " ${quick[*]} " == *" $t "* ]]; then
      pair=$(paired "${times[planlint]}" "${times[$t]}")
    fi
    printf '%-18s %10.3f %12.1f %13.2fx   %s\n' "$t" "$s" "$(echo "$m / 1024" | bc -l)" "$(echo "$s / $base" | bc -l)" "$pair"
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
