import { describe, expect, it } from "vitest";
import { volcengineCall } from "../../../provider/vendors/volcengine/client";
import { checkType, vendorModels } from "../../../provider/vendors/model";
import { useEmulator } from "../fixtures/emulator";

/**
 * What the emulator's Get*Task calls answer (the model's PushMixedStreamToCDNTask, PushSingleStreamToCDNTask
 * and WebCastTask), and the admin routes that change a task behind the provider's back: its push
 * state, its settings, and how it ends.
 */
describe("the emulator's read calls and the admin routes that drive them", () => {
  const sandbox = useEmulator();
  const key = "a/r/t1";
  const get = async (action: string, resultKey: string) => {
    const { result } = await volcengineCall({
      action,
      version: "2023-11-01",
      method: "GET",
      idempotent: true,
      params: { AppId: "a", RoomId: "r", TaskId: "t1" },
    });
    return (result as Record<string, Record<string, unknown>>)[resultKey]!;
  };
  const admin = async (route: string, body: unknown) => {
    const res = await fetch(`${sandbox.emu.baseUrl}/_emulator/${route}`, { method: "POST", body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const mixed = () =>
    sandbox.emu.state.start("volcengine", "PushMixedStreamToCDN", key, {
      AppId: "a",
      RoomId: "r",
      TaskId: "t1",
      PushURL: "rtmp://push.example.com/live/s",
      Encode: { VideoFps: 30 },
      Layout: { LayoutMode: 2, CustomLayout: { Regions: [{ StreamIndex: 0, Width: 320, Height: 240 }] } },
      TargetStreams: { StreamList: [{ UserId: "host", Index: 0 }] },
    });

  it("answers a relay with what it runs, the vendor's defaults filled in, in the model's shape", async () => {
    const t = mixed();
    const task = await get("GetPushMixedStreamToCDNTask", "PushMixedStreamToCDNTask");
    expect(task).toMatchObject({
      Status: 2,
      PushStreamState: 5,
      StartTime: t.startedAt,
      EndTime: 0,
      StopReason: "",
      PushURL: "rtmp://push.example.com/live/s",
      // Sent: kept; left out: the documented default.
      Encode: { VideoFps: 30, VideoWidth: 640, VideoGop: 4, AudioSampleRate: 48000 },
      Control: { MaxIdleTime: 180, PushStreamMode: 0, SEIConfig: { SEIPayLoadType: 100, PassthroughRTCSEIMessage: true } },
      Layout: {
        CustomLayout: { Canvas: { Width: 640, Height: 480, Background: "#000000" }, Regions: [{ StreamIndex: 0, Alpha: 1, ZOrder: 0 }] },
      },
    });
    expect(task).not.toHaveProperty("AppId"); // identity is not part of the answer
    expect(checkType(vendorModels.volcengine, "PushMixedStreamToCDNTask", task, "")).toEqual([]);
  });

  it("answers a webcast without a push state, and a left-out VideoSolutions as one default entry", async () => {
    sandbox.emu.state.start("volcengine", "Webcast", key, {
      AppId: "a",
      RoomId: "r",
      TaskId: "t1",
      UserId: "u",
      SourceURL: "https://x.example/p",
    });
    const task = await get("GetWebCastTask", "WebCastTask");
    expect(task).toMatchObject({
      Status: 2,
      MaxRunningTime: 86400,
      VideoSolutions: [{ Width: 1280, Height: 720, FrameRate: 15, Bitrate: 0 }],
    });
    expect(task).not.toHaveProperty("PushStreamState");
  });

  it("sets a running relay's push state, and refuses a state that is not Volcengine's", async () => {
    mixed();
    expect(await admin("tasks/live", { vendor: "volcengine", key, pushState: 3 })).toMatchObject({ status: 200 });
    expect(await get("GetPushMixedStreamToCDNTask", "PushMixedStreamToCDNTask")).toMatchObject({ Status: 2, PushStreamState: 3 });
    expect(await admin("tasks/live", { vendor: "volcengine", key, pushState: 9 })).toMatchObject({ status: 400 });
    expect(await admin("tasks/live", { vendor: "volcengine", key: "a/r/none", pushState: 3 })).toMatchObject({
      status: 404,
      json: { error: "no running task volcengine:a/r/none" },
    });
  });

  it("changes settings behind the provider's back: objects merged, lists whole, null removes, the model holds", async () => {
    const t = mixed();
    const change = { Encode: { VideoFps: 15, VideoBitrate: 900 }, TargetStreams: { StreamList: [{ UserId: "guest", Index: 0 }] } };
    expect(await admin("tasks/settings", { vendor: "volcengine", key, settings: change })).toMatchObject({ status: 200 });
    expect(t.params).toMatchObject({
      Encode: { VideoFps: 15, VideoBitrate: 900 },
      TargetStreams: { StreamList: [{ UserId: "guest", Index: 0 }] },
    });
    expect(t).toMatchObject({ outsideChanges: 1, updates: 0 });
    await admin("tasks/settings", { vendor: "volcengine", key, settings: { Encode: { VideoBitrate: null } } });
    expect(t.params.Encode).toEqual({ VideoFps: 15 });
    const refused = await admin("tasks/settings", { vendor: "volcengine", key, settings: { Encode: { VideoFps: 99 } } });
    expect(refused).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/^the vendor would not run that: Encode\.VideoFps/) },
    });
    expect(t.params.Encode).toEqual({ VideoFps: 15 });
  });

  it("ends a task with the stop reason given; StartTaskFailed reads as failed (Status 4)", async () => {
    mixed();
    await admin("tasks/end", { vendor: "volcengine", key, reason: "StartTaskFailed" });
    expect(await get("GetPushMixedStreamToCDNTask", "PushMixedStreamToCDNTask")).toMatchObject({
      Status: 4,
      StopReason: "StartTaskFailed",
      PushStreamState: 6,
      EndTime: expect.any(Number),
    });
  });

  it.each([
    ["a relay", "PushMixedStreamToCDN", "GetPushMixedStreamToCDNTask", "PushMixedStreamToCDNTask", "IdleTimeOut"],
    ["a webcast, whose model has no idle reason", "Webcast", "GetWebCastTask", "WebCastTask", "UnknownStopReason"],
  ])("ends %s on its own with a stop reason its model allows", async (_, kind, action, type, reason) => {
    sandbox.emu.state.start("volcengine", kind, key, {
      AppId: "a",
      RoomId: "r",
      TaskId: "t1",
      UserId: "u",
      SourceURL: "https://x.example/p",
    });
    await admin("tasks/end", { vendor: "volcengine", key });
    const task = await get(action, type);
    expect(task).toMatchObject({ Status: 3, StopReason: reason });
  });
});
