import { kinds } from "../../provider/tasks/registry";
import { describe, it, expect } from "vitest";
import {
  KNOWN_AFTER_APPLY,
  SECRET_SIG,
  SIG_KEY,
  taskTypeInfo,
  UNKNOWN_VALUE,
  ENDED_NOTE,
  analyzePreview,
  parsePreview,
  redact,
  renderMarkdown,
  renderText,
  renderValue,
  summarize,
  topLevelKey,
  urnName,
  type PreviewDigest,
  type Report,
} from "../../provider/report";
import { run, type Io } from "../../provider/cli/main";

// ---------------------------------------------------------------------------------------------
// Fixtures shaped like `pulumi preview --json` (pkg/display/json.go PreviewDigest, states are
// apitype.ResourceV3 as produced by stack.SerializeResource after MassageSecrets).

const STACK = "dev";
const PROJECT = "rtc-demo";
const PROVIDER_CODE = "exports.handler = __f0; function __f0() { return require('./dist/impl/task'); } // SECRET-IN-CODE";
const DEFAULT_PROVIDER = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:pulumi-nodejs::default::4b4e3c5b-7ad1-4f3a-9e3f-0d2c9a1f5e11`;
const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

type Props = Record<string, unknown>;

function taskType(kind: string): string {
  return `pulumi-nodejs:dynamic/rtc:${kind}`;
}

function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** A dynamic-resource state: inputs carry __provider/__kind; outputs are the provider's outs + __provider. */
function taskState(kind: string, name: string, inputs: Props, outputs?: Props, extra: Props = {}): Props {
  const type = taskType(kind);
  return {
    urn: urnOf(type, name),
    custom: true,
    ...(outputs ? { id: String(outputs["taskId"] ?? outputs["publicStreamId"] ?? outputs["streamId"] ?? `${name}-id`) } : {}),
    type,
    inputs: { __provider: PROVIDER_CODE, __kind: kind, ...inputs },
    ...(outputs ? { outputs: { __provider: PROVIDER_CODE, ...outputs } } : {}),
    parent: STACK_URN,
    provider: DEFAULT_PROVIDER,
    ...extra,
  };
}

function step(op: string, urn: string, fields: Props = {}): Props {
  // detailedDiff has no omitempty in PreviewStep, so the engine prints null when there is none.
  return { op, urn, provider: DEFAULT_PROVIDER, detailedDiff: null, ...fields };
}

function digest(steps: Props[], extra: Props = {}): unknown {
  return {
    config: { "rtc-demo:region": "cn-north-1", "rtc-demo:secretKey": "[secret]" },
    steps: [
      step("same", STACK_URN, {
        oldState: { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
        newState: { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
      }),
      ...steps,
    ],
    duration: 1832000000,
    changeSummary: { same: 1 },
    ...extra,
  };
}

const volcInputs = (over: Props = {}): Props => ({
  appId: "app-1",
  roomId: "room-1",
  taskId: "task-1",
  pushUrl: "[secret]",
  layout: { mode: "grid", background: "#000000" },
  ...over,
});

function createStep(kind: string, name: string, inputs: Props): Props {
  const s = taskState(kind, name, inputs);
  return step("create", s["urn"] as string, { newState: s });
}

function deleteStep(kind: string, name: string, outputs: Props, extra: Props = {}): Props {
  const s = taskState(kind, name, outputs, outputs, extra);
  return step("delete", s["urn"] as string, { oldState: s });
}

function updateStep(kind: string, name: string, olds: Props, news: Props, fields: Props = {}): Props {
  const oldState = taskState(kind, name, olds, olds);
  const newState = taskState(kind, name, news, undefined, { id: oldState["id"] });
  return step("update", oldState["urn"] as string, { oldState, newState, ...fields });
}

/** The logical replace step as printed without --show-replacement-steps. */
function replaceStep(kind: string, name: string, olds: Props, news: Props, mode: Props, fields: Props = {}): Props {
  const oldState = taskState(kind, name, olds, olds, mode);
  const newState = taskState(kind, name, news);
  return step("replace", oldState["urn"] as string, { oldState, newState, ...fields });
}

function report(steps: Props[], extra: Props = {}): Report {
  return analyzePreview(parsePreview(digest(steps, extra)));
}

function allText(r: Report): string {
  return `${renderMarkdown(r)}\n${renderText(r)}\n${JSON.stringify(r)}`;
}

// ---------------------------------------------------------------------------------------------

describe("parsePreview", () => {
  it("accepts a digest and keeps unknown fields", () => {
    const d = parsePreview(digest([createStep("VolcengineWebcast", "cast", volcInputs())], { maybeCorrupt: false, future: 1 }));
    expect(d.steps).toHaveLength(2);
    expect((d as Record<string, unknown>)["future"]).toBe(1);
    expect(d.steps?.[1]?.newState?.inputs?.["appId"]).toBe("app-1");
  });

  it("accepts the raw text, also after log lines printed before the JSON", () => {
    const text = JSON.stringify(digest([]), null, 4);
    expect(parsePreview(text).steps).toHaveLength(1);
    expect(parsePreview(`warning: A new version of Pulumi is available.\n${text}\n`).steps).toHaveLength(1);
  });

  it("accepts null detailedDiff and missing optional fields", () => {
    const d = parsePreview({ steps: [{ op: "create", urn: "urn:pulumi:a::b::c:d:e::f", detailedDiff: null }] });
    expect(d.steps?.[0]?.op).toBe("create");
    expect(parsePreview({ changeSummary: {} }).steps).toBeUndefined();
  });

  it("rejects input that is not a digest, with a clear message", () => {
    expect(() => parsePreview("{")).toThrow(/not JSON/);
    expect(() => parsePreview([])).toThrow(/JSON object/);
    expect(() => parsePreview(null)).toThrow(/JSON object/);
    expect(() => parsePreview({ outputs: {} })).toThrow(/not a preview digest/);
    expect(() => parsePreview({ steps: [{ op: "create" }] })).toThrow(/steps\.0\.urn/);
    expect(() => parsePreview({ steps: "nope" })).toThrow(/steps/);
  });

  it("recognises streamed engine events", () => {
    const events = [
      { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
      { sequence: 1, timestamp: 2, summaryEvent: {} },
    ]
      .map((e) => JSON.stringify(e))
      .join("\n");
    expect(() => parsePreview(events)).toThrow(/PULUMI_ENABLE_STREAMING_JSON_PREVIEW/);
    expect(() => parsePreview({ sequence: 0, timestamp: 1, preludeEvent: {} })).toThrow(/stream of engine events/);
  });
});

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
    expect(r.rows[0]?.changes).toEqual([
      { name: "encode", old: JSON.stringify(many(1)), new: JSON.stringify(many(2)) },
    ]);
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
    const r = report([
      step("update", oldState["urn"] as string, { oldState, newState, diffReasons: ["__provider", "roomId"] }),
    ]);
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
    const r = report([replaceStep("VolcengineMixedRelayToCdn", "mix", olds, news, { pendingReplacement: true }, { replaceReasons: ["roomId"] })]);
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
    const forced = (fields: Props) => report([replaceStep("VolcengineWebcast", "c", olds, news, { delete: true }, fields)]).rows[0]?.forcedBy;
    expect(forced({ replaceReasons: ["roomId"], diffReasons: ["layout"] })).toEqual(["roomId"]);
    expect(forced({ diffReasons: ["roomId"] })).toEqual(["roomId"]);
    expect(forced({ detailedDiff: { "roomId": { kind: "update-replace", inputDiff: true }, layout: { kind: "update", inputDiff: true } } })).toEqual([
      "roomId",
    ]);
    expect(forced({})).toEqual([]);
    const r = report([replaceStep("VolcengineWebcast", "c", olds, news, { delete: true })]);
    expect(renderText(r)).toContain("(not reported)");
  });

  it("a replaced Tencent task gets a new server-made id", () => {
    const oldState = taskState("TencentRelayToCdn", "t", { sdkAppId: 1400000001, roomId: "r1" }, { sdkAppId: 1400000001, roomId: "r1", taskId: "srv-1" }, {
      pendingReplacement: true,
    });
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
      const r = report([replaceStep("VolcengineMixedRelayToCdn", "back stage", olds, news, { pendingReplacement: true }, { replaceReasons: ["endedAt"] })]);
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

describe("secrets and unknowns", () => {
  it("renders engine-masked secrets as [secret]", () => {
    const r = report([
      updateStep("VolcengineWebcast", "c", volcInputs({ streamKey: "[secret]" }), volcInputs({ streamKey: "[secret]" }), {
        replaceReasons: [],
        diffReasons: ["streamKey"],
      }),
    ]);
    expect(r.rows[0]?.changes).toEqual([{ name: "streamKey", old: "[secret]", new: "[secret]" }]);
  });

  it("masks signature-wrapped secrets and additionalSecretOutputs, never printing the plaintext", () => {
    const wrapped = { [SIG_KEY]: SECRET_SIG, plaintext: '"PLAINTEXT-WRAPPED"' };
    const oldState = taskState("ZegoCdnTransferRule", "z", { streamId: "s1", cdnUrl: "rtmp://cdn/live/s1", token: wrapped }, {
      streamId: "s1",
      cdnUrl: "rtmp://cdn/live/s1",
      token: wrapped,
      signedUrl: "PLAINTEXT-LISTED",
    });
    oldState["additionalSecretOutputs"] = ["signedUrl"];
    const newState = taskState("ZegoCdnTransferRule", "z", {
      streamId: "s1",
      cdnUrl: "rtmp://cdn/live/s1",
      token: { nested: wrapped },
      signedUrl: "PLAINTEXT-LISTED-2",
    });
    const r = report([step("update", oldState["urn"] as string, { oldState, newState, diffReasons: ["token", "signedUrl"] })]);
    const text = allText(r);
    expect(text).not.toContain("PLAINTEXT");
    expect(r.rows[0]?.changes).toEqual([
      { name: "token", old: "[secret]", new: '{"nested":"[secret]"}' },
      { name: "signedUrl", old: "[secret]", new: "[secret]" },
    ]);
  });

  it("redacts stream keys and signatures carried in URL query strings", () => {
    const url = (k: string) => `rtmp://push.example.com/live/room1?txSecret=${k}&txTime=65A0F0&wsSecret=${k}2&auth_key=${k}3&sign=${k}4`;
    const r = report([
      updateStep("VolcengineSingleRelayToCdn", "s", volcInputs({ target: url("OLDKEY") }), volcInputs({ target: url("NEWKEY") })),
    ]);
    const text = allText(r);
    expect(text).not.toMatch(/OLDKEY|NEWKEY/);
    expect(r.rows[0]?.changes[0]?.new).toBe(
      "rtmp://push.example.com/live/room1?txSecret=[secret]&txTime=65A0F0&wsSecret=[secret]&auth_key=[secret]&sign=[secret]",
    );
  });

  it("redacts inside nested values, identities and diagnostics too", () => {
    const cdnUrl = "rtmp://cdn.example.com/live/s1?token=ZEGOTOKEN";
    const r = report(
      [
        createStep("ZegoCdnTransferRule", "z", { streamId: "s1", cdnUrl }),
        updateStep("VolcengineWebcast", "c", volcInputs({ targets: [{ url: "https://x/y?key=NESTEDKEY" }] }), volcInputs({ targets: [] })),
      ],
      { diagnostics: [{ urn: urnOf(taskType("ZegoCdnTransferRule"), "z"), message: "push to https://u:PASSWORD@h/x?secret=DIAGKEY failed", severity: "error" }] },
    );
    const text = allText(r);
    expect(text).not.toMatch(/ZEGOTOKEN|NESTEDKEY|DIAGKEY|PASSWORD/);
    expect(r.rows.find((x) => x.name === "z")?.identity).toBe("s1/rtmp://cdn.example.com/live/s1?token=[secret]");
  });

  it("redact() keeps harmless parameters and whole URLs without keys", () => {
    expect(redact("rtmp://a/live/s?txTime=1&bitrate=2")).toBe("rtmp://a/live/s?txTime=1&bitrate=2");
    expect(redact("https://a/b?access_token=x&streamKey=y#frag")).toBe("https://a/b?access_token=[secret]&streamKey=[secret]#frag");
    expect(redact("rtmp://user:pw@host/app")).toBe("rtmp://user:[secret]@host/app");
  });

  it("renders unknown values as known after apply, never the placeholder", () => {
    const r = report([
      createStep("VolcengineMixedRelayToCdn", "mix", volcInputs({ roomId: UNKNOWN_VALUE })),
      updateStep("VolcengineWebcast", "c", volcInputs(), volcInputs({ layout: { mode: UNKNOWN_VALUE } })),
    ]);
    expect(r.rows.find((x) => x.name === "mix")?.identity).toBe(`app-1/${KNOWN_AFTER_APPLY}/task-1`);
    expect(r.rows.find((x) => x.name === "c")?.changes).toEqual([
      { name: "layout.mode", old: "grid", new: KNOWN_AFTER_APPLY },
      { name: "layout.background", old: "#000000", new: "(none)" },
    ]);
    const whole = report([updateStep("VolcengineWebcast", "c", volcInputs({ layout: [1] }), volcInputs({ layout: { mode: UNKNOWN_VALUE } }))]);
    expect(whole.rows[0]?.changes).toEqual([{ name: "layout", old: "[1]", new: `{"mode":"${KNOWN_AFTER_APPLY}"}` }]);
    expect(allText(r)).not.toContain(UNKNOWN_VALUE);
  });

  it("renderValue covers scalars, absence and truncation", () => {
    expect(renderValue(undefined)).toBe("(none)");
    expect(renderValue(null)).toBe("null");
    expect(renderValue(true)).toBe("true");
    expect(renderValue("")).toBe('""');
    expect(renderValue("a\nb")).toBe('"a\\nb"');
    const long = renderValue({ regions: Array.from({ length: 20 }, (_, i) => ({ x: i, y: i })) });
    expect(long.length).toBe(80);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("report layout", () => {
  const full = (): Report =>
    report(
      [
        createStep("VolcengineWebcast", "s1", volcInputs({ taskId: "a" })),
        createStep("VolcengineWebcast", "s2", volcInputs({ taskId: "b" })),
        updateStep("VolcengineWebcast", "c1", volcInputs({ taskId: "c" }), volcInputs({ taskId: "c", bitrate: 2 })),
        replaceStep("VolcengineWebcast", "i1", volcInputs(), volcInputs({ roomId: "r2" }), { pendingReplacement: true }, { replaceReasons: ["roomId"] }),
        deleteStep("VolcengineWebcast", "d1", volcInputs({ taskId: "d" })),
        step("create", urnOf("aws:s3/bucket:Bucket", "logs"), { newState: { urn: urnOf("aws:s3/bucket:Bucket", "logs"), type: "aws:s3/bucket:Bucket", custom: true } }),
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
    expect(full().summary).toBe("Preview failed (1 error), changes incomplete: 2 streams start · 1 changes in place · 1 interrupted · 1 stops");
    expect(summarize({ start: 0, change: 3, interrupt: 1, stop: 4 })).toBe("3 streams change in place · 1 interrupted · 4 stop");
    expect(summarize({ start: 0, change: 0, interrupt: 0, stop: 0 })).toBe("No live stream changes.");
    expect(summarize({ start: 0, change: 0, interrupt: 0, stop: 0 }, 2)).toBe("Preview failed (2 errors): live stream changes unknown.");
  });

  it("a failed preview is never an all-clear: the summary says so and every --fail-on condition is met", async () => {
    // Shaped like CLI v3.259's JSON for a check failure: only the stack's step, then the diagnostic.
    const failed = digest([], {
      diagnostics: [{ urn: urnOf(taskType("VolcengineMixedRelayToCdn"), "backstage"), message: "error: resource 'backstage': property control.maxIdleTime value {<nil>} has a problem: control.maxIdleTime: must be between 10 and 86400\n", severity: "error" }],
    });
    const r = analyzePreview(parsePreview(failed));
    expect(r.summary).toBe("Preview failed (1 error): live stream changes unknown.");
    expect(renderMarkdown(r)).toContain("- backstage: error: resource 'backstage': property control.maxIdleTime value {&lt;nil&gt;} has a problem");
    for (const condition of ["interrupt", "stop", "any-impact"]) {
      const c = capture(JSON.stringify(failed));
      expect(await run(["preview-report", "--fail-on", condition], c.io)).toBe(1);
      expect(c.err()).toContain("Preview failed (1 error)");
    }
    expect(await run(["preview-report"], capture(JSON.stringify(failed)).io)).toBe(0);
  });

  it("summarises non-task resources in one line, a replacement counted once", () => {
    expect(full().otherLine).toBe("Other resources: 2 create, 1 update, 1 replace, 1 unchanged");
    expect(report([]).otherLine).toBe("Other resources: 1 unchanged");
    expect(analyzePreview(parsePreview({ steps: [] })).otherLine).toBe("Other resources: none.");
  });

  it("markdown: summary first, sections interrupted → stop → change → start, errors last", () => {
    const md = renderMarkdown(full());
    expect(md.split("\n")[0]).toBe("**Preview failed (1 error), changes incomplete: 2 streams start · 1 changes in place · 1 interrupted · 1 stops**");
    const order = ["### Interrupted", "### Stop", "### Change in place", "### Start", "Other resources:", "### Errors"].map((h) => md.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toContain("| Resource | Task | Identity | Handover | Forced by | Changes |");
    expect(md).toContain("| i1 | Volcengine cloud webcast | app-1/room-1/task-1 → app-1/r2/task-1 | goes dark (stops first) | roomId | roomId: room-1 → r2 |");
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
    expect(text.split("\n")[0]).toBe("Preview failed (1 error), changes incomplete: 2 streams start · 1 changes in place · 1 interrupted · 1 stops");
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

// ---------------------------------------------------------------------------------------------

interface Captured {
  io: Io;
  out: () => string;
  err: () => string;
  files: Map<string, string>;
}

function capture(stdin?: string, files: Record<string, string> = {}): Captured {
  let out = "";
  let err = "";
  const fs = new Map(Object.entries(files));
  return {
    io: {
      ...(stdin === undefined ? {} : { stdin: async () => stdin }),
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      readFile: (p) => {
        const v = fs.get(p);
        if (v === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
        return v;
      },
      writeFile: (p, t) => {
        fs.set(p, t);
      },
    },
    out: () => out,
    err: () => err,
    files: fs,
  };
}

const interrupting = JSON.stringify(
  digest([replaceStep("VolcengineWebcast", "i1", volcInputs(), volcInputs({ roomId: "r2" }), { delete: true }, { replaceReasons: ["roomId"] })]),
);
const creating = JSON.stringify(digest([createStep("VolcengineWebcast", "s1", volcInputs())]));
const quiet = JSON.stringify(digest([]) as PreviewDigest);

describe("run (CLI)", () => {
  it("--help prints usage and exits 0", async () => {
    for (const argv of [["preview-report", "--help"], ["preview-report", "-h"]]) {
      const c = capture();
      expect(await run(argv, c.io)).toBe(0);
      expect(c.out()).toContain("Usage: rtc-tasks preview-report");
    }
    const top = capture();
    expect(await run(["--help"], top.io)).toBe(0);
    expect(top.out()).toMatch(/Commands:\n  preview-report .*\n  recover /);
  });

  it("bad usage exits 2 with a message on stderr", async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [["nope"], /unknown command "nope"/],
      [["preview-report", "--bogus"], /unknown option --bogus/],
      [["preview-report", "--format", "html"], /--format must be markdown or text/],
      [["preview-report", "--fail-on", "everything"], /--fail-on must be one of interrupt, stop, any-impact/],
      [["preview-report", "--input"], /--input needs a value/],
      [["preview-report", "extra"], /unexpected argument "extra"/],
    ];
    for (const [argv, message] of cases) {
      const c = capture(quiet);
      expect(await run(argv, c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.out()).toBe("");
    }
  });

  it("reads stdin by default and with --input -, writing Markdown to stdout", async () => {
    for (const argv of [["preview-report"], ["preview-report", "--input", "-"]]) {
      const c = capture(creating);
      expect(await run(argv, c.io)).toBe(0);
      expect(c.out().split("\n")[0]).toBe("**1 stream starts**");
      expect(c.err()).toBe("");
    }
  });

  it("without stdin or --input explains how to feed it", async () => {
    const c = capture();
    expect(await run(["preview-report"], c.io)).toBe(2);
    expect(c.err()).toMatch(/pipe `pulumi preview --json`/);
  });

  it("reads --input FILE, writes --output FILE, honours --format text", async () => {
    const c = capture(undefined, { "preview.json": creating });
    expect(await run(["preview-report", "--input=preview.json", "--format", "text", "--output", "report.txt"], c.io)).toBe(0);
    expect(c.out()).toBe("");
    expect(c.files.get("report.txt")?.split("\n")[0]).toBe("1 stream starts");
  });

  it("unreadable or unparsable input exits 2", async () => {
    const missing = capture();
    expect(await run(["preview-report", "--input", "missing.json"], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/cannot read input: ENOENT/);
    const garbage = capture("not json");
    expect(await run(["preview-report", "--fail-on", "any-impact"], garbage.io)).toBe(2);
    expect(garbage.err()).toMatch(/input is not JSON/);
    const wrong = capture('{"steps":[{"op":1}]}');
    expect(await run(["preview-report"], wrong.io)).toBe(2);
    expect(wrong.err()).toMatch(/not a valid preview digest: steps\.0\.op/);
  });

  it("--fail-on: exits 1 when met, after still writing the report", async () => {
    const c = capture(interrupting);
    expect(await run(["preview-report", "--fail-on", "interrupt"], c.io)).toBe(1);
    expect(c.out()).toContain("### Interrupted");
    expect(c.err()).toMatch(/--fail-on interrupt met: 1 stream interrupted/);

    const toFile = capture(interrupting);
    expect(await run(["preview-report", "--fail-on", "interrupt", "--output", "r.md"], toFile.io)).toBe(1);
    expect(toFile.files.get("r.md")).toContain("### Interrupted");
  });

  it("--fail-on: conditions are literal and may be combined", async () => {
    const code = async (input: string, ...failOn: string[]) =>
      run(["preview-report", ...failOn.flatMap((f) => ["--fail-on", f])], capture(input).io);
    expect(await code(interrupting, "stop")).toBe(0);
    expect(await code(interrupting, "stop", "interrupt")).toBe(1);
    expect(await code(interrupting, "stop,interrupt")).toBe(1);
    expect(await code(creating, "interrupt,stop")).toBe(0);
    expect(await code(creating, "any-impact")).toBe(1);
    expect(await code(quiet, "any-impact")).toBe(0);
    const stopping = JSON.stringify(digest([deleteStep("VolcengineWebcast", "d", volcInputs())]));
    expect(await code(stopping, "stop")).toBe(1);
    expect(await code(stopping, "interrupt")).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Real engine output: `pulumi preview --json` from Pulumi CLI v3.259.0 on a scratch program with a
// dynamic provider registered as rtc:TencentRelayToCdn (diff returns replaces + deleteBeforeReplace).
// Trimmed only by dropping stackTrace/sourcePosition/created/modified/propertyDependencies and
// shortening the __provider closure text.

/** Default JSON (no --show-replacement-steps); relay-a is replaced create-before-delete. */
const ENGINE_CBD = String.raw`{
  "config": {"rtcpv:bitrate":"2000","rtcpv:pushUrl":"[secret]","rtcpv:roomId":"r2","rtcpv:withC":"false","rtcpv:withD":"true"},
  "steps": [
    {"op":"same","urn":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","custom":false,"type":"pulumi:pulumi:Stack","outputs":{"roomId":"r1"}},"newState":{"urn":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","custom":false,"type":"pulumi:pulumi:Stack"},"detailedDiff":null},
    {"op":"update","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-b","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-b","custom":true,"id":"srv-fixed","type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","bitrate":1000,"dbr":false,"roomId":"fixed","sdkAppId":1400000001,"target":"rtmp://push.example.com/live/s1?txSecret=PLAINKEY&txTime=65A0"},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","bitrate":1000,"dbr":false,"roomId":"fixed","sdkAppId":1400000001,"target":"rtmp://push.example.com/live/s1?txSecret=PLAINKEY&txTime=65A0","taskId":"srv-fixed"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"newState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-b","custom":true,"type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","bitrate":2000,"dbr":false,"roomId":"fixed","sdkAppId":1400000001,"target":"rtmp://push.example.com/live/s1?txSecret=PLAINKEY&txTime=65A0"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"detailedDiff":null},
    {"op":"replace","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"delete":true,"id":"srv-r1","type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001,"taskId":"srv-r1"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"newState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r2","sdkAppId":1400000001},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r2","sdkAppId":1400000001},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"replaceReasons":["roomId"],"detailedDiff":null},
    {"op":"create","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-d","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","newState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-d","custom":true,"type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"roomId":"04da6b54-80e4-46f7-96ec-b56ff0331ba9","sdkAppId":1400000001},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","dependencies":["urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a"],"provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"detailedDiff":null},
    {"op":"delete","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-c","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-c","custom":true,"id":"srv-c","type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"roomId":"c","sdkAppId":1400000001},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"roomId":"c","sdkAppId":1400000001,"taskId":"srv-c"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"detailedDiff":null}
  ],
  "duration": 11351109992,
  "changeSummary": {"create":1,"delete":1,"replace":1,"same":1,"update":1}
}`;

/** --show-replacement-steps with deleteBeforeReplace: the relay-a steps only. */
const ENGINE_DBR_STEPS = String.raw`{
  "config": {"rtcpv:bitrate":"2000","rtcpv:dbr":"true","rtcpv:pushUrl":"[secret]","rtcpv:roomId":"r2","rtcpv:withC":"false","rtcpv:withD":"true"},
  "steps": [
    {"op":"delete-replaced","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"id":"srv-r1","type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001,"taskId":"srv-r1"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"detailedDiff":null},
    {"op":"replace","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"id":"srv-r1","type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001,"taskId":"srv-r1"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","pendingReplacement":true},"newState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":true,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r2","sdkAppId":1400000001},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"replaceReasons":["roomId"],"detailedDiff":null},
    {"op":"create-replacement","urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","oldState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"id":"srv-r1","type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001},"outputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":false,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r1","sdkAppId":1400000001,"taskId":"srv-r1"},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599","pendingReplacement":true},"newState":{"urn":"urn:pulumi:dev::rtcpv::pulumi-nodejs:dynamic/rtc:TencentRelayToCdn::relay-a","custom":true,"type":"pulumi-nodejs:dynamic/rtc:TencentRelayToCdn","inputs":{"__kind":"TencentRelayToCdn","__provider":"exports.handler = __f0; /* closure text */","dbr":true,"layout":{"w":1280},"pushUrl":"[secret]","roomId":"r2","sdkAppId":1400000001},"parent":"urn:pulumi:dev::rtcpv::pulumi:pulumi:Stack::rtcpv-dev","provider":"urn:pulumi:dev::rtcpv::pulumi:providers:pulumi-nodejs::default::464e5817-60e9-4f2b-90f1-9eb36137f599"},"replaceReasons":["roomId"],"detailedDiff":null}
  ],
  "duration": 9243513950,
  "changeSummary": {"create":1,"delete":1,"replace":1,"same":1,"update":1}
}`;

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
