import * as fs from "node:fs";
import * as path from "node:path";
import { kinds } from "../provider/tasks/registry";
import { generateArgs } from "./lib/argsGenerator";

/**
 * `npm run gen:args`: writes provider/resources/generated/<Kind>.ts (the resource class and its Args)
 * and <Kind>.<property>.ts (the nested shapes under one property) for every kind. A unit test
 * regenerates them and fails when a committed file differs, so they never drift from the schemas.
 */
export const GENERATED_DIR = ["provider", "resources", "generated"];

export function generatedFiles(): Map<string, string> {
  return new Map([...kinds.values()].flatMap((k) => [...generateArgs(k)]));
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..", "..");
  const dir = path.join(root, ...GENERATED_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of generatedFiles()) fs.writeFileSync(path.join(dir, file), text);
  console.log(`wrote ${generatedFiles().size} files to ${path.relative(root, dir)}`);
}
