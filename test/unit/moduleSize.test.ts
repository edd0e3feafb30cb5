import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Small files with names that explain themselves: a file in provider/ (code or data) that grows past
 * 400 lines is doing more than one thing, and is split by concern (generated Args by property, see
 * scripts/lib/argsGenerator.ts; Volcengine's model into actions and types).
 */
const LIMIT = 400;

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("provider files", () => {
  it(`are at most ${LIMIT} lines each`, () => {
    const root = path.resolve(__dirname, "../..");
    const all = files(path.join(root, "provider"));
    expect(all.filter((f) => f.endsWith(".ts")).length).toBeGreaterThan(50);
    const long = all
      .map((f) => ({ file: path.relative(root, f), lines: fs.readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((f) => f.lines > LIMIT)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
