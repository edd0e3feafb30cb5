import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import * as rtc from "../../../provider";
import type { TaskKind } from "../../../provider/tasks/kind";
import { kinds } from "../../../provider/tasks/registry";
import { oneOfConstant } from "../../../provider/tasks/schema";
import { VolcengineLayoutMode } from "../../../provider/tasks/volcengine/constants";
import { docSlots, generateArgs } from "../../../scripts/lib/argsGenerator";

/**
 * Types that teach: every property of every generated Args, at every depth, has a doc comment (its
 * unit, range, default and what changing it does, from the kind's `<kind>.docs.ts`), a property that
 * takes a vendor's named constant names it, and no Args property is left untyped.
 */

/** What a kind's docs lack or get wrong, one line each, naming the kind and the input path. */
function docProblems(kind: TaskKind): string[] {
  const slots = docSlots(kind);
  const problems: string[] = [];
  for (const s of slots) {
    if (!s.doc) problems.push(`${kind.type}: ${s.path} has no doc`);
    else if (s.constant && !s.doc.includes(s.constant)) problems.push(`${kind.type}: the doc of ${s.path} does not name ${s.constant}`);
    if (s.constant && typeof (rtc as Record<string, unknown>)[s.constant] !== "object")
      problems.push(`${kind.type}: ${s.path} takes ${s.constant}, which rtc-tasks does not export`);
  }
  // A key the generator never looks up is a typo, or a property that is gone.
  const paths = new Set(slots.map((s) => s.path));
  for (const key of Object.keys(kind.docs ?? {}))
    if (!paths.has(key)) problems.push(`${kind.type}: docs has "${key}", which names no property of its Args`);
  return problems;
}

/** Args properties whose type says nothing: `unknown`, or an object of any shape. */
function untyped(kind: TaskKind): string[] {
  return (
    [...generateArgs(kind).values()]
      .join("\n")
      .split("\n")
      // Doc comments may say "unknown" in prose; only code lines declare types.
      .filter((l) => !/^\s*(\*|\/\*\*|\/\/)/.test(l))
      .filter((l) => /Record<string, unknown>|\bunknown\b/.test(l))
      .map((l) => `${kind.type}: ${l.trim()}`)
  );
}

describe("the generated Args' docs", () => {
  it.each([...kinds.keys()])("%s documents every property at every depth", (type) => {
    expect(docProblems(kinds.get(type)!)).toEqual([]);
  });

  it.each([...kinds.keys()])("%s types every property (no unknown, no Record<string, unknown>)", (type) => {
    expect(untyped(kinds.get(type)!)).toEqual([]);
  });

  it("the README names every exported constant", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../../README.md"), "utf8");
    const exported = Object.keys(rtc).filter(
      (name) => /^(Volcengine|Tencent|Zego)/.test(name) && typeof (rtc as Record<string, unknown>)[name] === "object",
    );
    expect(exported.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it("every exported named constant is the source of some property's values", () => {
    const used = new Set([...kinds.values()].flatMap((k) => docSlots(k).flatMap((s) => (s.constant ? [s.constant] : []))));
    const exported = Object.entries(rtc).filter(([name, v]) => /^(Volcengine|Tencent|Zego)/.test(name) && typeof v === "object");
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.map(([name]) => name).filter((name) => !used.has(name))).toEqual([]);
  });

  describe("fails, naming the kind and the path, when", () => {
    const base = kinds.get("VolcengineSingleRelayToCdn")!;
    const withDocs = (docs: Record<string, string>, schema = base.schema): TaskKind => ({ ...base, type: "FakeKind", docs, schema });

    it("a property has no doc", () => {
      const { ["control.maxIdleTime"]: _gone, ...docs } = base.docs!;
      expect(docProblems(withDocs(docs))).toEqual(["FakeKind: control.maxIdleTime has no doc"]);
    });

    it("a named shape has no doc", () => {
      const { VolcengineStream: _gone, ...docs } = kinds.get("VolcengineMixedRelayToCdn")!.docs!;
      const kind = { ...kinds.get("VolcengineMixedRelayToCdn")!, type: "FakeKind", docs };
      expect(docProblems(kind)).toEqual(["FakeKind: VolcengineStream has no doc"]);
    });

    it("a property is added to the schema without a doc, at any depth", () => {
      const schema = z.strictObject({
        ...(base.schema as z.ZodObject).shape,
        extra: z.strictObject({ deep: z.array(z.strictObject({ deeper: z.string() })) }),
      });
      expect(docProblems(withDocs({ ...base.docs!, extra: "An extra input." }, schema))).toEqual([
        "FakeKind: extra.deep[].deeper has no doc",
        "FakeKind: extra.deep has no doc",
      ]);
    });

    it("a doc names no property (a typo, or a property that is gone)", () => {
      expect(docProblems(withDocs({ ...base.docs!, "control.maxIdelTime": "Seconds." }))).toEqual([
        'FakeKind: docs has "control.maxIdelTime", which names no property of its Args',
      ]);
    });

    it("a property takes a named constant its doc does not name", () => {
      const schema = z.strictObject({ ...(base.schema as z.ZodObject).shape, mode: oneOfConstant({ VolcengineLayoutMode }, "a mode") });
      expect(docProblems(withDocs({ ...base.docs!, mode: "The layout: 0 to 3." }, schema))).toEqual([
        "FakeKind: the doc of mode does not name VolcengineLayoutMode",
      ]);
    });

    it("a property has no type", () => {
      const schema = z.strictObject({ ...(base.schema as z.ZodObject).shape, loose: z.record(z.string(), z.unknown()) });
      expect(untyped({ ...withDocs(base.docs!, schema) })).toEqual(["FakeKind: loose: pulumi.Input<Record<string, unknown>>;"]);
    });
  });
});
