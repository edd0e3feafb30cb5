import { afterEach, describe, expect, it, vi } from "vitest";
import * as runtime from "../../../provider/lifecycle/runtime";
import type { Inputs, State } from "../../../provider/tasks/kind";
import { liveOf } from "../../../provider/tasks/volcengine/common";
import { useEmulator } from "../fixtures/emulator";

/**
 * Refresh (runtime.read) against the emulator: the status outputs, drift found and put back by the
 * next up, the warnings a person must see, and the 72-hour read window for adopted tasks.
 */
const PUSH_KEY = "streamkey-7f6e5d4c3b";

/** A custom-layout mixed relay that leaves most settings to the vendor's defaults. */
const mixed: Inputs = {
  __kind: "VolcengineMixedRelayToCdn",
  __logicalName: "stage",
  appId: "app1",
  roomId: "room1",
  taskId: "stage-0000001",
  pushUrl: `rtmp://push.example.com/live/stage?txSecret=${PUSH_KEY}`,
  targetStreams: { streamList: [{ userId: "host", index: 0 }] },
  layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 320, height: 240 }] } },
};
const single: Inputs = {
  __kind: "VolcengineSingleRelayToCdn",
  __logicalName: "solo",
  appId: "app1",
  roomId: "room1",
  taskId: "solo-0000001",
  pushUrl: `rtmp://push.example.com/live/solo?txSecret=${PUSH_KEY}`,
  stream: { userId: "host" },
};
const MIXED_KEY = "app1/room1/stage-0000001";
const SINGLE_KEY = "app1/room1/solo-0000001";

async function checked(news: Inputs, olds: Inputs = {}): Promise<Inputs> {
  const r = await runtime.check(olds, news);
  expect(r.failures).toEqual([]);
  return r.inputs!;
}

/** Every line the provider printed during `f` (warnings print even with RTC_TASKS_LOG=quiet). */
async function printed<T>(f: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
  try {
    return { value: await f(), lines };
  } finally {
    spy.mockRestore();
  }
}

