import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { KNOWN_AFTER_APPLY, UNKNOWN_VALUE, ENDED_NOTE, analyzePreview, parsePreview, renderMarkdown } from "../../../provider/report";
import { taskState, step, volcInputs, createStep, report, allText } from "./builders";

/**
 * Real engine output: `pulumi preview --json` from Pulumi CLI v3.259.0 on a scratch program with a
 * dynamic provider registered as rtc:TencentRelayToCdn (diff returns replaces + deleteBeforeReplace).
 * Trimmed only by dropping stackTrace/sourcePosition/created/modified/propertyDependencies and
 * shortening the __provider closure text.
 */
const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");

/** Default JSON (no --show-replacement-steps); relay-a is replaced create-before-delete. */
const ENGINE_CBD = fixture("engine-create-before-delete.json");
/** --show-replacement-steps with deleteBeforeReplace: the relay-a steps only. */
const ENGINE_DBR_STEPS = fixture("engine-delete-before-replace-steps.json");

describe("engine-produced preview JSON", () => {
  it("reports every class from a default `pulumi preview --json`", () => {
    const r = analyzePreview(parsePreview(ENGINE_CBD));
    expect(r.summary).toBe("1 stream starts · 1 changes in place · 1 interrupted · 1 stops");
    const byName = Object.fromEntries(r.rows.map((row) => [row.name, row]));
    expect(byName["relay-a"]).toMatchObject({
      impact: "interrupt",
      handover: "hands-over",
      forcedBy: ["roomId"],
      identity: `1400000001/r1/srv-r1 → 1400000001/r2/${KNOWN_AFTER_APPLY}`,
      changes: [{ name: "roomId", old: "r1", new: "r2" }],
    });
    // The dynamic provider reports no changed keys: the change comes from diffing inputs.
    expect(byName["relay-b"]).toMatchObject({ impact: "change", changes: [{ name: "bitrate", old: "1000", new: "2000" }] });
    expect(byName["relay-c"]).toMatchObject({ impact: "stop", identity: "1400000001/c/srv-c" });
    expect(byName["relay-d"]).toMatchObject({ impact: "start", identity: `1400000001/${KNOWN_AFTER_APPLY}/${KNOWN_AFTER_APPLY}` });
    expect(r.otherLine).toBe("Other resources: 1 unchanged");
    const text = allText(r);
    expect(text).not.toContain("exports.handler");
    expect(text).not.toContain(UNKNOWN_VALUE);
  });

  it("groups --show-replacement-steps of a delete-before-replace into one row that goes dark", () => {
    const r = analyzePreview(parsePreview(ENGINE_DBR_STEPS));
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ name: "relay-a", impact: "interrupt", handover: "goes-dark", forcedBy: ["roomId"] });
    expect(r.rows[0]?.changes).toEqual([
      { name: "roomId", old: "r1", new: "r2" },
      { name: "dbr", old: "false", new: "true" },
    ]);
  });

  it("the same steps without the physical ones still go dark (pendingReplacement on the old state)", () => {
    const d = JSON.parse(ENGINE_DBR_STEPS) as { steps: { op: string }[] };
    d.steps = d.steps.filter((s) => s.op === "replace");
    expect(analyzePreview(parsePreview(d)).rows[0]?.handover).toBe("goes-dark");
  });

  it("--refresh adds refresh steps that change nothing by themselves", () => {
    const d = JSON.parse(ENGINE_CBD) as { steps: { op: string; urn: string }[] };
    const refreshes = d.steps.filter((s) => s.op !== "create").map((s) => ({ ...s, op: "refresh", replaceReasons: undefined }));
    d.steps = [...refreshes, ...d.steps];
    const r = analyzePreview(parsePreview(d));
    expect(r.summary).toBe("1 stream starts · 1 changes in place · 1 interrupted · 1 stops");
    expect(r.unchanged).toBe(0);
    expect(r.otherLine).toBe("Other resources: 1 unchanged");
  });

  it("--refresh: a task read as gone and created again is noted as ended at the vendor", () => {
    // Shaped like CLI v3.259 (e2e): the refresh step of an ended task, then a create of the same URN.
    const s = taskState("VolcengineMixedRelayToCdn", "lobby", volcInputs(), volcInputs());
    const urn = s["urn"] as string;
    const r = report([
      step("refresh", urn, { oldState: s, newState: s }),
      createStep("VolcengineMixedRelayToCdn", "lobby", volcInputs()),
      createStep("VolcengineMixedRelayToCdn", "fresh", volcInputs({ roomId: "r2" })),
    ]);
    expect(r.rows.map((x) => [x.name, x.impact, x.notes])).toEqual([
      ["fresh", "start", []],
      ["lobby", "start", [ENDED_NOTE]],
    ]);
    expect(renderMarkdown(r)).toContain("| Notes |");
  });
});
