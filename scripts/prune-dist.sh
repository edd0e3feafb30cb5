#!/usr/bin/env bash
# Removes compiled files whose TypeScript source is gone. tsc never deletes output, so after a module
# becomes a folder (emulator/volcengine.ts -> emulator/volcengine/index.ts) a stale dist/.../volcengine.js
# would stay, and Node's require("./volcengine") would load it before the folder's index.js.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d dist ] || exit 0
find dist/provider dist/scripts dist/examples -name '*.js' 2>/dev/null | while read -r js; do
  src="${js#dist/}"
  [ -f "${src%.js}.ts" ] || rm -f "$js" "$js.map" "${js%.js}.d.ts" "${js%.js}.d.ts.map"
done
