import { describe, expect, it } from "vitest";
import { useEmulator } from "../fixtures/emulator";
import { isRtcError, RtcError } from "../../../provider/http/errors";
import { changedPaths, UNKNOWN } from "../../../provider/lifecycle/changes";
import { checkTask } from "../../../provider/lifecycle/check";
import { fillAutoNames, ownsIdentity } from "../../../provider/lifecycle/naming";
import { plan } from "../../../provider/lifecycle/plan";
import * as runtime from "../../../provider/lifecycle/runtime";
import { kinds } from "../../../provider/tasks/registry";

const mixed = kinds.get("VolcengineMixedRelayToCdn")!;
const SECRET_KEY = "streamkey-9f8e7d6c5b4a";
const base = {
  __kind: "VolcengineMixedRelayToCdn",
  __logicalName: "stage",
  appId: "app1",
  roomId: "room1",
  taskId: "stage-0000001",
  pushUrl: `rtmp://push.example.com/live/s?key=${SECRET_KEY}`,
  layout: {
    layoutMode: 2,
    customLayout: { canvas: { width: 1280, height: 720, background: "#000000" }, regions: [{ streamIndex: 0, width: 640, height: 360 }] },
  },
  targetStreams: { streamList: [{ userId: "host", index: 0 }] },
  control: { maxIdleTime: 180 },
};

describe("changedPaths", () => {
  it("places a change as deep as objects go and compares lists whole", () => {
    expect(changedPaths({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 2] } })).toEqual([
      { keys: ["a", "b"], path: "a.b", unknown: false },
    ]);
    expect(changedPaths({ a: { c: [1, 2] } }, { a: { c: [2, 1] } })).toEqual([{ keys: ["a", "c"], path: "a.c", unknown: false }]);
    expect(changedPaths({ a: undefined }, {})).toEqual([]);
    expect(changedPaths({}, { a: { b: 1 } })).toEqual([{ keys: ["a", "b"], path: "a.b", unknown: false }]);
  });
  it("keeps keys that are empty, hold dots or are named __proto__ apart", () => {
    expect(changedPaths({}, { "": { x: 1 } }).map((c) => c.keys)).toEqual([["", "x"]]);
    expect(changedPaths({}, { "a.b": 1 }).map((c) => c.keys)).toEqual([["a.b"]]);
    expect(changedPaths({}, JSON.parse('{"__proto__": {"x": 1}}')).map((c) => c.keys)).toEqual([["__proto__", "x"]]);
  });
  it("reports preview's unknown values as unknown changes", () => {
    expect(changedPaths({ a: 1 }, { a: UNKNOWN })).toEqual([{ keys: ["a"], path: "a", unknown: true }]);
    expect(changedPaths({ a: [1] }, { a: [UNKNOWN] })).toEqual([{ keys: ["a"], path: "a", unknown: true }]);
  });
});

describe("plan: update in place or replace", () => {
  it("updates custom-layout fields in place", () => {
    const p = plan(mixed, base, {
      ...base,
      layout: {
        ...base.layout,
        customLayout: { ...base.layout.customLayout, canvas: { ...base.layout.customLayout.canvas, background: "#ffffff" } },
      },
    });
    expect(p.replaces).toEqual([]);
    expect(p.inPlace.map((c) => c.path)).toEqual(["layout.customLayout.canvas.background"]);
  });
  it("replaces when the layout is not custom, since only custom layouts can be updated", () => {
    const notCustom = { ...base, layout: { layoutMode: 0 } };
    expect(plan(mixed, notCustom, { ...notCustom, targetStreams: { streamList: [] } }).replaces).toEqual(["targetStreams"]);
  });
  it("replaces on an immutable field, stopping first when the push URL stays", () => {
    const p = plan(mixed, base, { ...base, taskId: "stage-0000002", control: { maxIdleTime: 600 } });
    expect(p.replaces).toEqual(["control", "taskId"]);
    expect(p.deleteBeforeReplace).toBe(true);
  });
  it("starts the new task first when neither task id nor push URL is shared", () => {
    const p = plan(mixed, base, { ...base, taskId: "stage-0000002", pushUrl: "rtmp://push.example.com/live/other" });
    expect(p.deleteBeforeReplace).toBe(false);
  });
  it("stops first when a clash key is not known yet", () => {
    expect(plan(mixed, base, { ...base, taskId: "t2", pushUrl: UNKNOWN }).deleteBeforeReplace).toBe(true);
  });
  it("treats adopt, the resource name and the stack as local: no change at all", () => {
    for (const local of [{ adopt: true }, { __logicalName: "renamed" }, { __stack: "proj/other" }, { __generation: 3 }]) {
      const p = plan(mixed, base, { ...base, ...local });
      expect(p.changes).toEqual([]);
      expect(p.replaces).toEqual([]);
    }
  });
});

