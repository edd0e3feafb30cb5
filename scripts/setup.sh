#!/usr/bin/env bash
# One idempotent setup step that every command needing it runs first: dependencies, the build,
# the package linked under its own name, and the Pulumi CLI. Each part is skipped when current.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
say() { [ $quiet = 1 ] || printf '[setup] %s\n' "$*" >&2; }

# 1. Dependencies, reinstalled only when the lock file changed since the last install.
lock_hash=$(sha256sum package-lock.json package.json | sha256sum | cut -c1-16)
if [ ! -f node_modules/.rtc-tasks-lock ] || [ "$(cat node_modules/.rtc-tasks-lock)" != "$lock_hash" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > node_modules/.rtc-tasks-lock
fi

# 2. Build (tsc is incremental, so an unchanged tree costs about a second), then install the package
#    into node_modules under its own name: the demo and examples/ import it as a user's program does.
say "building (tsc) and installing the package into node_modules/rtc-tasks"
npx --no-install tsc -p tsconfig.json
bash scripts/prune-dist.sh
bash scripts/install-self.sh

# 3. The Pulumi CLI and its Node.js language host.
if [ $quiet = 1 ]; then bash scripts/ensure-pulumi-cli.sh 2>/dev/null; else bash scripts/ensure-pulumi-cli.sh; fi
