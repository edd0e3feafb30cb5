import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RtcError } from "../../../provider/http/errors";
import { checkTask } from "../../../provider/lifecycle/check";
import * as runtime from "../../../provider/lifecycle/runtime";
import type { Inputs, State } from "../../../provider/tasks/kind";
import { kinds } from "../../../provider/tasks/registry";
import { vendorModels } from "../../../provider/vendors/model";
import { classifyTencent } from "../../../provider/vendors/tencent/client";
import { classifyVolcengine, volcengineCall } from "../../../provider/vendors/volcengine/client";
import { classifyZego, zegoCall } from "../../../provider/vendors/zego/client";
import { WireCapture } from "../../conformance/oracle";
import { useEmulator } from "../fixtures/emulator";

/**
 * Regression tests of issue 11 ("Vendor fidelity"): each mistake found by reading our kinds against
 * the vendors' own models, in the words of the rule the vendor states. Each fails on the code before
 * its fix.
 */

async function failures(news: Inputs): Promise<Record<string, string>> {
  const r = checkTask({}, news);
  return Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
}

const mixed = {
  __kind: "VolcengineMixedRelayToCdn",
  __logicalName: "stage",
  appId: "app1",
  roomId: "room1",
  taskId: "stage-0000001",
  pushUrl: "rtmp://push.example.com/live/stage?key=k",
  targetStreams: { streamList: [{ userId: "host", index: 0 }] },
  layout: {
    layoutMode: 2,
    customLayout: { canvas: { width: 1280, height: 720 }, regions: [{ streamIndex: 0, width: 1280, height: 720 }] },
  },
};
const withSei = (seiConfig: Record<string, unknown>) => ({ ...mixed, control: { seiConfig } });
const withRegion = (extra: Record<string, unknown>) => ({
  ...mixed,
  layout: {
    ...mixed.layout,
    customLayout: { ...mixed.layout.customLayout, regions: [{ streamIndex: 0, width: 640, height: 360, ...extra }] },
  },
});

describe("mistake 2: the mixed relay's control.seiConfig.volumeIndicationInterval is float seconds from 0.3", () => {
  it("takes fractions of a second, and whole seconds", async () => {
    for (const s of [0.3, 0.5, 2, 2.5, 60]) expect(await failures(withSei({ volumeIndicationInterval: s })), `${s} s`).toEqual({});
  });
  it("refuses 0 and anything under 0.3 s, naming the unit", async () => {
    for (const s of [0, 0.2, -1]) {
      expect(await failures(withSei({ volumeIndicationInterval: s }))).toEqual({
        "control.seiConfig.volumeIndicationInterval":
          "control.seiConfig.volumeIndicationInterval: must be at least 0.3 (seconds, not milliseconds)",
      });
    }
  });
});

