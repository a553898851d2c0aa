#!/usr/bin/env bash
# Benchmark `planlint hook pre-commit` (release build) in a generated repository of 2,000
# files: 250 copies of a real spec-kit plan set from the corpus (7 files each, 1,750 files)
# plus 250 source files, all committed, on a feature branch.
#
#   bench/hook-pre-commit.sh [RUNS] [PLAN-SET]     (defaults: 50, the corpus's
#                                                   stroke/specs/057-get-input-example)
#
# Measures the whole process, as git runs it, with nothing staged (goal: under 10 ms) and
# with one plan set staged (goal: under 30 ms); prints the median and the fastest run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
runs="${1:-50}"
template="$(cd "${2:-$repo/../shared/corpus/stroke/specs/057-get-input-example}" && pwd)"
cd "$repo"
cargo build --release --quiet --bin planlint
planlint="$repo/target/release/planlint"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GITHUB_HEAD_REF CI_MERGE_REQUEST_SOURCE_BRANCH_NAME CI_COMMIT_REF_NAME BRANCH_NAME || true

cd "$work"
git init -q -b main
files_per_set=$(find "$template" -type f | wc -l)
sets=$(( (2000 - 250) / files_per_set ))
for i in $(seq 1 "$sets"); do
  dir=$(printf 'specs/%03d-feature-%d' "$i" "$i")
  mkdir -p "$dir"
  cp -r "$template/." "$dir/"
done
mkdir -p src
for i in $(seq 1 $((2000 - sets * files_per_set))); do
  printf 'pub fn f%d() -> u32 { %d }\n' "$i" "$i" > "src/module_$i.rs"
done
git add -A
git commit -q -m "generated repository"
echo "repository: $(git ls-files | wc -l) files, $sets plan sets of $files_per_set files ($template)"
git switch -q -c 100-feature-100

measure() { # measure LABEL GOAL_MS
  python3 - "$planlint" "$runs" "$1" "$2" <<'PY'
import statistics, subprocess, sys, time
planlint, runs, label, goal = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
times, code = [], None
for _ in range(runs):
    start = time.perf_counter()
    code = subprocess.run([planlint, "hook", "pre-commit", "--format", "concise", "-q"],
                          stdout=subprocess.DEVNULL).returncode
    times.append((time.perf_counter() - start) * 1000)
median = statistics.median(times)
verdict = "within" if median < goal else "OVER"
print(f"{label}: median {median:.2f} ms, fastest {min(times):.2f} ms over {runs} runs "
      f"(exit {code}; goal < {goal:.0f} ms: {verdict})")
PY
}

measure "nothing staged" 10
printf '\nOne more paragraph of context.\n' >> specs/100-feature-100/plan.md
printf '\nA clarified requirement.\n' >> specs/100-feature-100/spec.md
git add specs/100-feature-100
measure "one plan set staged" 30
