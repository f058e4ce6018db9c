#!/usr/bin/env bash
# crmkit set-up and run: `bash scripts/dev.sh demo` or `bash scripts/dev.sh test`.
# Installs what a fresh machine with only Node 20 + npm lacks: pnpm, the locked
# dependencies, and (for tests) Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1; then
    npm install -g pnpm@12.21.0 >/dev/null
  fi
  pnpm install --frozen-lockfile
}

ensure_chromium() {
  if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then return; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# The warehouse test (packages/server/test/warehouse.test.ts) runs docs/warehouse.sql on a throwaway PostgreSQL cluster.
ensure_postgresql() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

case "${1:-}" in
  demo)
    ensure_pnpm
    exec pnpm demo
    ;;
  test)
    ensure_pnpm
    ensure_chromium
    ensure_postgresql
    exec pnpm test
    ;;
  *)
    echo "usage: bash scripts/dev.sh demo|test" >&2
    exit 2
    ;;
esac
