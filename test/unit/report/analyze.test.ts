import { describe, expect, it } from "vitest";
import { kinds } from "../../../provider/tasks/registry";
import { KNOWN_AFTER_APPLY, taskTypeInfo, ENDED_NOTE, renderMarkdown, renderText, topLevelKey, urnName } from "../../../provider/report";
import {
  type Props,
  taskType,
  urnOf,
  taskState,
  step,
  volcInputs,
  createStep,
  deleteStep,
  updateStep,
  replaceStep,
  report,
  allText,
} from "./builders";

describe("analyzePreview: impact classes", () => {
  it("create → start, with the task identity", () => {
    const r = report([createStep("VolcengineMixedRelayToCdn", "mix", volcInputs())]);
    expect(r.counts).toEqual({ interrupt: 0, stop: 0, change: 0, start: 1 });
    expect(r.rows[0]).toMatchObject({
      impact: "start",
      name: "mix",
      type: "VolcengineMixedRelayToCdn",
      vendor: "Volcengine",
      kind: "mixed relay to CDN",
      identity: "app-1/room-1/task-1",
    });
    expect(r.summary).toBe("1 stream starts");
  });

  it("a Tencent task id is server-made: known after apply on create", () => {
    const r = report([createStep("TencentRelayToCdn", "trtc", { sdkAppId: 1400000001, roomId: "r1" })]);
    expect(r.rows[0]?.identity).toBe(`1400000001/r1/${KNOWN_AFTER_APPLY}`);
    expect(r.rows[0]?.vendor).toBe("Tencent Cloud TRTC");
  });

  it("update → change in place, diffing inputs when the dynamic provider reports no keys", () => {
    const olds = volcInputs();
    const news = volcInputs({ layout: { mode: "speaker", background: "#000000" } });
    const r = report([updateStep("VolcengineMixedRelayToCdn", "mix", olds, news)]);
    expect(r.counts.change).toBe(1);
    const row = r.rows[0]!;
    expect(row.identity).toBe("app-1/room-1/task-1");
    // Shown by the value that changed inside the property, not the whole (possibly cut) object.
    expect(row.changes).toEqual([{ name: "layout.mode", old: "grid", new: "speaker" }]);
  });

  it("nested changes: array items by index, added and removed values, odd keys quoted", () => {
    const region = (i: number, width: number) => ({ streamIndex: i, width, height: 720 });
    const olds = volcInputs({ layout: { regions: [region(0, 640), region(1, 640)], "bg.color": "#000" } });
    const news = volcInputs({ layout: { regions: [region(0, 640), region(1, 600), region(2, 320)], "bg.color": "#111" } });
    const r = report([updateStep("VolcengineMixedRelayToCdn", "mix", olds, news)]);
    expect(r.rows[0]?.changes).toEqual([
      { name: "layout.regions[1].width", old: "640", new: "600" },
      { name: "layout.regions[2]", old: "(none)", new: '{"streamIndex":2,"width":320,"height":720}' },
      { name: 'layout["bg.color"]', old: "#000", new: "#111" },
    ]);
    expect(renderMarkdown(r)).toContain("layout.regions[1].width: 640 → 600<br>");
  });

  it("nested changes: beyond six changed values the property is shown whole", () => {
    const many = (v: number) => Object.fromEntries(["a", "b", "c", "d", "e", "f", "g"].map((k) => [k, v]));
    const r = report([updateStep("VolcengineMixedRelayToCdn", "mix", volcInputs({ encode: many(1) }), volcInputs({ encode: many(2) }))]);
    expect(r.rows[0]?.changes).toEqual([{ name: "encode", old: JSON.stringify(many(1)), new: JSON.stringify(many(2)) }]);
  });

  it("update keeps a server-made task id from the old outputs", () => {
    const olds = { sdkAppId: 1400000001, roomId: "r1", taskId: "srv-9", bitrate: 1000 };
    const oldState = taskState("TencentRelayToCdn", "trtc", { sdkAppId: 1400000001, roomId: "r1", bitrate: 1000 }, olds);
    const newState = taskState("TencentRelayToCdn", "trtc", { sdkAppId: 1400000001, roomId: "r1", bitrate: 2000 });
    const r = report([step("update", oldState["urn"] as string, { oldState, newState })]);
    expect(r.rows[0]?.identity).toBe("1400000001/r1/srv-9");
    expect(r.rows[0]?.changes).toEqual([{ name: "bitrate", old: "1000", new: "2000" }]);
  });

  it("honours diffReasons and detailedDiff paths, reduced to top-level properties", () => {
    const olds = volcInputs({ bitrate: 1 });
    const news = volcInputs({ bitrate: 1 });
    const r = report([
      updateStep("VolcengineWebcast", "cast", olds, news, {
        diffReasons: ["bitrate"],
        detailedDiff: { "layout.mode": { kind: "update", inputDiff: true } },
      }),
    ]);
    expect(r.rows[0]?.changes.map((c) => c.name)).toEqual(["bitrate", "layout"]);
  });

  it("never diffs or prints __provider, even when the closure changed", () => {
    const olds = volcInputs();
    const oldState = taskState("VolcengineWebcast", "cast", olds, olds);
    const newState = taskState("VolcengineWebcast", "cast", volcInputs({ roomId: "room-2" }));
    (newState["inputs"] as Props)["__provider"] = "exports.handler = somethingElse";
    const r = report([step("update", oldState["urn"] as string, { oldState, newState, diffReasons: ["__provider", "roomId"] })]);
    expect(r.rows[0]?.changes.map((c) => c.name)).toEqual(["roomId"]);
    expect(allText(r)).not.toContain("exports.handler");
    expect(allText(r)).not.toContain("__kind");
  });

  it("delete → stop, identity from the old outputs", () => {
    const r = report([deleteStep("VolcenginePublicStream", "pub", { appId: "app-1", publicStreamId: "ps-1" })]);
    expect(r.rows[0]).toMatchObject({ impact: "stop", identity: "app-1/ps-1", kind: "public stream" });
    expect(r.summary).toBe("1 stream stops");
  });

  it("notes a delete that only forgets a retained task", () => {
    const r = report([deleteStep("ZegoCdnTransferRule", "z", { streamId: "s1", cdnUrl: "rtmp://cdn/live/s1" }, { retainOnDelete: true })]);
    expect(r.rows[0]?.notes.join()).toMatch(/keeps running/);
    expect(renderMarkdown(r)).toContain("| Notes |");
  });

  it("same, read and refresh steps have no impact and count as unchanged", () => {
    const s = taskState("VolcengineWebcast", "cast", volcInputs(), volcInputs());
    const urn = s["urn"] as string;
    const r = report([
      step("same", urn, { oldState: s, newState: s }),
      step("refresh", urn, { oldState: s, newState: s }),
      step("read", urnOf(taskType("VolcengineWebcast"), "got"), { newState: s }),
    ]);
    expect(r.rows).toEqual([]);
    // Counted once per resource.
    expect(r.unchanged).toBe(2);
    expect(r.summary).toBe("No live stream changes.");
    expect(renderMarkdown(r)).toContain("Unchanged streams: 2");
  });

  it("treats an unlisted rtc type as a task rather than hiding it", () => {
    const s = taskState("AgoraCloudRecording", "rec", { channel: "c" });
    const r = report([step("create", s["urn"] as string, { newState: s })]);
    expect(r.rows[0]).toMatchObject({ impact: "start", type: "AgoraCloudRecording", vendor: "unknown vendor" });
  });

  it("knows every registered kind, by the kind's own declaration", () => {
    for (const type of kinds.keys()) {
      const info = taskTypeInfo(type);
      expect(info.vendor).not.toBe("unknown vendor");
      const inputs = Object.fromEntries(info.identity.map((f) => [f, `${f}-v`]));
      const r = report([createStep(type, "t", inputs)]);
      expect(r.rows[0]?.identity).toBe(info.identity.map((f) => `${f}-v`).join("/"));
      expect(r.rows[0]?.vendor).toBe(info.vendor);
    }
  });
});