describe("refresh against the emulator", () => {
  const sandbox = useEmulator();
  afterEach(() => vi.restoreAllMocks());
  const task = (key: string) => sandbox.emu.state.running("volcengine", key)!;

  it("fills the status outputs, and finds no drift in a task run with the vendor's defaults", async () => {
    const created = await runtime.create(await checked(mixed));
    const read = await runtime.read(MIXED_KEY, created.outs);
    expect(read.inputs).toBeUndefined();
    expect(read.props).toEqual({
      ...created.outs,
      taskStatus: "running",
      pushStatus: "pushing",
      taskStartTime: new Date(task(MIXED_KEY).startedAt).toISOString(),
    });
    // The status outputs are the vendor's: they never make a diff.
    expect(await runtime.diff(MIXED_KEY, read.props!, await checked(mixed, read.props!))).toEqual({ changes: false });
  });

  it("finds settings changed outside Pulumi, and the next up puts them back in place (custom layout)", async () => {
    const inputs = await checked(mixed);
    const created = await runtime.create(inputs);
    const t = task(MIXED_KEY);
    t.params = { ...t.params, Encode: { VideoFps: 24 }, TargetStreams: { StreamList: [{ UserId: "intruder", Index: 0 }] } };

    const { value: read, lines } = await printed(() => runtime.read(MIXED_KEY, created.outs));
    expect(read.inputs).toMatchObject({ encode: { videoFps: 24 }, targetStreams: { streamList: [{ userId: "intruder", index: 0 }] } });
    expect(read.props).toMatchObject({ encode: { videoFps: 24 }, taskStatus: "running" });
    expect(lines.join("\n")).toMatch(
      /warning: Volcengine mixed relay to CDN app1\/room1\/stage-0000001: runs with settings other than declared, changed outside Pulumi \(targetStreams\.streamList, encode\.videoFps\); `pulumi up` puts the declared ones back, in place/,
    );
    expect(lines.join("\n")).not.toContain(PUSH_KEY);

    // The engine diffs the program against what runs: an update in place, which sends the declared settings whole.
    const news = await checked(mixed, read.inputs!);
    expect(await runtime.diff(MIXED_KEY, read.props!, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await runtime.update(MIXED_KEY, read.props!, news);
    expect(t).toMatchObject({ updates: 1, params: { TargetStreams: { StreamList: [{ UserId: "host", Index: 0 }] } } });
    expect(t.params.Encode).toBeUndefined();
    expect(sandbox.emu.state.startsByKey.get(`volcengine:${MIXED_KEY}`)).toBe(1);
    expect((await runtime.read(MIXED_KEY, updated.outs!)).inputs).toBeUndefined();
  });

  it("finds drift in a kind without an update call, which the next up puts back by replacing the task", async () => {
    const created = await runtime.create(await checked(single));
    task(SINGLE_KEY).params.Control = { MaxIdleTime: 600, MediaType: 1 };
    const { value: read, lines } = await printed(() => runtime.read(SINGLE_KEY, created.outs));
    expect(read.inputs).toMatchObject({ control: { maxIdleTime: 600, mediaType: 1 } });
    expect(lines.join("\n")).toMatch(/`pulumi up` puts the declared ones back, by replacing the task \(control cannot change in place\)/);
    const news = await checked({ ...single, taskId: undefined }, read.inputs!);
    expect(await runtime.diff(SINGLE_KEY, read.props!, news)).toMatchObject({ changes: true, replaces: ["control"] });
  });

  it("warns, naming the task, when a running relay is not pushing to its CDN", async () => {
    const created = await runtime.create(await checked(single));
    task(SINGLE_KEY).live = { pushState: 3 };
    const { value: read, lines } = await printed(() => runtime.read(SINGLE_KEY, created.outs));
    expect(read.props).toMatchObject({ taskStatus: "running", pushStatus: "reconnecting" });
    expect(lines).toEqual([
      "rtc-tasks: warning: Volcengine single-stream relay to CDN app1/room1/solo-0000001: runs, but is not pushing to its CDN (push status: reconnecting); check the push URL and the CDN",
    ]);
    task(SINGLE_KEY).live = { pushState: 5 };
    expect((await printed(() => runtime.read(SINGLE_KEY, created.outs))).lines).toEqual([]);
  });

  it("warns of a task that failed, with the vendor's stop reason, and marks it for the next up", async () => {
    const created = await runtime.create(await checked(single));
    sandbox.emu.state.end(task(SINGLE_KEY), "StartTaskFailed");
    const { value: read, lines } = await printed(() => runtime.read(SINGLE_KEY, created.outs));
    expect(read.props).toMatchObject({ taskStatus: "failed", stopReason: "StartTaskFailed", endedAt: expect.any(String) });
    expect(lines.join("\n")).toMatch(
      /warning: .*solo-0000001: failed at Volcengine \(stop reason: StartTaskFailed\); the next `pulumi up` starts it again/,
    );
  });

  it("stores what an adopted task runs, so that the next preview shows where it differs from the program", async () => {
    sandbox.emu.state.start("volcengine", "PushSingleStreamToCDN", SINGLE_KEY, {
      AppId: "app1",
      RoomId: "room1",
      TaskId: "solo-0000001",
      PushURL: single.pushUrl,
      Stream: { UserId: "host" },
      Control: { MaxIdleTime: 900 },
    });
    const adopted = await runtime.create(await checked({ ...single, adopt: true }));
    expect(sandbox.emu.state.startsByKey.get(`volcengine:${SINGLE_KEY}`)).toBe(1);
    expect(adopted.outs).toMatchObject({ control: { maxIdleTime: 900 }, taskStatus: "running", taskStartTime: expect.any(String) });
    expect(adopted.outs).not.toHaveProperty("startedAt"); // not ours
    expect(await runtime.diff(SINGLE_KEY, adopted.outs!, await checked(single, adopted.outs!))).toMatchObject({ replaces: ["control"] });
  });

  it("judges a task the vendor no longer finds by the vendor's start time when it is not ours (adopted)", async () => {
    const recently = { ...single, taskStartTime: new Date(Date.now() - 3600_000).toISOString() };
    const long = { ...single, taskStartTime: new Date(Date.now() - 80 * 3600_000).toISOString() };
    expect((await runtime.read(SINGLE_KEY, recently)).props).toMatchObject({ endedAt: expect.any(String), taskStatus: "ended" });
    expect(await runtime.read(SINGLE_KEY, long)).toEqual({ id: SINGLE_KEY, props: { ...single, taskStatus: "unknown" } });
    expect((await runtime.read(SINGLE_KEY, single as State)).props).toEqual({ ...single, taskStatus: "unknown" });
  });
});

describe("what a Get*Task answer says (liveOf)", () => {
  it("maps Status and PushStreamState, and the times, in the vendor's meaning", () => {
    const start = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(liveOf({ Status: 2, PushStreamState: 3, StartTime: start, EndTime: 0, StopReason: "" })).toEqual({
      taskStatus: "running",
      pushStatus: "reconnecting",
      taskStartTime: "2026-01-02T03:04:05.000Z",
    });
    expect(liveOf({ Status: 1, PushStreamState: 0 })).toEqual({ taskStatus: "starting" });
    const ended = liveOf({ Status: 3, PushStreamState: 6, StartTime: start, EndTime: start + 60_000, StopReason: "IdleTimeOut" });
    expect(ended).toEqual({
      taskStatus: "ended",
      taskStartTime: "2026-01-02T03:04:05.000Z",
      taskEndTime: "2026-01-02T03:05:05.000Z",
      stopReason: "IdleTimeOut",
    });
    expect(liveOf({ Status: 4, StopReason: "StartTaskFailed" })).toEqual({ taskStatus: "failed", stopReason: "StartTaskFailed" });
    expect(liveOf({ Status: 0 })).toEqual({ taskStatus: "unknown" });
    expect(liveOf({})).toEqual({ taskStatus: "unknown" });
    for (const [state, word] of ["unknown", "not-pushing", "connecting", "reconnecting", "connected", "pushing", "stopped"].entries())
      expect(liveOf({ Status: 2, PushStreamState: state }).pushStatus).toBe(word);
  });
});
