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

install_deps() {
  if [ "${CI:-}" = "true" ] || [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
    pnpm install --frozen-lockfile --reporter=append-only >&2 \
      || { echo "lexfin: 'pnpm install --frozen-lockfile' failed; see the lines above" >&2; exit 1; }
  fi
}

setup() {
  install_deps
  bash scripts/infra.sh build-kafka-mock
}

case "$command" in
  setup) setup ;;
  infra) setup; bash scripts/infra.sh up ;;
  build) install_deps; pnpm exec tsc -b tsconfig.json ;;
  typecheck) install_deps; pnpm exec tsc -b tsconfig.json && pnpm exec tsc -p tsconfig.test.json --noEmit ;;
  lint) install_deps; pnpm exec eslint . && pnpm exec prettier --check . ;;
  format) install_deps; pnpm exec prettier --write . ;;
  asyncapi) install_deps; pnpm exec tsc -b tsconfig.json && node libs/contracts/dist/asyncapi/write-asyncapi.js "$@" ;;
  supergraph) install_deps; pnpm exec tsc -b tsconfig.json && node services/gateway/dist/supergraph/write-supergraph.js "$@" ;;
  test)
    setup
    bash scripts/infra.sh up
    exec pnpm exec jest "$@"
    ;;
  bench)
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
    setup
    bash scripts/infra.sh up
    exec node --no-warnings e2e/chaos/bin/chaos.cjs "$@"
    ;;
  start)
    setup
    bash scripts/infra.sh up
    pnpm exec tsc -b tsconfig.json
    exec node scripts/start.mjs "$@"
    ;;
  *)
    echo "lexfin: unknown command '${command}'; one of: setup infra build typecheck lint format asyncapi supergraph test bench chaos start" >&2
    exit 2
    ;;
esac
