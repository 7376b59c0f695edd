#!/usr/bin/env bash
# Installs the agent CLIs the real-agent tests run, at pinned versions, outside the project's node_modules.
# DIR defaults to ~/.cache/mstui/agent-clis (not /tmp: codex refuses helper binaries under /tmp).
# Idempotent: does nothing when the three binaries already report the pinned versions. Prints the bin dir.
set -euo pipefail

DIR="${MSTUI_AGENT_CLIS:-$HOME/.cache/mstui/agent-clis}"
BIN="$DIR/node_modules/.bin"
CLAUDE_VERSION=2.1.328
CODEX_VERSION=0.169.0
GEMINI_VERSION=0.61.0

has_version() { # name version
  [ -x "$BIN/$1" ] && "$BIN/$1" --version 2>/dev/null </dev/null | grep -qF "$2"
}

if has_version claude "$CLAUDE_VERSION" && has_version codex "$CODEX_VERSION" && has_version gemini "$GEMINI_VERSION"; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$DIR"
# A package.json of its own, so npm never walks up into an enclosing project.
[ -f "$DIR/package.json" ] || echo '{"name":"mstui-agent-clis","private":true}' >"$DIR/package.json"
npm install --prefix "$DIR" --no-audit --no-fund --no-save \
  "@anthropic-ai/claude-code@$CLAUDE_VERSION" "@openai/codex@$CODEX_VERSION" "@google/gemini-cli@$GEMINI_VERSION" >&2

for pair in "claude $CLAUDE_VERSION" "codex $CODEX_VERSION" "gemini $GEMINI_VERSION"; do
  set -- $pair
  if ! has_version "$1" "$2"; then
    echo "install-agent-clis: $BIN/$1 --version does not report $2" >&2
    exit 1
  fi
done
echo "$BIN"