describe("mistake 3: values the Volcengine mixed relay accepted and the vendor refuses", () => {
  it("regions[].spatialPosition is a list of three whole numbers from -100 to 100, not an object", async () => {
    expect(await failures(withRegion({ spatialPosition: [0, -100, 100] }))).toEqual({});
    for (const bad of [{ x: 1, y: 2, z: 3 }, [1, 2], [1, 2, 3, 4], [101, 0, 0], [0.5, 0, 0]]) {
      const f = await failures(withRegion({ spatialPosition: bad }));
      expect(
        Object.keys(f).some((k) => k.startsWith("layout.customLayout.regions[0].spatialPosition")),
        JSON.stringify(bad),
      ).toBe(true);
    }
  });

  it("control.spatialConfig has the vendor's three fields, not free-form JSON", async () => {
    const spatial = {
      enableSpatialRender: true,
      audienceSpatialPosition: [0, 0, 10],
      audienceSpatialOrientation: { forward: [1, 0, 0], right: [0, 1, 0], up: [0, 0, 1] },
    };
    expect(await failures({ ...mixed, control: { spatialConfig: spatial } })).toEqual({});
    expect(await failures({ ...mixed, control: { spatialConfig: { anything: 1 } } })).toEqual({
      "control.spatialConfig": 'control.spatialConfig: unknown property "anything"',
    });
  });

  it("regions[].sourceCrop: locations in [0, 1), proportions in (0, 1]", async () => {
    expect(
      await failures(withRegion({ sourceCrop: { locationX: 0, locationY: 0.99, widthProportion: 1, heightProportion: 0.01 } })),
    ).toEqual({});
    expect(await failures(withRegion({ sourceCrop: { locationX: 1, locationY: 1, widthProportion: 0, heightProportion: 0 } }))).toEqual({
      "layout.customLayout.regions[0].sourceCrop.locationX":
        "layout.customLayout.regions[0].sourceCrop.locationX: must be a fraction in [0, 1)",
      "layout.customLayout.regions[0].sourceCrop.locationY":
        "layout.customLayout.regions[0].sourceCrop.locationY: must be a fraction in [0, 1)",
      "layout.customLayout.regions[0].sourceCrop.widthProportion":
        "layout.customLayout.regions[0].sourceCrop.widthProportion: must be a fraction in (0, 1]",
      "layout.customLayout.regions[0].sourceCrop.heightProportion":
        "layout.customLayout.regions[0].sourceCrop.heightProportion: must be a fraction in (0, 1]",
    });
  });

  it("seiContentMode is 0 or 1", async () => {
    expect(await failures(withSei({ seiContentMode: 1 }))).toEqual({});
    expect(await failures(withSei({ seiContentMode: 2 }))).toEqual({
      "control.seiConfig.seiContentMode":
        "control.seiConfig.seiContentMode: must be one of 0, 1 (0 everything, 1 volumes and timestamp only)",
    });
  });

  it("seiPayloadUuid is 32 hex characters, and required with payload type 5", async () => {
    expect(await failures(withSei({ seiPayLoadType: 5, seiPayloadUuid: "566f6c63656e67696e65525443534549" }))).toEqual({});
    expect(await failures(withSei({ seiPayLoadType: 5, seiPayloadUuid: "566f6c63-656e-6769-6e65-525443534549" }))).toEqual({
      "control.seiConfig.seiPayloadUuid": "control.seiConfig.seiPayloadUuid: must be 32 hexadecimal characters, without dashes",
    });
    expect(await failures(withSei({ seiPayLoadType: 5 }))).toEqual({
      "control.seiConfig.seiPayloadUuid": "control.seiConfig.seiPayloadUuid: is required with seiPayLoadType 5",
    });
    expect(await failures(withSei({ seiPayLoadType: 100 }))).toEqual({});
  });

  it("HE-AACv2 (audioProfile 2) is stereo only", async () => {
    expect(await failures({ ...mixed, encode: { audioProfile: 2 } })).toEqual({});
    expect(await failures({ ...mixed, encode: { audioProfile: 2, audioChannels: 2 } })).toEqual({});
    expect(await failures({ ...mixed, encode: { audioProfile: 2, audioChannels: 1 } })).toEqual({
      "encode.audioChannels": "encode.audioChannels: must be 2: HE-AACv2 (audioProfile 2) is stereo only",
    });
  });

  it("regions lie within the canvas, which is 640 x 480 unless given", async () => {
    expect(await failures(withRegion({ locationX: 1279, locationY: 719 }))).toEqual({});
    expect(await failures(withRegion({ locationX: 1280 }))).toEqual({
      "layout.customLayout.regions[0].locationX": "layout.customLayout.regions[0].locationX: must be less than the canvas width, 1280",
    });
    const noCanvas = { ...mixed, layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 1280, height: 720 }] } } };
    expect(await failures(noCanvas)).toEqual({
      "layout.customLayout.regions[0].width":
        "layout.customLayout.regions[0].width: must be at most the canvas width, 640 (the default canvas width; set layout.customLayout.canvas.width)",
      "layout.customLayout.regions[0].height":
        "layout.customLayout.regions[0].height: must be at most the canvas height, 480 (the default canvas height; set layout.customLayout.canvas.height)",
    });
  });

  it("push URLs: rtmps:// is RTMP over TLS and accepted, as the vendor's client SDK states (^rtmps?://)", async () => {
    expect(await failures({ ...mixed, pushUrl: "rtmps://push.example.com/live/stage?key=k" })).toEqual({});
    expect(await failures({ ...mixed, pushUrl: "https://push.example.com/live/stage" })).toEqual({
      pushUrl: "pushUrl: must be an rtmp:// or rtmps:// URL with a host (the vendor relays over RTMP, or RTMP over TLS)",
    });
  });
});

