#!/usr/bin/env bash
# The real pre-commit framework against planlint's .pre-commit-hooks.yaml: installs
# pre-commit from PyPI into a virtualenv, snapshots this repository (its tracked and unignored
# files, uncommitted changes included) into a committed throwaway repository, and runs
# `pre-commit try-repo` with each of the three hooks (planlint, planlint-push,
# planlint-branch) against a sample repository: once failing, once passing.
#
# `language: rust` builds the hook with `cargo install` into a fresh store for every try-repo
# (six builds). CARGO_TARGET_DIR under target/ keeps the dependencies built between them, and
# the release profile is turned down to opt-level 0 without LTO for these builds: the hooks'
# behaviour is under test here, not their speed. Run by .ci/run; needs python3, git and cargo.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export CARGO_TARGET_DIR="$here/target/pre-commit-framework"
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export PRE_COMMIT_HOME="$work/cache"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
unset GITHUB_HEAD_REF CI_MERGE_REQUEST_SOURCE_BRANCH_NAME CI_COMMIT_REF_NAME BRANCH_NAME \
    GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PLANLINT || true

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
"$pre_commit" --version

# The hook repository: a committed snapshot of this tree.
hookrepo="$work/hookrepo"
mkdir "$hookrepo"
(cd "$here" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$here" && xargs -0 -I{} sh -c 'test -e "{}" && cp --parents "{}" "$0"' "$hookrepo")
git -C "$hookrepo" init -q -b main
git -C "$hookrepo" add -A
git -C "$hookrepo" commit -q -m snapshot
rev=$(git -C "$hookrepo" rev-parse HEAD)

plan() { # plan BRANCH EXTRA
    printf '# Implementation Plan: Login\n\n**Branch**: `%s` | **Date**: 2025-10-06 | **Spec**: [spec.md](./spec.md)\n\n## Summary\n\nUsers log in.\n\n## Technical Context\n\nRust.\n\n## Constitution Check\n\nAll gates pass.\n\n## Project Structure\n\nOne crate.\n%s' "$1" "$2"
}
defect=$'\nNEEDS CLARIFICATION: which password hash?\n'

sample="$work/sample"
mkdir -p "$sample/specs/001-login" "$sample/specs/archive/000-old"
cd "$sample"
git init -q -b main
printf '# Spec\n' > specs/001-login/spec.md
plan 001-login '' > specs/001-login/plan.md
# An excluded plan set with a defect: exclude must keep it out even when its files are passed.
printf '# Spec\n' > specs/archive/000-old/spec.md
plan 000-old "$defect" > specs/archive/000-old/plan.md
printf "exclude: ['specs/archive/**']\n" > planlint.yaml
git add -A
git commit -q -m base
git switch -q -c 001-login

failures=0
expect() { # expect pass|fail DESCRIPTION COMMAND…
    local want=$1 what=$2
    shift 2
    local status=0
    "$@" > "$work/out.txt" 2>&1 || status=$?
    if { [ "$want" = pass ] && [ $status -eq 0 ]; } || { [ "$want" = fail ] && [ $status -ne 0 ]; }; then
        echo "ok: $what ($want)"
    else
        echo "FAILED: $what: expected $want, exit $status"
        cat "$work/out.txt"
        failures=$((failures + 1))
    fi
}
try_repo() { "$pre_commit" try-repo "$hookrepo" "$@" --ref "$rev" --color never; }

# planlint (pre-commit stage): the staged files.
plan 001-login "$defect" > specs/001-login/plan.md
git add -A
expect fail "planlint: staged defect" try_repo planlint
grep -q 'S004' "$work/out.txt" || { echo "FAILED: no S004 in the output"; cat "$work/out.txt"; failures=$((failures + 1)); }
plan 001-login $'\nMore detail.\n' > specs/001-login/plan.md
plan 000-old "$defect$defect" > specs/archive/000-old/plan.md
git add -A
expect pass "planlint: staged clean (excluded defect staged too)" try_repo planlint
git commit -q --no-verify -m "plan"

# planlint-push (pre-push stage): the pushed range, with the remote branch's name.
base=$(git rev-parse main)
plan 001-login "$defect" > specs/001-login/plan.md
git commit -q -a --no-verify -m defect
tip=$(git rev-parse HEAD)
push_args=(--hook-stage pre-push --from-ref "$base" --to-ref "$tip"
    --remote-name origin --remote-url "file://$work/remote.git"
    --local-branch refs/heads/001-login --remote-branch refs/heads/001-login)
expect fail "planlint-push: pushed defect" try_repo planlint-push "${push_args[@]}"
plan 001-login '' > specs/001-login/plan.md
git commit -q -a --amend --no-verify -m fixed
tip=$(git rev-parse HEAD)
push_args[5]=$tip
expect pass "planlint-push: pushed clean" try_repo planlint-push "${push_args[@]}"

# planlint-branch: the branch name alone.
git switch -q -c login-page
expect fail "planlint-branch: login-page" try_repo planlint-branch --all-files
git switch -q 001-login
expect pass "planlint-branch: 001-login" try_repo planlint-branch --all-files

if [ "$failures" -ne 0 ]; then
    echo "$failures pre-commit framework check(s) failed"
    exit 1
fi
echo "pre-commit framework: all checks passed"