describe("auto-naming: derived, kept, and new for a replacement", () => {
  const news = { ...base, taskId: undefined, __stack: "live/prod" };
  const named = fillAutoNames(mixed, {}, news);
  it("derives the name from the stack, kind, resource name and generation: the same every time", () => {
    expect(named.taskId).toMatch(/^stage-[0-9a-f]{8}$/);
    expect(named.__generation).toBe(0);
    expect(fillAutoNames(mixed, {}, news).taskId).toBe(named.taskId);
    expect(fillAutoNames(mixed, {}, { ...news, __stack: "live/dev" }).taskId).not.toBe(named.taskId);
    expect(fillAutoNames(mixed, {}, { ...news, __stack: "other/prod" }).taskId).not.toBe(named.taskId);
    expect(fillAutoNames(kinds.get("VolcengineSingleRelayToCdn")!, {}, { ...news, __kind: "VolcengineSingleRelayToCdn" }).taskId).not.toBe(
      named.taskId,
    );
  });
  it("keeps the name when nothing forces a replacement, whatever the resource is now called", () => {
    expect(fillAutoNames(mixed, named, { ...news, encode: { videoBitrate: 1000 } }).taskId).toBe(named.taskId);
    expect(fillAutoNames(mixed, named, { ...news, __logicalName: "stage-v2" }).taskId).toBe(named.taskId);
    // A name from an earlier release (random suffix, no generation) is kept as well.
    expect(fillAutoNames(mixed, base, { ...news }).taskId).toBe(base.taskId);
  });
  it("derives a new name, one generation on, for a replacement, so it can start before the old task stops", () => {
    const replaced = fillAutoNames(mixed, named, { ...news, pushUrl: "rtmp://push.example.com/live/new" });
    expect(replaced.taskId).not.toBe(named.taskId);
    expect(replaced.__generation).toBe(1);
    expect(fillAutoNames(mixed, named, { ...news, pushUrl: "rtmp://push.example.com/live/new" }).taskId).toBe(replaced.taskId);
    expect(fillAutoNames(mixed, replaced, { ...news, control: { maxIdleTime: 600 } }).__generation).toBe(2);
  });
  it("gives the engine's second check of a replacement, made without the old inputs, the names the first decided", () => {
    const changed = { ...news, control: { maxIdleTime: 900 } };
    const first = fillAutoNames(mixed, named, changed);
    expect(first.__generation).toBe(1);
    const second = fillAutoNames(mixed, {}, changed);
    expect(second.taskId).toBe(first.taskId);
    expect(second.__generation).toBe(1);
    expect(fillAutoNames(mixed, {}, changed).taskId).toBe(first.taskId);
    // A resource declared otherwise is new: generation 0.
    expect(fillAutoNames(mixed, {}, { ...changed, __logicalName: "other" }).__generation).toBe(0);
  });
  it("keeps inside the vendor's id pattern and length, whatever the resource name", () => {
    const name = fillAutoNames(mixed, {}, { ...news, __logicalName: `weird name/${"x".repeat(300)}` }).taskId as string;
    expect(name).toMatch(/^[a-zA-Z0-9_@\-.]{1,128}$/);
    const robot = kinds.get("TencentRelayToCdn")!;
    const agent = fillAutoNames(
      robot,
      {},
      { __kind: "TencentRelayToCdn", __logicalName: `a name with spaces ${"y".repeat(60)}`, __stack: "p/s" },
    ).agentUserId as string;
    expect(agent).toMatch(/^[a-zA-Z0-9_-]{1,32}$/);
  });
  it("recognises a name this stack derived, and no other", () => {
    expect(ownsIdentity(mixed, named)).toBe(true);
    expect(ownsIdentity(mixed, { ...named, taskId: "stage-12345678" })).toBe(false);
    expect(ownsIdentity(mixed, { ...named, __stack: "live/dev" })).toBe(false);
    expect(ownsIdentity(mixed, { ...named, __generation: 1 })).toBe(false);
  });
});