/** Runs `f` with the provider pointed at a server that answers every call with success and keeps the requests. */
function capturing(): { capture: WireCapture } {
  const holder = { capture: new WireCapture() };
  const saved = { ...process.env };
  beforeAll(async () => {
    await holder.capture.start();
    Object.assign(process.env, holder.capture.env());
  });
  afterAll(async () => {
    await holder.capture.close();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  return holder;
}

describe("mistake 3: the three Volcengine push-URL validators agree, rtmps:// included", () => {
  const sandbox = useEmulator();
  const single = {
    __kind: "VolcengineSingleRelayToCdn",
    __logicalName: "solo",
    appId: "app1",
    roomId: "room1",
    taskId: "solo-1",
    stream: { userId: "host" },
  };
  it("our schema, the emulator and the vendor's model accept rtmp:// and rtmps://, and refuse anything else", async () => {
    const pattern = new RegExp(vendorModels.volcengine.types.StartPushSingleStreamToCDNRequest!.PushURL!.pattern!);
    const cases: [string, boolean][] = [
      ["rtmp://push.example.com/live/s?key=k", true],
      ["rtmps://push.example.com/live/s?key=k", true],
      ["https://push.example.com/live/s", false],
      ["srt://push.example.com:9000", false],
    ];
    for (const [url, accepted] of cases) {
      expect(pattern.test(url), `model: ${url}`).toBe(accepted);
      expect(Object.keys(await failures({ ...single, pushUrl: url })), `schema: ${url}`).toEqual(accepted ? [] : ["pushUrl"]);
      const answer = await volcengineCall({
        action: "StartPushSingleStreamToCDN",
        version: "2023-11-01",
        method: "POST",
        idempotent: true,
        params: { AppId: "app1", RoomId: "room1", TaskId: "t1", PushURL: url, Stream: { UserId: "host" }, Control: {} },
      }).then(
        () => "ok",
        (e: RtcError) => e.vendorCode,
      );
      expect(answer, `emulator: ${url}`).toBe(accepted ? "ok" : "InvalidParameter.InvalidRtmpAddress");
      sandbox.emu.state.reset();
    }
  });
});

describe("mistake 7a: StopPushPublicStream sends the stream's BusinessId", () => {
  const { capture } = capturing();
  const stream = {
    __kind: "VolcenginePublicStream",
    __logicalName: "lobby",
    appId: "app1",
    publicStreamId: "lobby-1",
    targetStreams: [{ roomId: "room1" }],
  };

  it("when it has one, and leaves it out when it has none", async () => {
    capture.take();
    await runtime.delete("app1/lobby-1", { ...stream, businessId: "biz-7" });
    await runtime.delete("app1/lobby-1", stream);
    expect(capture.take().map((c) => [c.action, c.params])).toEqual([
      ["StopPushPublicStream", { AppId: "app1", PublicStreamId: "lobby-1", BusinessId: "biz-7" }],
      ["StopPushPublicStream", { AppId: "app1", PublicStreamId: "lobby-1" }],
    ]);
  });
});

describe("mistake 4: a public stream's control.dataMsg is sent by an update only when it changed", () => {
  const sandbox = useEmulator();
  const lobby = {
    __kind: "VolcenginePublicStream",
    __logicalName: "lobby",
    appId: "app1",
    publicStreamId: "lobby-0000001",
    targetStreams: [{ roomId: "room1", userId: "host" }],
    layout: { layoutMode: 0 },
    control: { dataMsg: "welcome" },
  };
  const injected = () => sandbox.emu.state.running("volcengine", "app1/lobby-0000001")!.injected ?? [];
  async function change(olds: State, news: Inputs): Promise<State> {
    const checked = (await runtime.check(olds, news)).inputs as Inputs;
    const d = await runtime.diff("app1/lobby-0000001", olds, checked);
    expect(d.replaces ?? []).toEqual([]);
    return (await runtime.update("app1/lobby-0000001", olds, checked)).outs as State;
  }

  it("injects a new message once, and never again with an unrelated change", async () => {
    const created = await runtime.create((await runtime.check({}, lobby)).inputs as Inputs);
    expect(injected()).toEqual([]); // the vendor applies DataMsg on update only
    const s1 = await change(created.outs as State, { ...lobby, control: { dataMsg: "round 2 starts" } });
    expect(injected()).toEqual(["round 2 starts"]);
    const s2 = await change(s1, { ...lobby, control: { dataMsg: "round 2 starts" }, layout: { layoutMode: 3 } });
    expect(sandbox.emu.state.running("volcengine", "app1/lobby-0000001")!.params.Layout).toEqual({ LayoutMode: 3 });
    expect(injected()).toEqual(["round 2 starts"]);
    await change(s2, { ...lobby, control: { dataMsg: "round 3 starts" }, layout: { layoutMode: 3 } });
    expect(injected()).toEqual(["round 2 starts", "round 3 starts"]);
  });
});

/** A vendor stand-in answering each request with the next envelope of a script, counting them. */
async function scripted(answers: unknown[]): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answers[Math.min(n++, answers.length - 1)])),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => n,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("mistake 6: ZEGO's general codes 1 (busy) and 7 (rate limit) are retried", () => {
  const saved = { ...process.env };
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it.each([1, 7])("a create answered %i is sent again, and succeeds", async (code) => {
    const server = await scripted([
      { Code: code, Message: "busy", RequestId: "r1" },
      { Code: 0, Message: "ok", RequestId: "r2", Data: null },
    ]);
    Object.assign(process.env, { ZEGO_ENDPOINT: server.url, ZEGO_APP_ID: "1234567890", ZEGO_SERVER_SECRET: "s", RTC_TASKS_LOG: "quiet" });
    try {
      await expect(
        zegoCall({
          action: "CreatCDNTransferRule",
          streamId: "s1",
          params: { CDNUrl: "rtmp://cdn.example.com/app/s1" },
          idempotent: false,
        }),
      ).resolves.toMatchObject({ requestId: "r2" });
      expect(server.count()).toBe(2);
    } finally {
      await server.close();
    }
    expect(classifyZego(code)).toBe("RTC_THROTTLED");
  });

  it("every code ZEGO's model documents is classified by its class", () => {
    const expected = {
      ok: "RTC_BAD_RESPONSE",
      throttled: "RTC_THROTTLED",
      internal: "RTC_VENDOR_INTERNAL",
      auth: "RTC_AUTH",
      invalid: "RTC_INVALID",
      "not-found": "RTC_NOT_FOUND",
    } as const;
    for (const [code, spec] of Object.entries(vendorModels.zego.codes!))
      expect(classifyZego(Number(code)), code).toBe(expected[spec.class]);
    expect(classifyZego(2)).toBe("RTC_INVALID");
    expect(classifyZego(3)).toBe("RTC_AUTH");
  });
});

