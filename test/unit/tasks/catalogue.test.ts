import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as rtc from "../../../provider";
import { generatedFileName } from "../../../scripts/lib/argsGenerator";
import { kinds } from "../../../provider/tasks/registry";
import { fixtures } from "./fixtures";

/**
 * The registry is the one list of task kinds. Everything else a kind needs is derived from its
 * declaration or checked here, so that adding a kind is its declaration, its vendor calls and the
 * pieces this test names when one is missing.
 */
const ROOT = path.resolve(__dirname, "../../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

function missingFor(type: string): string[] {
  const kind = kinds.get(type)!;
  const missing: string[] = [];
  if (typeof (rtc as Record<string, unknown>)[type] !== "function")
    missing.push(
      `a resource class exported by rtc-tasks (run \`npm run gen:args\`, and export provider/resources/generated/${generatedFileName(kind)} from provider/index.ts)`,
    );
  if (!fs.existsSync(path.join(ROOT, "provider/resources/generated", generatedFileName(kind))))
    missing.push("its generated class and Args (`npm run gen:args`)");
  if (!fixtures[type]) missing.push("input fixtures in test/unit/tasks/fixtures/ (the property tests)");
  if (!new RegExp(`^### ${type}$`, "m").test(read("README.md"))) missing.push(`a README section "### ${type}"`);
  if (!read("examples/fleet/index.ts").includes(`  ${type}: (i)`))
    missing.push("a maker in examples/fleet/index.ts (chaos, crash and bench tests)");
  if (kind.identity.length === 0) missing.push("identity fields");
  if (Boolean(kind.read) !== Boolean(kind.readBack))
    missing.push("`readBack` beside `read`, and only there: what its read call answers (status outputs, drift)");
  return missing;
}

describe("the catalogue of task kinds", () => {
  it.each([...kinds.keys()])("%s has every piece a kind needs", (type) => {
    expect(missingFor(type), `${type} lacks`).toEqual([]);
  });

  it("names what a kind lacks (a kind with nothing but its declaration)", () => {
    const fake = { ...kinds.get("ZegoCdnTransferRule")!, type: "AgoraCloudRecording" };
    (kinds as Map<string, typeof fake>).set(fake.type, fake);
    try {
      expect(missingFor(fake.type)).toEqual([
        expect.stringMatching(/^a resource class exported by rtc-tasks/),
        "its generated class and Args (`npm run gen:args`)",
        "input fixtures in test/unit/tasks/fixtures/ (the property tests)",
        'a README section "### AgoraCloudRecording"',
        "a maker in examples/fleet/index.ts (chaos, crash and bench tests)",
      ]);
    } finally {
      (kinds as Map<string, unknown>).delete(fake.type);
    }
  });
});
