import { describe, expect, it } from "vitest";
import { observe } from "../../../provider/lifecycle/drift";
import type { Inputs } from "../../../provider/tasks/kind";
import { kinds } from "../../../provider/tasks/registry";

/**
 * The drift decision (lifecycle/drift.ts): what the vendor echoes, compared with the declared inputs
 * in state, field by field, with the vendor's documented defaults as "left out".
 */
const mixed = kinds.get("VolcengineMixedRelayToCdn")!;
const webcast = kinds.get("VolcengineWebcast")!;
const publicStream = kinds.get("VolcenginePublicStream")!;

const declared: Inputs = {
  __kind: "VolcengineMixedRelayToCdn",
  __logicalName: "stage",
  appId: "app",
  roomId: "room",
  taskId: "stage-1",
  pushUrl: "rtmp://push.example.com/live/s?txSecret=abc123",
  targetStreams: { streamList: [{ userId: "host", index: 0 }] },
  layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 320, height: 240, renderMode: 3 }] } },
  encode: { videoFps: 30 },
};

/** What the vendor echoes for `declared`: every field, its documented defaults filled in. */
const echo = (): Inputs => ({
  pushUrl: "rtmp://push.example.com/live/s?txSecret=abc123",
  targetStreams: { streamList: [{ userId: "host", index: 0, streamType: 0 }] },
  excludeStreams: { streamList: [] },
  layout: {
    layoutMode: 2,
    customLayout: {
      canvas: { width: 640, height: 480, background: "#000000" },
      regions: [
        {
          streamIndex: 0,
          width: 320,
          height: 240,
          renderMode: 3,
          alpha: 1,
          zOrder: 0,
          locationX: 0,
          locationY: 0,
          cornerRadius: 0,
          mediaType: 0,
          applySpatialAudio: true,
          spatialPosition: [0, 0, 0],
          alternateImageFillMode: 0,
          sourceCrop: { locationX: 0, locationY: 0, widthProportion: 1, heightProportion: 1 },
        },
      ],
    },
  },
  encode: { videoFps: 30, videoWidth: 640, videoHeight: 480, videoBitrate: 0, videoGop: 4, audioChannels: 2, audioBitrate: 64 },
  control: {
    maxIdleTime: 180,
    mediaType: 0,
    pushStreamMode: 0,
    seiConfig: { passthroughRtcSeiMessage: true, seiPayLoadType: 100, volumeIndicationInterval: 2, volumeIndicationMode: false },
    spatialConfig: { enableSpatialRender: false, audienceSpatialPosition: [0, 0, 0] },
  },
});

const paths = (d: ReturnType<typeof observe>) => d.changes.map((c) => c.path);