describe("mistake 7b: Volcengine's FlowLimitExceeded.TaskNumberOverLimit is a quota, not a throttle", () => {
  const saved = { ...process.env };
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it("fails at once with RTC_QUOTA instead of being retried for the call's deadline", async () => {
    const server = await scripted([
      { ResponseMetadata: { RequestId: "r", Error: { Code: "FlowLimitExceeded.TaskNumberOverLimit", Message: "task number over limit" } } },
    ]);
    Object.assign(process.env, {
      VOLCENGINE_ENDPOINT: server.url,
      VOLCENGINE_ACCESS_KEY: "AK",
      VOLCENGINE_SECRET_KEY: "SK",
      RTC_TASKS_LOG: "quiet",
    });
    try {
      const err = await volcengineCall({
        action: "StartPushMixedStreamToCDN",
        version: "2023-11-01",
        method: "POST",
        params: {},
        idempotent: true,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "RTC_QUOTA", vendorCode: "FlowLimitExceeded.TaskNumberOverLimit" });
      expect((err as RtcError).isTransient).toBe(false);
      expect(server.count()).toBe(1);
    } finally {
      await server.close();
    }
    expect(classifyVolcengine("FlowLimitExceeded.QPSOverLimit")).toBe("RTC_THROTTLED");
    expect(classifyTencent("FailedOperation.RestrictedConcurrency")).toBe("RTC_QUOTA");
  });
});

