#!/usr/bin/env bash
# Source this file: it puts Node 24 and pnpm on PATH, installing them from the npm registry into a
# per-user tools prefix when the machine's own node is older. The system node is never replaced.
# Exports LEXFIN_TOOLS (the prefix) and npm_config_nodedir (headers for native addons).

lexfin_fail() { echo "lexfin: $*" >&2; return 1; }

LEXFIN_NODE_MAJOR=24
LEXFIN_TOOLS="${LEXFIN_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/lexfin/tools}"
export LEXFIN_TOOLS

lexfin_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

lexfin_ensure_node() {
  if [ -x "$LEXFIN_TOOLS/bin/node" ]; then
    export PATH="$LEXFIN_TOOLS/bin:$PATH"
  fi
  if [ "$(lexfin_node_major)" -ge "$LEXFIN_NODE_MAJOR" ]; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || lexfin_fail "Node ${LEXFIN_NODE_MAJOR} is needed and npm is missing to install it; install Node.js and npm first" || return 1
  echo "lexfin: installing Node ${LEXFIN_NODE_MAJOR} (registry package node@${LEXFIN_NODE_MAJOR}) into $LEXFIN_TOOLS" >&2
  mkdir -p "$LEXFIN_TOOLS"
  if ! npm install -g --prefix "$LEXFIN_TOOLS" --allow-scripts=node "node@${LEXFIN_NODE_MAJOR}" >"$LEXFIN_TOOLS/node-install.log" 2>&1 \
     && ! npm install -g --prefix "$LEXFIN_TOOLS" "node@${LEXFIN_NODE_MAJOR}" >>"$LEXFIN_TOOLS/node-install.log" 2>&1; then
    lexfin_fail "could not install node@${LEXFIN_NODE_MAJOR} from the npm registry; see $LEXFIN_TOOLS/node-install.log, or install Node ${LEXFIN_NODE_MAJOR} yourself" || return 1
  fi
  export PATH="$LEXFIN_TOOLS/bin:$PATH"
  hash -r
  [ "$(lexfin_node_major)" -ge "$LEXFIN_NODE_MAJOR" ] || lexfin_fail "node@${LEXFIN_NODE_MAJOR} was installed into $LEXFIN_TOOLS but 'node --version' still says $(node --version 2>&1)" || return 1
}

lexfin_ensure_nodedir() {
  # The node@24 registry package keeps its headers in its platform package beside the binary.
  local dir candidate
  dir="$(dirname "$(dirname "$(node -p process.execPath)")")"
  for candidate in "$dir" "$dir"/node_modules/node-*-*; do
    if [ -f "$candidate/include/node/node.h" ]; then
      export npm_config_nodedir="$candidate"
      return 0
    fi
  done
}

lexfin_ensure_pnpm() {
  local want
  want="$(node -p 'require(process.argv[1]).packageManager.split("@")[1]' "$LEXFIN_ROOT/package.json")"
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  if [ -x "$LEXFIN_TOOLS/bin/pnpm" ] && [ "$("$LEXFIN_TOOLS/bin/pnpm" --version 2>/dev/null)" = "$want" ]; then
    export PATH="$LEXFIN_TOOLS/bin:$PATH"
    return 0
  fi
  echo "lexfin: installing pnpm@${want} into $LEXFIN_TOOLS" >&2
  npm install -g --prefix "$LEXFIN_TOOLS" "pnpm@${want}" >"$LEXFIN_TOOLS/pnpm-install.log" 2>&1 \
    || lexfin_fail "could not install pnpm@${want} from the npm registry; see $LEXFIN_TOOLS/pnpm-install.log" || return 1
  export PATH="$LEXFIN_TOOLS/bin:$PATH"
  hash -r
}

LEXFIN_ROOT="${LEXFIN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export LEXFIN_ROOT
lexfin_ensure_node && lexfin_ensure_nodedir && lexfin_ensure_pnpm
