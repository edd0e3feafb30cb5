import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_DIR, generatedFiles } from "../../../scripts/gen-args";

/**
 * The resource classes and their Args are generated from the kinds' declarations: the committed
 * files must be what the generator writes today, so types never drift from the rules check applies.
 */
describe("generated resources", () => {
  const dir = path.resolve(__dirname, "../../..", ...GENERATED_DIR);

  it("are up to date with the kinds' schemas and docs (run `npm run gen:args` when this fails)", () => {
    const expected = generatedFiles();
    const committed = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .sort();
    expect(committed).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(fs.readFileSync(path.join(dir, file), "utf8"), file).toBe(text);
  });
});
