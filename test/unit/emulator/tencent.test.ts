import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { TENCENT_TEST_CREDENTIALS } from "../../../provider/emulator/tencent";
import { signTc3 } from "../../../provider/vendors/tencent/signer";

/** The emulator's TRTC API, called with raw signed requests so each gateway rule can be aimed at. */
describe("the Tencent emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => emu.close());
  beforeEach(async () => {
    await fetch(`${emu.baseUrl}/_emulator/reset`, { method: "POST" });
  });

  type Answer = { Response: { RequestId: string; TaskId?: string; Error?: { Code: string; Message: string } } };
  async function call(action: string, params: object, opts: { region?: string; version?: string } = {}): Promise<Answer["Response"]> {
    const body = JSON.stringify(params);
    const host = new URL(emu.endpoints.tencent!).host;
    const timestamp = Math.floor(Date.now() / 1000);
    const { authorization } = signTc3(TENCENT_TEST_CREDENTIALS, {
      method: "POST",
      host,
      contentType: "application/json",
      body,
      timestamp,
      service: "trtc",
    });
    const res = await request(`${emu.endpoints.tencent}/`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-TC-Action": action,
        "X-TC-Version": opts.version ?? "2019-07-22",
        "X-TC-Region": opts.region ?? "ap-guangzhou",
        "X-TC-Timestamp": String(timestamp),
        Authorization: authorization,
      },
    });
    expect(res.statusCode).toBe(200); // API 3.0 answers errors inside an HTTP 200
    const json = (await res.body.json()) as Answer;
    expect(json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    return json.Response;
  }
  const code = async (action: string, params: object, opts?: { region?: string; version?: string }) =>
    (await call(action, params, opts)).Error?.Code;

  const start = (over: object = {}) => ({
    SdkAppId: 1400000001,
    RoomId: "room-1",
    RoomIdType: 1,
    WithTranscoding: 1,
    AgentParams: { UserId: "robot-1", MaxIdleTime: 30 },
    AudioParams: { AudioEncode: { SampleRate: 48000, Channel: 2, BitRate: 64 } },
    VideoParams: { VideoEncode: { Width: 1280, Height: 720, Fps: 30, BitRate: 2000, Gop: 2 } },
    PublishCdnParams: [{ PublishCdnUrl: "rtmp://push.example.com/live/a", IsTencentCdn: 1 }],
    ...over,
  });
  const started = async (over: object = {}) => {
    const r = await call("StartPublishCdnStream", start(over));
    expect(r.Error).toBeUndefined();
    return r.TaskId!;
  };

  it("makes the TaskIds, unique, and keys running tasks by SdkAppId/TaskId", async () => {
    const a = await started();
    const b = await started({ AgentParams: { UserId: "robot-2" } });
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThan(40);
    expect(
      emu.state
        .list()
        .map((t) => t.key)
        .sort(),
    ).toEqual([`1400000001/${a}`, `1400000001/${b}`].sort());
  });

  it("refuses a second task with the same robot UserId in the same room, not in another room", async () => {
    await started();
    const clash = await call(
      "StartPublishCdnStream",
      start({ PublishCdnParams: [{ PublishCdnUrl: "rtmp://push.example.com/live/b", IsTencentCdn: 1 }] }),
    );
    expect(clash.Error?.Code).toBe("FailedOperation");
    expect(clash.Error?.Message).toMatch(/robot-1 is already used/);
    await started({ RoomId: "room-2" });
    expect(emu.state.list()).toHaveLength(2);
  });

  it("checks the start against the vendor's model (API 3.0 codes) and its documented cross-field rules", async () => {
    expect(await code("StartPublishCdnStream", start({ AudioParams: undefined }))).toBe("MissingParameter");
    expect(await code("StartPublishCdnStream", start({ AgentParams: undefined }))).toBe("MissingParameter");
    expect(await code("StartPublishCdnStream", start({ PublishCdnParams: undefined }))).toBe("InvalidParameter");
    expect(
      await code("StartPublishCdnStream", start({ FeedBackRoomParams: [{ RoomId: "1", RoomIdType: 0, UserId: "u", UserSig: "s" }] })),
    ).toBe("InvalidParameter");
    expect(await code("StartPublishCdnStream", start({ PublishCdnParams: [{ PublishCdnUrl: "https://x/y", IsTencentCdn: 1 }] }))).toBe(
      "InvalidParameterValue",
    );
    expect(
      await code(
        "StartPublishCdnStream",
        start({ PublishCdnParams: Array.from({ length: 11 }, (_, i) => ({ PublishCdnUrl: `rtmp://p/l/${i}` })) }),
      ),
    ).toBe("InvalidParameterValue");
    expect(
      await code("StartPublishCdnStream", start({ VideoParams: { VideoEncode: { Width: 1280, Height: 720, Fps: 30, BitRate: 2000 } } })),
    ).toBe("MissingParameter");
    expect(await code("StartPublishCdnStream", start({ VideoParams: {} }))).toBe("MissingParameter");
    expect(await code("StartPublishCdnStream", start({ Unheard: 1 }))).toBe("UnknownParameter");
    expect(
      await code(
        "StartPublishCdnStream",
        start({ AudioParams: { AudioEncode: { SampleRate: 48000, Channel: 1, BitRate: 64, Codec: 2 } } }),
      ),
    ).toBe("InvalidParameterValue");
    expect(await code("StartPublishCdnStream", start({ SingleSubscribeParams: { UserMediaStream: {} } }))).toBe("InvalidParameter");
    expect(await code("StartPublishCdnStream", start({ AgentParams: { UserId: "r", MaxIdleTime: 2 } }))).toBe("InvalidParameterValue");
    expect(
      await code(
        "StartPublishCdnStream",
        start({ AudioParams: { AudioEncode: { SampleRate: 48000, Channel: 2, BitRate: 64 }, SubscribeAudioList: [] } }),
      ),
    ).toBe("InvalidParameter");
    expect(emu.state.list()).toHaveLength(0);
  });

  it("updates in place with a strictly growing SequenceNumber, incrementally", async () => {
    const id = await started();
    const update = (seq: number, over: object = {}) =>
      call("UpdatePublishCdnStream", { SdkAppId: 1400000001, TaskId: id, SequenceNumber: seq, WithTranscoding: 1, ...over });
    expect(
      (await update(5, { PublishCdnParams: [{ PublishCdnUrl: "rtmp://push.example.com/live/b", IsTencentCdn: 0 }] })).Error,
    ).toBeUndefined();
    expect((await update(5)).Error?.Code).toBe("FailedOperation.RequestOutdated");
    expect((await update(4)).Error?.Code).toBe("FailedOperation.RequestOutdated");
    expect(
      (await update(6, { VideoParams: { VideoEncode: { Width: 640, Height: 360, Fps: 15, BitRate: 800, Gop: 2 } } })).Error,
    ).toBeUndefined();
    const t = emu.state.running("tencent", `1400000001/${id}`)!;
    expect(t.updates).toBe(2);
    expect(t.params.PublishCdnParams).toEqual([{ PublishCdnUrl: "rtmp://push.example.com/live/b", IsTencentCdn: 0 }]); // kept by the second update
    expect((t.params.VideoParams as { VideoEncode: { Width: number } }).VideoEncode.Width).toBe(640);
  });

  it("refuses what Update cannot change", async () => {
    const audioOnly = await started({ VideoParams: undefined });
    const update = (over: object) =>
      code("UpdatePublishCdnStream", { SdkAppId: 1400000001, TaskId: audioOnly, SequenceNumber: Date.now(), WithTranscoding: 1, ...over });
    expect(await update({ VideoParams: { VideoEncode: { Width: 640, Height: 360, Fps: 15, BitRate: 800, Gop: 2 } } })).toBe(
      "InvalidParameter",
    );
    expect(await update({ AudioParams: { AudioEncode: { SampleRate: 44100, Channel: 2, BitRate: 64 } } })).toBe("InvalidParameter");
    expect(await update({ RoomId: "elsewhere" })).toBe("UnknownParameter");
    expect(await update({ AudioParams: { SubscribeAudioList: [], UnSubscribeAudioList: [] } })).toBeUndefined();
  });

  it("answers ResourceNotFound to a stop of an unknown or ended task, and TaskFinished to an update of an ended one", async () => {
    expect(await code("StopPublishCdnStream", { SdkAppId: 1400000001, TaskId: "no-such-task" })).toBe("ResourceNotFound");
    expect(
      await code("UpdatePublishCdnStream", { SdkAppId: 1400000001, TaskId: "no-such-task", SequenceNumber: 1, WithTranscoding: 1 }),
    ).toBe("ResourceNotFound");
    const id = await started();
    expect(await code("StopPublishCdnStream", { SdkAppId: 1400000002, TaskId: id })).toBe("ResourceNotFound"); // TaskIds are per SdkAppId
    expect(await code("StopPublishCdnStream", { SdkAppId: 1400000001, TaskId: id })).toBeUndefined();
    expect(emu.state.get("tencent", `1400000001/${id}`)).toMatchObject({ status: "ended", stopReason: "StopByAPI" });
    expect(await code("StopPublishCdnStream", { SdkAppId: 1400000001, TaskId: id })).toBe("ResourceNotFound");
    expect(await code("UpdatePublishCdnStream", { SdkAppId: 1400000001, TaskId: id, SequenceNumber: 1, WithTranscoding: 1 })).toBe(
      "FailedOperation.TaskFinished",
    );
    // Ended, its robot has left the room: the same UserId may start again.
    await started();
  });

  it("ends tasks as if idle, with its own reason", async () => {
    const id = await started();
    await fetch(`${emu.baseUrl}/_emulator/tasks/end`, {
      method: "POST",
      body: JSON.stringify({ vendor: "tencent", key: `1400000001/${id}` }),
    });
    expect(emu.state.get("tencent", `1400000001/${id}`)).toMatchObject({ status: "ended", stopReason: "AllAnchorsLeftForMaxIdleTime" });
  });

  it("serves only the documented regions, action and version", async () => {
    for (const region of ["ap-beijing", "ap-guangzhou", "ap-hongkong", "ap-shanghai", "ap-singapore"]) {
      expect(await code("StopPublishCdnStream", { SdkAppId: 1, TaskId: "x" }, { region })).toBe("ResourceNotFound");
    }
    expect(await code("StopPublishCdnStream", { SdkAppId: 1, TaskId: "x" }, { region: "ap-tokyo" })).toBe("UnsupportedRegion");
    expect(await code("StopPublishCdnStream", { SdkAppId: 1, TaskId: "x" }, { region: "" })).toBe("MissingParameter");
    expect(await code("StopPublishCdnStream", { SdkAppId: 1, TaskId: "x" }, { version: "2020-01-01" })).toBe("NoSuchVersion");
    expect(await code("DescribePublishCdnStream", { SdkAppId: 1, TaskId: "x" })).toBe("InvalidAction");
    for (const action of ["constructor", "toString", "__proto__", "hasOwnProperty"])
      expect(await code(action, {}), action).toBe("InvalidAction");
  });

  it("allows 20 requests a second per action and SecretId", async () => {
    const stops = await Promise.all(Array.from({ length: 22 }, (_, i) => code("StopPublishCdnStream", { SdkAppId: 1, TaskId: `x${i}` })));
    expect(stops.filter((c) => c === "RequestLimitExceeded")).toHaveLength(2);
    expect(stops.filter((c) => c === "ResourceNotFound")).toHaveLength(20);
    // Another action has its own count.
    expect(await code("UpdatePublishCdnStream", { SdkAppId: 1, TaskId: "x", SequenceNumber: 1, WithTranscoding: 1 })).toBe(
      "ResourceNotFound",
    );
  });
});