describe("check", () => {
  it("answers one failure per bad property, naming its path and rule", async () => {
    const news = {
      ...base,
      appId: "bad app!",
      encode: { videoWidth: 641, videoFps: 0 },
      pushUrl: "http://not-rtmp",
      unknownField: 1,
      layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 5000, height: 10 }] } },
    };
    const r = checkTask({}, news);
    const byProperty = Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
    expect(byProperty["appId"]).toMatch(/letters, digits/);
    expect(byProperty["encode.videoWidth"]).toMatch(/even number between 2 and 1920/);
    expect(byProperty["encode.videoFps"]).toMatch(/between 1 and 60/);
    expect(byProperty["pushUrl"]).toMatch(/rtmp:\/\//);
    expect(byProperty["layout.customLayout.regions[0].width"]).toMatch(/between 1 and 1920/);
    expect(byProperty[""] ?? byProperty["(inputs)"]).toMatch(/unknown property "unknownField"/);
    expect(new Set(r.failures.map((f) => f.property)).size).toBe(r.failures.length);
    // The engine gets them with no property, so that it prints no value (a secret from
    // `pulumi.secret()` would show in plain text), each reason naming its path once.
    const engine = await runtime.check({}, news);
    expect(engine.failures).toEqual(r.failures.map((f) => ({ property: "", reason: f.reason })));
    expect(byProperty["appId"]).toBe("appId: must be 1-128 characters of letters, digits, _ @ - .");
  });
  it("says a missing required property is required", async () => {
    const { pushUrl: _omit, ...rest } = base;
    expect(checkTask({}, rest).failures).toEqual([{ property: "pushUrl", reason: "pushUrl: is required" }]);
  });
  it("lets preview's unknown values through, even in number fields", async () => {
    const r = await runtime.check({}, { ...base, roomId: UNKNOWN, encode: { videoBitrate: UNKNOWN } });
    expect(r.failures).toEqual([]);
  });
  it("fills a missing task id from the resource name", async () => {
    const r = await runtime.check({}, { ...base, taskId: undefined });
    expect(r.inputs!.taskId).toMatch(/^stage-[0-9a-f]{8}$/);
  });
  it("names a value zod cannot even read, rather than throwing", async () => {
    // Valid JSON: zod's length check (videoSolutions holds at most 2) prints the object it was given,
    // and the "toString" key makes printing throw.
    const webcast = {
      __kind: "VolcengineWebcast",
      __logicalName: "slides",
      appId: "a",
      roomId: "r",
      userId: "u",
      sourceUrl: "https://a.example/x",
    };
    const r = checkTask({}, { ...webcast, videoSolutions: { length: [{ toString: 0 }] } });
    expect(r.failures).toEqual([expect.objectContaining({ property: "videoSolutions" })]);
  });

  it("refuses an unknown kind", async () => {
    const r = checkTask({}, { ...base, __kind: "Nope" });
    expect(r.failures[0]!.property).toBe("__kind");
  });
});

