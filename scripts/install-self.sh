#!/usr/bin/env bash
# Installs the built package into node_modules/rtc-tasks as npm would (package.json and the `files`
# it lists: dist/provider without source maps, README.md), so the demo and examples/ import it by
# name exactly as a user's program does. A real copy rather than a symlink: Pulumi stores a provider
# from a module under node_modules as a one-line require of the installed package (see
# provider/resources/taskResource.ts). test/e2e/install.test.ts checks the real `npm pack` instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target=node_modules/rtc-tasks
rm -rf "$target.tmp" && mkdir -p "$target.tmp/dist"
cp package.json README.md "$target.tmp/"
cp -R dist/provider "$target.tmp/dist/provider"
find "$target.tmp/dist" -name '*.map' -delete
rm -rf "$target" && mv "$target.tmp" "$target"
