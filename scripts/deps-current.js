#!/usr/bin/env node
// Exits 0 when node_modules already holds what package-lock.json pins, so setup skips `npm ci`.
// It reads npm's own record of the tree (node_modules/.package-lock.json, written by every
// `npm ci` and `npm install`), so an install made by hand counts too, not only one setup made.
// Plain JavaScript: it runs before anything is installed or built. Prints why a tree is not current.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

function why() {
  if (!fs.existsSync(path.join(root, "node_modules/.package-lock.json"))) return "no node_modules yet";
  const pkg = read("package.json");
  const lock = read("package-lock.json");
  const installed = read("node_modules/.package-lock.json").packages ?? {};
  const pinned = lock.packages ?? {};
  // package.json's declared ranges against the lock's record of them: an edit there needs an install.
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    if (JSON.stringify(pkg[field] ?? {}) !== JSON.stringify(pinned[""]?.[field] ?? {})) return `package.json's ${field} changed`;
  }
  for (const [where, entry] of Object.entries(pinned)) {
    if (where === "") continue;
    const have = installed[where];
    // Optional packages for other platforms are pinned but never installed.
    if (!have) {
      if (entry.optional) continue;
      return `${where} is missing`;
    }
    if (have.version !== entry.version || have.resolved !== entry.resolved || have.integrity !== entry.integrity)
      return `${where} is not the pinned ${entry.version}`;
    if (!fs.existsSync(path.join(root, where, "package.json"))) return `${where} was removed`;
  }
  for (const where of Object.keys(installed)) if (!(where in pinned)) return `${where} is not in package-lock.json`;
  return undefined;
}

const reason = why();
if (reason) {
  process.stdout.write(`${reason}\n`);
  process.exit(1);
}
