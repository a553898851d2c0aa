#!/usr/bin/env bash
# Build the fuzzers' starting corpora from real plan sets: every folder holding a plan.md or
# impl-plan.md under the given roots (default: the repository's fixtures) becomes one
# plan_set input (its files joined with the 0x1e separator in src/harness.rs's PARTS order;
# the branch part from branch.txt, the constitution from the nearest
# .specify/memory/constitution.md); every planlint.yaml and rules/*.yaml a config input.
# Usage: fuzz/seed.sh [ROOT...]   (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
roots=("$@")
[ ${#roots[@]} -gt 0 ] || roots=(fixtures)
mkdir -p fuzz/corpus/plan_set fuzz/corpus/config
n=0
while IFS= read -r -d '' plan; do
  dir=$(dirname "$plan")
  out="fuzz/corpus/plan_set/seed-$n"
  : > "$out"
  first=1
  # The nearest constitution above the plan, as speckit projects keep it.
  constitution=
  up=$dir
  while [ "$up" != . ] && [ "$up" != / ]; do
    [ -f "$up/.specify/memory/constitution.md" ] && { constitution=$up/.specify/memory/constitution.md; break; }
    up=$(dirname "$up")
  done
  for part in "$dir/$(basename "$plan")" "$dir/spec.md" "$dir/tasks.md" "$dir/plan_output.json" \
              "$dir/branch.txt" "$dir/research.md" "$dir/checklists/requirements.md" "$constitution"; do
    [ $first = 1 ] || printf '\x1e' >> "$out"
    first=0
    if [ -n "$part" ] && [ -f "$part" ]; then cat "$part" >> "$out"; fi
  done
  n=$((n + 1))
done < <(find "${roots[@]}" \( -name plan.md -o -name impl-plan.md \) -type f -print0)
m=0
while IFS= read -r -d '' yaml; do
  cp "$yaml" "fuzz/corpus/config/seed-$m"
  m=$((m + 1))
done < <(find "${roots[@]}" rules -name '*.yaml' -type f -print0)
echo "$n plan-set seeds, $m config seeds"
