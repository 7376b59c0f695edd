#!/usr/bin/env bash
# The floor of bench/floor.ts: the git work mstui must do per task, done with plain git, and the same agent program.
# Per task: `worktree add` from the integration branch's tip, the agent (one `-p` turn: it edits, writes its handoff
# section, commits), the configured test command, a squash merge into the integration worktree (one at a time:
# flock), `worktree remove`. No hooks, no gates beyond the test command, no state, no screen.
#
#   floor.sh <repo> <parallel> <task id>...     (parallel 1: in order, each from the tip the one before left)
# Environment: FLOOR_AGENT (the agent's argv as one line of space-free words), FLOOR_TEST (a sh command).
set -euo pipefail
repo=$1 parallel=$2
shift 2
cd "$repo"
integ=floor/M1
# The handoff file's sections from tasks in parallel merge line by line (git's built-in union driver).
echo 'HANDOFF_*.md merge=union' >> .git/info/attributes
git worktree add -q -b "$integ" .worktrees/integration HEAD

task() {
  local id=$1 wt=.worktrees/$1 br=floor/task-$1
  git worktree add -q -b "$br" "$wt" "$integ"
  # shellcheck disable=SC2086 # FLOOR_AGENT is argv words
  (cd "$wt" && $FLOOR_AGENT -p "Task: $id — Part $id
Handoff file: HANDOFF_M1.md" </dev/null >/dev/null 2>&1)
  (cd "$wt" && sh -c "$FLOOR_TEST")
  flock .git/floor-merge.lock sh -c 'git -C .worktrees/integration merge --squash -q "$1" >/dev/null &&
    git -C .worktrees/integration commit -q -m "$2"' _ "$br" "Task $id: Part $id"
  git worktree remove "$wt"
}
export -f task
export integ

if [ "$parallel" = 1 ]; then
  for id in "$@"; do task "$id"; done
else
  printf '%s\n' "$@" | xargs -P "$parallel" -I{} bash -c 'task "$1"' _ {}
fi