describe("analyzePreview: replacements", () => {
  const olds = volcInputs();
  const news = volcInputs({ roomId: "room-2" });

  it("default JSON: old state marked delete → create-before-delete hands over", () => {
    const r = report([replaceStep("VolcengineMixedRelayToCdn", "mix", olds, news, { delete: true }, { replaceReasons: ["roomId"] })]);
    expect(r.counts.interrupt).toBe(1);
    expect(r.rows[0]).toMatchObject({
      impact: "interrupt",
      handover: "hands-over",
      forcedBy: ["roomId"],
      identity: "app-1/room-1/task-1 → app-1/room-2/task-1",
      changes: [{ name: "roomId", old: "room-1", new: "room-2" }],
    });
    expect(renderMarkdown(r)).toContain("hands over (new starts first)");
  });

  it("default JSON: old state pending replacement → delete-before-replace goes dark", () => {
    const r = report([
      replaceStep("VolcengineMixedRelayToCdn", "mix", olds, news, { pendingReplacement: true }, { replaceReasons: ["roomId"] }),
    ]);
    expect(r.rows[0]?.handover).toBe("goes-dark");
    expect(renderText(r)).toContain("goes dark (stops first)");
  });

  it("without any marker the handover is unknown and assumed dark", () => {
    const r = report([replaceStep("VolcengineMixedRelayToCdn", "mix", olds, news, {}, { replaceReasons: ["roomId"] })]);
    expect(r.rows[0]?.handover).toBe("unknown");
    expect(renderMarkdown(r)).toContain("unknown (assume it goes dark)");
  });

  it("--show-replacement-steps, delete-before-replace order: delete-replaced, replace, create-replacement", () => {
    const oldState = taskState("VolcengineWebcast", "cast", olds, olds);
    const newState = taskState("VolcengineWebcast", "cast", news);
    const urn = oldState["urn"] as string;
    const r = report([
      step("delete-replaced", urn, { oldState }),
      step("replace", urn, { oldState, newState, replaceReasons: ["roomId"] }),
      step("create-replacement", urn, { oldState, newState, replaceReasons: ["roomId"] }),
    ]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]?.handover).toBe("goes-dark");
    expect(r.summary).toBe("1 stream interrupted");
  });

  it("--show-replacement-steps, create-before-delete: delete-replaced comes last, after other steps", () => {
    const oldState = taskState("VolcengineWebcast", "cast", olds, olds);
    const newState = taskState("VolcengineWebcast", "cast", news);
    const urn = oldState["urn"] as string;
    const r = report([
      step("create-replacement", urn, { oldState, newState, replaceReasons: ["roomId"] }),
      step("replace", urn, { oldState, newState, replaceReasons: ["roomId"] }),
      createStep("VolcengineWebcast", "other", volcInputs({ taskId: "task-2" })),
      step("delete-replaced", urn, { oldState }),
    ]);
    expect(r.counts).toEqual({ interrupt: 1, stop: 0, change: 0, start: 1 });
    expect(r.rows.find((x) => x.impact === "interrupt")?.handover).toBe("hands-over");
  });

  it("a deleteBeforeReplace flag on a step wins", () => {
    const r = report([
      replaceStep("VolcengineWebcast", "cast", olds, news, { delete: true }, { replaceReasons: ["roomId"], deleteBeforeReplace: true }),
    ]);
    expect(r.rows[0]?.handover).toBe("goes-dark");
  });

  it("forced by: replaceReasons, else diffReasons, else replace kinds in detailedDiff, else not reported", () => {
    const forced = (fields: Props) =>
      report([replaceStep("VolcengineWebcast", "c", olds, news, { delete: true }, fields)]).rows[0]?.forcedBy;
    expect(forced({ replaceReasons: ["roomId"], diffReasons: ["layout"] })).toEqual(["roomId"]);
    expect(forced({ diffReasons: ["roomId"] })).toEqual(["roomId"]);
    expect(
      forced({ detailedDiff: { roomId: { kind: "update-replace", inputDiff: true }, layout: { kind: "update", inputDiff: true } } }),
    ).toEqual(["roomId"]);
    expect(forced({})).toEqual([]);
    const r = report([replaceStep("VolcengineWebcast", "c", olds, news, { delete: true })]);
    expect(renderText(r)).toContain("(not reported)");
  });

  it("a replaced Tencent task gets a new server-made id", () => {
    const oldState = taskState(
      "TencentRelayToCdn",
      "t",
      { sdkAppId: 1400000001, roomId: "r1" },
      { sdkAppId: 1400000001, roomId: "r1", taskId: "srv-1" },
      {
        pendingReplacement: true,
      },
    );
    const newState = taskState("TencentRelayToCdn", "t", { sdkAppId: 1400000001, roomId: "r2" });
    const r = report([step("replace", oldState["urn"] as string, { oldState, newState, replaceReasons: ["roomId"] })]);
    expect(r.rows[0]?.identity).toBe(`1400000001/r1/srv-1 → 1400000001/r2/${KNOWN_AFTER_APPLY}`);
    // taskId is an output only; it is not an input change.
    expect(r.rows[0]?.changes.map((c) => c.name)).toEqual(["roomId"]);
  });

  // Names the program leaves out are derived (lifecycle/naming.ts): the preview's value is the one
  // `up` uses, and the provider leaves a replacement's new name out of its replace reasons.
  describe("auto-named ids", () => {
    const named = (over: Props, logicalName = "back stage") => volcInputs({ __logicalName: logicalName, __stack: "live/prod", ...over });

    it("a new task's derived id is shown as the preview has it", () => {
      const r = report([createStep("VolcengineMixedRelayToCdn", "back stage", named({ taskId: "back-stage-0f29178a" }))]);
      expect(r.rows[0]?.identity).toBe("app-1/room-1/back-stage-0f29178a");
    });

    it("a replacement shows the new task's derived id, and what forced it", () => {
      const olds = named({ taskId: "back-stage-15e3356a", control: { maxIdleTime: 300 } });
      const news = named({ taskId: "back-stage-d2f036ca", __generation: 1, control: { maxIdleTime: 600 } });
      const r = report([
        replaceStep("VolcengineMixedRelayToCdn", "back stage", olds, news, { pendingReplacement: true }, { replaceReasons: ["control"] }),
      ]);
      expect(r.rows[0]).toMatchObject({
        forcedBy: ["control"],
        identity: "app-1/room-1/back-stage-15e3356a → app-1/room-1/back-stage-d2f036ca",
        changes: [
          { name: "control.maxIdleTime", old: "300", new: "600" },
          { name: "taskId", old: "back-stage-15e3356a", new: "back-stage-d2f036ca" },
        ],
      });
    });

    it("a task that ended at the vendor starts again: no interruption, whatever its replacement order", () => {
      const olds = { ...named({ taskId: "back-stage-15e3356a" }), endedAt: "2026-12-01T00:00:00.000Z" };
      const news = named({ taskId: "back-stage-d2f036ca", __generation: 1 });
      const r = report([
        replaceStep("VolcengineMixedRelayToCdn", "back stage", olds, news, { pendingReplacement: true }, { replaceReasons: ["endedAt"] }),
      ]);
      expect(r.rows[0]).toMatchObject({ impact: "start", identity: "app-1/room-1/back-stage-d2f036ca", notes: [ENDED_NOTE] });
      expect(r.summary).toBe("1 stream starts");
    });

    it("__logicalName and other bookkeeping inputs never show", () => {
      const r = report([updateStep("VolcengineMixedRelayToCdn", "m", named({}, "m1"), named({ roomId: "r9" }, "m2"))]);
      expect(r.rows[0]?.changes.map((c) => c.name)).toEqual(["roomId"]);
      expect(allText(r)).not.toContain("__logicalName");
    });
  });
});

describe("helpers", () => {
  it("topLevelKey reduces property paths", () => {
    expect(topLevelKey("layout")).toBe("layout");
    expect(topLevelKey("layout.regions[0].x")).toBe("layout");
    expect(topLevelKey("targets[1]")).toBe("targets");
    expect(topLevelKey('["a.b"].c')).toBe("a.b");
  });

  it("urnName takes the name after the type, even when it contains ::", () => {
    expect(urnName(urnOf(taskType("VolcengineWebcast"), "cast"))).toBe("cast");
    expect(urnName("urn:pulumi:s::p::parent$pulumi-nodejs:dynamic/rtc:VolcengineWebcast::a::b")).toBe("a::b");
  });
});
