import { describe, expect, it } from "vitest";
import { analyzePreview, parsePreview, renderMarkdown, renderText, summarize, type Report } from "../../../provider/report";
import { DEFAULT_PROVIDER, taskType, urnOf, step, volcInputs, createStep, deleteStep, updateStep, replaceStep, report } from "./builders";

describe("report layout", () => {
  const full = (): Report =>
    report(
      [
        createStep("VolcengineWebcast", "s1", volcInputs({ taskId: "a" })),
        createStep("VolcengineWebcast", "s2", volcInputs({ taskId: "b" })),
        updateStep("VolcengineWebcast", "c1", volcInputs({ taskId: "c" }), volcInputs({ taskId: "c", bitrate: 2 })),
        replaceStep(
          "VolcengineWebcast",
          "i1",
          volcInputs(),
          volcInputs({ roomId: "r2" }),
          { pendingReplacement: true },
          { replaceReasons: ["roomId"] },
        ),
        deleteStep("VolcengineWebcast", "d1", volcInputs({ taskId: "d" })),
        step("create", urnOf("aws:s3/bucket:Bucket", "logs"), {
          newState: { urn: urnOf("aws:s3/bucket:Bucket", "logs"), type: "aws:s3/bucket:Bucket", custom: true },
        }),
        step("create", DEFAULT_PROVIDER, { newState: { urn: DEFAULT_PROVIDER, type: "pulumi:providers:pulumi-nodejs", custom: true } }),
        step("update", urnOf("random:index/randomId:RandomId", "r"), {}),
        step("replace", urnOf("aws:s3/bucket:Bucket", "old"), { oldState: { type: "aws:s3/bucket:Bucket", delete: true } }),
        step("create-replacement", urnOf("aws:s3/bucket:Bucket", "old"), {}),
      ],
      {
        diagnostics: [
          { message: "warning: something minor\n", severity: "warning" },
          { urn: urnOf(taskType("VolcengineWebcast"), "i1"), prefix: "error: ", message: "preview failed: boom\n", severity: "error" },
          { message: "printed line\n", severity: "info" },
        ],
      },
    );

  it("summary line follows start · change · interrupt · stop and agrees in number", () => {
    // full() carries an error diagnostic: the preview stopped early, and the summary says so first.
    expect(full().summary).toBe(
      "Preview failed (1 error), changes incomplete: 2 streams start · 1 changes in place · 1 interrupted · 1 stops",
    );
    expect(summarize({ start: 0, change: 3, interrupt: 1, stop: 4 })).toBe("3 streams change in place · 1 interrupted · 4 stop");
    expect(summarize({ start: 0, change: 0, interrupt: 0, stop: 0 })).toBe("No live stream changes.");
    expect(summarize({ start: 0, change: 0, interrupt: 0, stop: 0 }, 2)).toBe("Preview failed (2 errors): live stream changes unknown.");
  });

  it("summarises non-task resources in one line, a replacement counted once", () => {
    expect(full().otherLine).toBe("Other resources: 2 create, 1 update, 1 replace, 1 unchanged");
    expect(report([]).otherLine).toBe("Other resources: 1 unchanged");
    expect(analyzePreview(parsePreview({ steps: [] })).otherLine).toBe("Other resources: none.");
  });

  it("markdown: summary first, sections interrupted → stop → change → start, errors last", () => {
    const md = renderMarkdown(full());
    expect(md.split("\n")[0]).toBe(
      "**Preview failed (1 error), changes incomplete: 2 streams start · 1 changes in place · 1 interrupted · 1 stops**",
    );
    const order = ["### Interrupted", "### Stop", "### Change in place", "### Start", "Other resources:", "### Errors"].map((h) =>
      md.indexOf(h),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toContain("| Resource | Task | Identity | Handover | Forced by | Changes |");
    expect(md).toContain(
      "| i1 | Volcengine cloud webcast | app-1/room-1/task-1 → app-1/r2/task-1 | goes dark (stops first) | roomId | roomId: room-1 → r2 |",
    );
    expect(md).toContain("| c1 | Volcengine cloud webcast | app-1/room-1/c | bitrate: (none) → 2 |");
    expect(md).toContain("- i1: error: preview failed: boom");
    expect(md).not.toContain("something minor");
    expect(md).not.toContain("printed line");
  });

  it("markdown escapes table-breaking and HTML characters from values", () => {
    const r = report([updateStep("VolcengineWebcast", "c", volcInputs({ note: "a" }), volcInputs({ note: "x|y<script>" }))]);
    const md = renderMarkdown(r);
    expect(md).toContain("note: a → x\\|y&lt;script&gt;");
    expect(md).not.toContain("<script>");
  });

  it("multiple changes are separate lines in Markdown and ;-joined in text", () => {
    const r = report([updateStep("VolcengineWebcast", "c", volcInputs({ a: 1, b: 1 }), volcInputs({ a: 2, b: 2 }))]);
    expect(renderMarkdown(r)).toContain("a: 1 → 2<br>b: 1 → 2");
    expect(renderText(r)).toContain("a: 1 → 2; b: 1 → 2");
  });

  it("text: same content, aligned columns, no Markdown", () => {
    const text = renderText(full());
    expect(text.split("\n")[0]).toBe(
      "Preview failed (1 error), changes incomplete: 2 streams start · 1 changes in place · 1 interrupted · 1 stops",
    );
    expect(text).not.toMatch(/\*\*|###|\|/);
    const lines = text.split("\n");
    const header = lines.findIndex((l) => l === "Start (2)");
    const [h, r1, r2] = lines.slice(header + 1, header + 4) as [string, string, string];
    expect(h.indexOf("Task")).toBe(r1.indexOf("Volcengine"));
    expect(h.indexOf("Identity")).toBe(r2.indexOf("app-1"));
    expect(text).toContain("Other resources: 2 create, 1 update, 1 replace, 1 unchanged");
    expect(text).toMatch(/Errors:\n {2}i1: error: preview failed: boom/);
  });

  it("no changes renders a short report", () => {
    const r = report([]);
    expect(renderMarkdown(r)).toBe("**No live stream changes.**\n\nOther resources: 1 unchanged\n");
    expect(renderText(r)).toBe("No live stream changes.\n\nOther resources: 1 unchanged\n");
  });
});
