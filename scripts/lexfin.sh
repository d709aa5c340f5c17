#!/usr/bin/env bash
# One entry point for every root script (pnpm start/test/bench/...): each puts Node 24 and pnpm on
# PATH, installs dependencies, and brings up the infrastructure it needs before doing its job.
set -euo pipefail
LEXFIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LEXFIN_ROOT
cd "$LEXFIN_ROOT"
# shellcheck source=scripts/toolchain.sh
source scripts/toolchain.sh || exit 1

command="${1:-}"
shift || true
# pnpm hands a `--` typed before the script's own options on to it (`pnpm bench trust -- --seconds 10`).
strip_dashes() { [ $# -gt 0 ] || return 0; local out=() arg; for arg in "$@"; do [ "$arg" = "--" ] || out+=("$arg"); done; printf '%s\0' "${out[@]+"${out[@]}"}"; }

# `pnpm start` shows one line per step and how long it took; what a step prints goes to the run
# folder's setup.log, shown when the step fails.
now() { date +%s%N; }
step() {
  local label="$1" started; shift
  started="$(now)"
  echo "lexfin: ▸ $label" >&2
  if "$@" >>"$LEXFIN_RUN_DIR/setup.log" 2>&1; then
    echo "lexfin: ✓ $label ($(awk -v ns="$(( $(now) - started ))" 'BEGIN { printf "%.1f", ns / 1e9 }') s)" >&2
  else
    echo "lexfin: ✗ $label failed; the last lines of $LEXFIN_RUN_DIR/setup.log:" >&2
    tail -n 25 "$LEXFIN_RUN_DIR/setup.log" | sed 's/^/  | /' >&2
    exit 1
  fi
}

install_deps() {
  if [ "${CI:-}" = "true" ] || [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
    pnpm install --frozen-lockfile --reporter=append-only >&2 \
      || { echo "lexfin: 'pnpm install --frozen-lockfile' failed; see the lines above" >&2; return 1; }
  fi
}

setup() {
  install_deps
  bash scripts/infra.sh build-kafka-mock
}

case "$command" in
  setup) setup ;;
  infra) setup; bash scripts/infra.sh up; bash scripts/infra.sh browser ;;
  build) install_deps; pnpm exec tsc -b tsconfig.json ;;
  typecheck) install_deps; pnpm exec tsc -b tsconfig.json && pnpm exec tsc -p tsconfig.test.json --noEmit ;;
  lint) install_deps; pnpm exec eslint . && pnpm exec prettier --check . ;;
  format) install_deps; pnpm exec prettier --write . ;;
  asyncapi) install_deps; pnpm exec tsc -b tsconfig.json && node libs/contracts/dist/asyncapi/write-asyncapi.js "$@" ;;
  supergraph) install_deps; pnpm exec tsc -b tsconfig.json && node services/gateway/dist/supergraph/write-supergraph.js "$@" ;;
  test)
    setup
    bash scripts/infra.sh up
    bash scripts/infra.sh browser
    exec pnpm exec jest "$@"
    ;;
  bench)
    mapfile -d '' args < <(strip_dashes "$@"); set -- "${args[@]+"${args[@]}"}"
    setup
    bash scripts/infra.sh up
    benches="$(ls bench/*.mts 2>/dev/null | xargs -n1 basename 2>/dev/null | sed 's/\.mts$//' | tr '\n' ' ')"
    [ $# -ge 1 ] || { echo "lexfin: usage: pnpm bench <name>; benchmarks: $benches" >&2; exit 2; }
    name="$1"; shift
    [ -f "bench/$name.mts" ] || { echo "lexfin: no benchmark '$name'; benchmarks: $benches" >&2; exit 2; }
    pnpm exec tsc -b tsconfig.json
    exec node --no-warnings "bench/$name.mts" "$@"
    ;;
  chaos)
    mapfile -d '' args < <(strip_dashes "$@"); set -- "${args[@]+"${args[@]}"}"
    setup
    bash scripts/infra.sh up
    exec node --no-warnings e2e/chaos/bin/chaos.cjs "$@"
    ;;
  ops)
    # Against what is running (pnpm start's broker and databases, or production's): no infra.
    install_deps
    pnpm exec tsc -b tsconfig.json
    exec node tools/ops/dist/main.js "$@"
    ;;
  start)
    LEXFIN_RUN_DIR="${LEXFIN_RUN_DIR:-$LEXFIN_ROOT/.run/$(date -u +%Y%m%dT%H%M%SZ)}"
    export LEXFIN_RUN_DIR
    mkdir -p "$LEXFIN_RUN_DIR" && ln -sfn "$LEXFIN_RUN_DIR" "$LEXFIN_ROOT/.run/latest"
    echo "lexfin: Node $(node --version), pnpm $(pnpm --version); this run's logs: ${LEXFIN_RUN_DIR#"$PWD"/}" >&2
    step "dependencies (pnpm install)" install_deps
    step "development Kafka broker (tools/kafka-mock)" bash scripts/infra.sh build-kafka-mock
    step "PostgreSQL and Redis" bash scripts/infra.sh up
    step "build (tsc -b)" pnpm exec tsc -b tsconfig.json
    exec node scripts/start.mjs "$@"
    ;;
  demo)
    install_deps
    pnpm exec tsc -b tsconfig.json
    exec node scripts/demo/demo.mjs "$@"
    ;;
  token)
    install_deps
    pnpm exec tsc -b tsconfig.json
    exec node scripts/token.mjs "$@"
    ;;
  *)
    echo "lexfin: unknown command '${command}'; one of: setup infra build typecheck lint format asyncapi supergraph test bench chaos ops start demo token" >&2
    exit 2
    ;;
esac