describe("mistake 5: Tencent's update is incremental, so a removed field replaces the task", () => {
  const sandbox = useEmulator();
  const relay = {
    __kind: "TencentRelayToCdn",
    __logicalName: "stage",
    sdkAppId: 1400000001,
    roomId: "stage-1",
    roomIdType: 1,
    agentUserId: "robot-stage",
    withTranscoding: 1,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    videoParams: {
      videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000, gop: 2 },
      waterMarkList: [
        {
          waterMarkType: 1,
          waterMarkText: { text: "LIVE", waterMarkWidth: 100, waterMarkHeight: 20, locationX: 0, locationY: 0, fontSize: 12, zOrder: 3 },
        },
      ],
    },
    publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/stage", isTencentCdn: 1 }],
    seiParams: { passThrough: { payloadContent: "cue", payloadType: 100, interval: 500 } },
  };
  const atVendor = () => sandbox.emu.state.list().find((t) => t.vendor === "tencent")!.params;
  const planFor = async (olds: State, news: Inputs) => runtime.diff("id", olds, (await runtime.check(olds, news)).inputs as Inputs);

  it("plans a removed nested field as a replacement; a changed one, and a shorter list, still in place", async () => {
    const created = (await runtime.create((await runtime.check({}, relay)).inputs as Inputs)).outs as State;
    const withoutInterval = { ...relay, seiParams: { passThrough: { payloadContent: "cue", payloadType: 100 } } };
    expect(await planFor(created, withoutInterval)).toMatchObject({ changes: true, replaces: ["seiParams"] });
    const { zOrder: _z, ...text } = relay.videoParams.waterMarkList[0]!.waterMarkText;
    expect(
      (
        await planFor(created, {
          ...relay,
          videoParams: { ...relay.videoParams, waterMarkList: [{ waterMarkType: 1, waterMarkText: text }] },
        })
      ).replaces ?? [],
    ).toEqual([]); // a list is sent whole
    expect(
      (await planFor(created, { ...relay, seiParams: { passThrough: { ...relay.seiParams.passThrough, interval: 800 } } })).replaces ?? [],
    ).toEqual([]);
    expect((await planFor(created, { ...relay, videoParams: { ...relay.videoParams, waterMarkList: [] } })).replaces ?? []).toEqual([]);
  });

  it("because an in-place update cannot remove it: the vendor keeps what an update leaves out", async () => {
    const created = (await runtime.create((await runtime.check({}, relay)).inputs as Inputs)).outs as State;
    const kind = kinds.get("TencentRelayToCdn")!;
    const withoutInterval = { ...created, seiParams: { passThrough: { payloadContent: "cue", payloadType: 100 } } };
    await kind.update!({ redact: (s) => s }, created, withoutInterval);
    expect(atVendor().SeiParams).toEqual({ PassThrough: { PayloadContent: "cue", PayloadType: 100, Interval: 500 } });
    await kind.update!(
      { redact: (s) => s },
      { ...created, sequenceNumber: Math.floor(Date.now() / 1000) + 1 },
      { ...created, videoParams: { ...relay.videoParams, waterMarkList: [] } },
    );
    expect((atVendor().VideoParams as { WaterMarkList: unknown[] }).WaterMarkList).toEqual([]);
  });
});

