import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Small modules with names that explain themselves: a file in provider/ that grows past 400 lines is
 * doing more than one thing, and is split by concern (generated files by property, see
 * scripts/lib/argsGenerator.ts).
 */
const LIMIT = 400;

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

describe("provider modules", () => {
  it(`are at most ${LIMIT} lines each`, () => {
    const root = path.resolve(__dirname, "../..");
    const files = sources(path.join(root, "provider"));
    expect(files.length).toBeGreaterThan(50);
    const long = files
      .map((f) => ({ file: path.relative(root, f), lines: fs.readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((f) => f.lines > LIMIT)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
