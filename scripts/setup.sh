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

# 2. Programs in this repository (the root demo, examples/) consume the package by its name, as a
#    user's program does; the dynamic provider's shim also requires it by name from the program dir.
if [ "$(readlink node_modules/rtc-tasks 2>/dev/null)" != ".." ]; then
  rm -rf node_modules/rtc-tasks && ln -s .. node_modules/rtc-tasks
fi

# 3. Build (tsc is incremental, so an unchanged tree costs about a second).
say "building (tsc)"
npx --no-install tsc -p tsconfig.json

# 4. The Pulumi CLI and its Node.js language host.
bash scripts/ensure-pulumi-cli.sh
say "ready: $("${PULUMI_HOME:-$HOME/.pulumi}/versions/3.259.0/bin/pulumi" version)"
