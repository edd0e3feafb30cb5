#!/usr/bin/env bash
# One idempotent setup step that every command needing it runs first: dependencies, the build,
# the package installed under its own name, and the Pulumi CLI. A part that is current is skipped.
#   --quiet          print nothing but errors
#   --no-pulumi-cli  leave the Pulumi CLI out (the emulator does not need it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quiet=0
cli=1
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --no-pulumi-cli) cli=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { [ $quiet = 1 ] || printf '[setup] %s\n' "$*" >&2; }

# 1. Dependencies: `npm ci` only when node_modules differs from package-lock.json. The check reads
#    npm's own record of the tree, so an `npm ci` run by hand before this counts as current.
if stale=$(node scripts/deps-current.js); then
  say "npm dependencies: current"
else
  say "npm dependencies: installing with npm ci ($stale)"
  # npm ci also runs the package's `prepare` script (tsc, as below) once it has installed.
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# 2. Build (tsc is incremental, so an unchanged tree costs a few seconds), then install the package
#    into node_modules under its own name: the demo and examples/ import it as a user's program does.
say "build: tsc into dist/, then dist/provider copied to node_modules/rtc-tasks"
npx --no-install tsc -p tsconfig.json
bash scripts/prune-dist.sh
bash scripts/install-self.sh

# 3. The Pulumi CLI and its Node.js language host.
if [ $cli = 0 ]; then exit 0; fi
if [ $quiet = 1 ]; then bash scripts/ensure-pulumi-cli.sh 2>/dev/null; else bash scripts/ensure-pulumi-cli.sh; fi