describe("the lifecycle against the emulator", () => {
  const sandbox = useEmulator({ RTC_TASKS_REQUEST_TIMEOUT_MS: "500" });
  const key = "app1/room1/stage-0000001";

  it("starts, updates in place, notices an idle end, and stops idempotently", async () => {
    const created = await runtime.create(base);
    expect(created.id).toBe(key);
    expect(sandbox.emu.state.running("volcengine", key)).toBeDefined();

    const news = { ...base, encode: { videoBitrate: 1500 } };
    await runtime.update(key, created.outs, news);
    expect(sandbox.emu.state.running("volcengine", key)!.updates).toBe(1);

    expect((await runtime.read(key, created.outs)).id).toBe(key);
    sandbox.emu.state.end(sandbox.emu.state.running("volcengine", key)!, "IdleTimeOut");
    const refreshed = await runtime.read(key, created.outs);
    expect(refreshed.props).toMatchObject({ endedAt: expect.any(String) });
    // The next up starts it again, as a new task under a new name, since a vendor may not take a
    // task id again: check (against the marked inputs) and diff both say so.
    const { __generation: _g, ...named } = refreshed.inputs!;
    const again = await runtime.check(refreshed.inputs!, { ...named, taskId: undefined });
    const d = await runtime.diff(key, refreshed.props!, again.inputs!);
    expect(d).toMatchObject({ changes: true, replaces: ["endedAt"] });

    await runtime.delete(key, created.outs); // already stopped: fine
    expect(sandbox.emu.state.list()).toHaveLength(0);
  });

  it("keeps a task older than the vendor's 72-hour read window, which the vendor no longer finds", async () => {
    // Nothing runs at the emulator under this id: a young task is gone, an old one may still run.
    const young = { ...base, startedAt: new Date(Date.now() - 3600_000).toISOString() };
    const old = { ...base, startedAt: new Date(Date.now() - 73 * 3600_000).toISOString() };
    expect((await runtime.read(key, young)).props).toMatchObject({ endedAt: expect.any(String) });
    expect(await runtime.read(key, old)).toEqual({ id: key, props: { ...old, taskStatus: "unknown" } });
    expect((await runtime.read(key, { ...base })).id).toBe(key); // age unknown (adopted): kept
  });

  it("records when it started a task", async () => {
    const before = Date.now();
    const created = await runtime.create(base);
    expect(Date.parse(String(created.outs!.startedAt))).toBeGreaterThanOrEqual(before - 1000);
    // startedAt is the lifecycle's: it never counts as a change
    expect((await runtime.diff(key, created.outs!, base)).changes).toBe(false);
    // and an update in place keeps it, or refresh could no longer tell an ended task from an old one
    const updated = await runtime.update(key, created.outs!, { ...base, encode: { videoBitrate: 1200 } });
    expect(updated.outs!.startedAt).toBe(created.outs!.startedAt);
  });

  it("does not call the vendor for a change that touches only local inputs", async () => {
    const created = await runtime.create(base);
    await runtime.update(key, created.outs, { ...base, adopt: true });
    expect(sandbox.emu.state.running("volcengine", key)!.updates).toBe(0);
  });

  it("adopts a running task instead of starting a second one", async () => {
    await runtime.create(base);
    const adopted = await runtime.create({ ...base, adopt: true });
    expect(adopted.id).toBe(key);
    expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
  });

  it("retries a start whose answer was lost, without starting it twice", async () => {
    sandbox.emu.state.faults = [{ vendor: "volcengine", action: "StartPushMixedStreamToCDN", type: "reset", count: 1 }];
    await runtime.create(base);
    expect(sandbox.emu.state.stats.faultsInjected).toBe(1);
    expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
  });

  it("retries throttled calls until they go through", async () => {
    sandbox.emu.state.faults = [{ vendor: "volcengine", type: "throttle", count: 3 }];
    await runtime.create(base);
    expect(sandbox.emu.state.running("volcengine", key)).toBeDefined();
  });

  it("keeps a task whose start may have run in state, with its id, when every attempt times out", async () => {
    process.env.RTC_TASKS_CALL_DEADLINE_MS = "2000";
    sandbox.emu.state.faults = [{ vendor: "volcengine", action: "StartPushMixedStreamToCDN", type: "slow", delayMs: 800 }];
    try {
      const err = (await runtime.create(base).catch((e: unknown) => e)) as {
        id?: string;
        properties?: Record<string, unknown>;
        message: string;
        code?: string;
        cause?: unknown;
      };
      expect(err.id).toBe(key);
      // The vendor's failure stays reachable, as with every other error: its code, and it as the cause.
      expect(isRtcError(err.cause)).toBe(true);
      expect(err.code).toBe((err.cause as RtcError).code);
      expect((err.cause as RtcError).action).toBe("StartPushMixedStreamToCDN");
      expect(err.properties!.startUnconfirmed).toBe(true);
      expect(err.message).toMatch(/stays in state/);
      expect(err.message).not.toContain(SECRET_KEY);
      // The next up confirms the start; the repeat cannot start a second task.
      sandbox.emu.state.faults = [];
      const updated = await runtime.update(key, err.properties!, base);
      expect(updated.outs!.startUnconfirmed).toBeUndefined();
      expect(sandbox.emu.state.list()).toHaveLength(1);
    } finally {
      delete process.env.RTC_TASKS_CALL_DEADLINE_MS;
    }
  });

  it("reports a vendor's refusal with its code and request id, and no secret", async () => {
    const err = await runtime.create({ ...base, layout: { layoutMode: 2, customLayout: { regions: [] } } }).catch((e: unknown) => e);
    expect(isRtcError(err, "RTC_INVALID")).toBe(true);
    const e = err as RtcError;
    expect(e.vendorCode).toBe("InvalidParameter");
    expect(e.requestId).toMatch(/^\d{14}[0-9A-F]{12}$/);
    expect(e.message).toContain(`(request id ${e.requestId})`);
    expect(e.message).not.toContain(SECRET_KEY);
  });

  it("refuses wrong credentials with the vendor's signature error, not retried", async () => {
    process.env.VOLCENGINE_SECRET_KEY = "wrong";
    try {
      const err = (await runtime.create(base).catch((e: unknown) => e)) as RtcError;
      expect(err.code).toBe("RTC_AUTH");
      expect(err.vendorCode).toBe("SignatureDoesNotMatch");
      expect(sandbox.emu.state.stats.requests).toBe(1);
    } finally {
      process.env.VOLCENGINE_SECRET_KEY = sandbox.emu.env().VOLCENGINE_SECRET_KEY;
    }
  });

  it("names the missing credential and how to set it", async () => {
    const saved = process.env.VOLCENGINE_ACCESS_KEY;
    delete process.env.VOLCENGINE_ACCESS_KEY;
    try {
      const err = (await runtime.create(base).catch((e: unknown) => e)) as RtcError;
      expect(err.code).toBe("RTC_CONFIG");
      expect(err.message).toMatch(/pulumi config set --secret rtc-tasks:volcengineAccessKey/);
      expect(err.message).toMatch(/VOLCENGINE_ACCESS_KEY/);
    } finally {
      process.env.VOLCENGINE_ACCESS_KEY = saved;
    }
  });
});