describe("drift: the vendor's echo against the declared inputs", () => {
  it("finds none when the vendor echoes what was declared, its defaults filled in for everything left out", () => {
    expect(observe(mixed, declared, echo())).toEqual({ inputs: declared, changes: [] });
  });

  it("finds a declared value the vendor now runs differently, at its path", () => {
    const e = echo();
    (e.encode as Inputs).videoFps = 15;
    (e.targetStreams as Inputs).streamList = [{ userId: "guest", index: 0, streamType: 0 }];
    const d = observe(mixed, declared, e);
    expect(paths(d)).toEqual(["targetStreams.streamList", "encode.videoFps"]);
    expect(d.inputs).toMatchObject({ encode: { videoFps: 15 }, targetStreams: { streamList: [{ userId: "guest", index: 0 }] } });
  });

  it("finds a left-out field set to something other than its default, and leaves a default one alone", () => {
    const e = echo();
    (e.control as Inputs).maxIdleTime = 600; // default 180
    (e.encode as Inputs).videoGop = 4; // the default: as if left out
    const d = observe(mixed, declared, e);
    expect(paths(d)).toEqual(["control.maxIdleTime"]);
    expect(d.inputs.control).toEqual({ maxIdleTime: 600 });
  });

  it("takes a default the vendor runs over a declared value: it is what runs", () => {
    const e = echo();
    (e.encode as Inputs).videoFps = 15; // the default, but the program declared 30
    expect(paths(observe(mixed, declared, e))).toEqual(["encode.videoFps"]);
  });

  it("never counts a value the vendor derives (AudioBitrate) while the program leaves it out", () => {
    const e = echo();
    (e.encode as Inputs).audioBitrate = 128;
    expect(observe(mixed, declared, e).changes).toEqual([]);
    const set = { ...declared, encode: { videoFps: 30, audioBitrate: 64 } };
    expect(paths(observe(mixed, set, e))).toEqual(["encode.audioBitrate"]);
  });

  it("keeps what the vendor does not echo, and reads a zero value with no documented default as left out", () => {
    const e = echo();
    delete e.encode; // not echoed at all
    (e.layout as { customLayout: { canvas: Inputs } }).customLayout.canvas.backgroundImage = "";
    (e.targetStreams as Inputs).streamList = [{ userId: "host", index: 0, streamType: 0 }];
    expect(observe(mixed, { ...declared, businessId: "biz" }, e).changes).toEqual([]);
  });

  it("never takes a secret input from the vendor's answer", () => {
    const e = { ...echo(), pushUrl: "rtmp://push.example.com/live/s?txSecret=***" };
    const d = observe(mixed, declared, e);
    expect(d.changes).toEqual([]);
    expect(d.inputs.pushUrl).toBe(declared.pushUrl);
  });

  it("compares lists entry by entry when both are as long, and whole, defaults dropped, when not", () => {
    const e = echo();
    const regions = (e.layout as { customLayout: { regions: Inputs[] } }).customLayout.regions;
    regions.push({ ...regions[0]!, streamIndex: 1, locationX: 320 });
    const d = observe(mixed, declared, e);
    expect(paths(d)).toEqual(["layout.customLayout.regions"]);
    expect((d.inputs.layout as { customLayout: { regions: unknown } }).customLayout.regions).toEqual([
      { streamIndex: 0, width: 320, height: 240, renderMode: 3 },
      { streamIndex: 1, width: 320, height: 240, renderMode: 3, locationX: 320 },
    ]);
  });

  it("reads a float kept in 32 bits as the value declared", () => {
    const withAlpha = {
      ...declared,
      layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 320, height: 240, renderMode: 3, alpha: 0.7 }] } },
    };
    const e = echo();
    (e.layout as { customLayout: { regions: Inputs[] } }).customLayout.regions[0]!.alpha = 0.699999988079071;
    expect(observe(mixed, withAlpha, e).changes).toEqual([]);
  });

  it("reads a webcast's one default video solution as left out, and a second one as drift", () => {
    const page: Inputs = {
      __kind: "VolcengineWebcast",
      appId: "a",
      roomId: "r",
      taskId: "t",
      userId: "webcast_x",
      sourceUrl: "https://x.example/p?token=1",
    };
    const solution = { width: 1280, height: 720, frameRate: 15, bitrate: 0 };
    const base = {
      userId: "webcast_x",
      sourceUrl: "https://x.example/p?token=1",
      maxRunningTime: 86400,
      eventNotifyConfig: { enableEventNotify: false, startTimeout: 0 },
    };
    expect(observe(webcast, page, { ...base, videoSolutions: [solution] }).changes).toEqual([]);
    expect(paths(observe(webcast, page, { ...base, videoSolutions: [solution, { ...solution, width: 640 }] }))).toEqual(["videoSolutions"]);
    expect(paths(observe(webcast, page, { ...base, userId: "someone-else", videoSolutions: [solution] }))).toEqual(["userId"]);
  });

  it("finds none for a kind that reads no settings back", () => {
    expect(observe(publicStream, { appId: "a" }, { appId: "b" })).toEqual({ inputs: { appId: "a" }, changes: [] });
  });
});