describe("mistake 1: a Tencent relay past its TaskId's 30 days is never reported stopped", () => {
  const sandbox = useEmulator();
  const relay = {
    __kind: "TencentRelayToCdn",
    __logicalName: "old-relay",
    sdkAppId: 1400000001,
    roomId: "stage-9",
    roomIdType: 1,
    agentUserId: "robot-old",
    agentParams: { maxIdleTime: 120 },
    withTranscoding: 0,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/old", isTencentCdn: 1 }],
  };
  const DAY = 86_400_000;
  /**
   * Starts the relay (as an earlier run of pulumi did: not through this process's create, whose
   * claim would make the aged state look like an older resource's), then ages it by `days` at the
   * emulator and in state alike.
   */
  async function aged(days: number, keepStartedAt = true): Promise<State> {
    const inputs = checkTask({}, relay).inputs;
    const started = await kinds.get("TencentRelayToCdn")!.start({ redact: (t) => t }, inputs);
    sandbox.emu.state
      .list()
      .find((t) => t.vendor === "tencent" && t.status === "running" && t.key.endsWith(String(started.taskId)))!.startedAt -= days * DAY;
    const state = { ...inputs, ...started };
    return keepStartedAt ? { ...state, startedAt: new Date(Date.now() - days * DAY).toISOString() } : state;
  }
  const running = () => sandbox.emu.state.list().filter((t) => t.vendor === "tencent");

  it("destroy of a relay past 30 days fails with RTC_UNREACHABLE and the remedy, and the relay still runs", async () => {
    const state = await aged(31);
    const err = (await runtime.delete(String(state.taskId), state).then(
      () => undefined,
      (e: unknown) => e,
    )) as RtcError;
    expect(err).toMatchObject({ code: "RTC_UNREACHABLE", vendorCode: "ResourceNotFound" });
    expect(err.message).toMatch(/was started 31 days ago: Tencent's API reaches a TaskId for 30 days only/);
    expect(err.message).toMatch(/room stage-9 of SdkAppId 1400000001 .* for agentParams\.maxIdleTime \(120 s\)/);
    expect(err.message).toMatch(/robot "robot-old" has left the room; then remove the resource with `pulumi state delete <urn>`/);
    expect(running()).toHaveLength(1);
  });

  it("so does one whose start time is not in state, which may be as old", async () => {
    const state = await aged(31, false);
    const err = (await runtime.delete(String(state.taskId), state).then(
      () => undefined,
      (e: unknown) => e,
    )) as RtcError;
    expect(err).toMatchObject({ code: "RTC_UNREACHABLE" });
    expect(err.message).toMatch(/has no start time in state, so it may be older than 30 days/);
  });

  it("an update past 30 days fails the same way, rather than calling the relay ended", async () => {
    const state = await aged(40);
    const news = (
      await runtime.check(state, { ...relay, publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/old2", isTencentCdn: 1 }] })
    ).inputs as Inputs;
    const err = (await runtime.update(String(state.taskId), state, news).then(
      () => undefined,
      (e: unknown) => e,
    )) as RtcError;
    expect(err).toMatchObject({ code: "RTC_UNREACHABLE" });
    expect(running()).toHaveLength(1);
  });

  it("inside 30 days, ResourceNotFound still means the relay ended: destroy succeeds", async () => {
    const state = await aged(29);
    await sandbox.emu.state.end(running()[0]!, "AllAnchorsLeftForMaxIdleTime");
    await expect(runtime.delete(String(state.taskId), state)).resolves.toBeUndefined();
    const young = await aged(1);
    await expect(runtime.delete(String(young.taskId), young)).resolves.toBeUndefined();
    expect(running()).toHaveLength(0);
  });
});

describe("mistake 1: preview and refresh warn as a Tencent relay nears its TaskId's 30 days", () => {
  const state = {
    __kind: "TencentRelayToCdn",
    __logicalName: "stage",
    sdkAppId: 1400000001,
    roomId: "stage-1",
    roomIdType: 1,
    agentUserId: "robot-1",
    withTranscoding: 0,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/s", isTencentCdn: 1 }],
    taskId: "task-1",
    sequenceNumber: 0,
  };
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  /** The warnings the provider prints while `f` runs. */
  async function warnings(f: () => Promise<unknown>): Promise<string[]> {
    const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await f();
      return spy.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("rtc-tasks: warning:"));
    } finally {
      spy.mockRestore();
    }
  }
  const { taskId: _t, sequenceNumber: _s, ...inputs } = state;
  const preview = (s: State) => warnings(() => runtime.diff("task-1", s, inputs));
  const refresh = (s: State) => warnings(() => runtime.read("task-1", s));

  it("says how many days are left from 7 days before the end, at preview and at refresh", async () => {
    const s = { ...state, startedAt: daysAgo(25) };
    for (const w of [await preview(s), await refresh(s)]) {
      expect(w).toEqual([
        expect.stringMatching(
          /Tencent Cloud TRTC relay to CDN task-1: Tencent Cloud TRTC reaches a task through its API for 30 days from its start, and [45] days of it are left\. .*restart it before then \(`pulumi destroy --target <urn>`, then `pulumi up`\)/,
        ),
      ]);
    }
    expect(await preview({ ...state, startedAt: new Date(Date.now() - 30 * 86_400_000 + 5 * 3600_000).toISOString() })).toEqual([
      expect.stringMatching(/and [45] hours of it are left/),
    ]);
  });

  it("says when it is past the end, and says nothing well before it", async () => {
    expect(await preview({ ...state, startedAt: daysAgo(33) })).toEqual([
      expect.stringMatching(/started 33 days ago, past its reach .* though it may still run/),
    ]);
    expect(await preview({ ...state, startedAt: daysAgo(10) })).toEqual([]);
    expect(await refresh({ ...state, startedAt: daysAgo(10) })).toEqual([]);
  });

  it("warns of an unknown start time at refresh, and a kind with no limit never warns", async () => {
    expect(await refresh(state)).toEqual([expect.stringMatching(/its start time is not in state, so it may be past its reach/)]);
    expect(await preview(state)).toEqual([]);
    const volcengine = {
      __kind: "VolcenginePublicStream",
      __logicalName: "l",
      appId: "a",
      publicStreamId: "p",
      targetStreams: [{ roomId: "r" }],
      startedAt: daysAgo(400),
    };
    expect(await warnings(() => runtime.read("a/p", volcengine))).toEqual([]);
  });
});
