import { z } from "zod";
import type { Inputs, TaskKind } from "../kind";
import { evenInt, fraction, hexColor, httpUrl, int, internalInputs, oneOf, vendorId } from "../schema";
import { body, post, readBy, relayIdentityFields, stopBy, taskIdOf, taskKey, TASK_ID_AUTONAME } from "./common";

const stream = z.strictObject({
  userId: vendorId(),
  streamType: oneOf([0, 1], "0 camera, 1 screen").optional(),
  index: int(0, 1000).optional(),
});

const streamList = z.strictObject({ streamList: z.array(stream).optional() });

const region = z.strictObject({
  streamIndex: int(0, 1000),
  width: int(1, 1920),
  height: int(1, 1920),
  locationX: int(0, 1920).optional(),
  locationY: int(0, 1920).optional(),
  zOrder: int(0, 100).optional(),
  alpha: fraction(true).optional(),
  renderMode: oneOf([0, 1, 2, 3], "0-3").optional(),
  alternateImage: httpUrl(1024).optional(),
  alternateImageFillMode: oneOf([0, 1], "0 or 1").optional(),
  cornerRadius: fraction(false).optional(),
  mediaType: oneOf([0, 1, 2], "0 AV, 1 audio, 2 video").optional(),
  applySpatialAudio: z.boolean().optional(),
  spatialPosition: z.record(z.string(), z.unknown()).optional(),
  sourceCrop: z.strictObject({
    locationX: fraction(false).optional(),
    locationY: fraction(false).optional(),
    widthProportion: fraction(false).optional(),
    heightProportion: fraction(false).optional(),
  }).optional(),
});

const layout = z.strictObject({
  layoutMode: oneOf([0, 1, 2, 3], "0 adaptive, 1 vertical, 2 custom, 3 side-by-side").optional(),
  mainVideoStream: stream.optional(),
  customLayout: z.strictObject({
    canvas: z.strictObject({
      width: evenInt(2, 1920).optional(),
      height: evenInt(2, 1920).optional(),
      background: hexColor.optional(),
      backgroundImage: httpUrl(1024).optional(),
    }).optional(),
    regions: z.array(region).optional(),
  }).optional(),
});

const encode = z.strictObject({
  videoWidth: evenInt(2, 1920).optional(),
  videoHeight: evenInt(2, 1920).optional(),
  videoFps: int(1, 60).optional(),
  videoBitrate: int(0, 10000).optional(),
  videoCodec: oneOf([0, 1], "0 H.264, 1 ByteVC1").optional(),
  videoGop: int(1, 5).optional(),
  audioCodec: oneOf([0], "0 AAC").optional(),
  audioProfile: oneOf([0, 1, 2], "0 LC, 1 HE-AACv1, 2 HE-AACv2").optional(),
  audioSampleRate: oneOf([32000, 44100, 48000], "Hz").optional(),
  audioChannels: oneOf([1, 2], "channels").optional(),
  audioBitrate: int(32, 192).optional(),
});

const control = z.strictObject({
  maxIdleTime: int(10, 86400).optional(),
  mediaType: oneOf([0, 1], "0 audio and video, 1 audio only").optional(),
  frameInterpolationMode: oneOf([0, 1], "0 repeat last frame, 1 black").optional(),
  pushStreamMode: oneOf([0, 1], "0 when someone publishes, 1 at once").optional(),
  seiConfig: z.strictObject({
    passthroughRtcSeiMessage: z.boolean().optional(),
    seiPayLoadType: oneOf([5, 100], "5 or 100").optional(),
    seiPayloadUuid: z.string().optional(),
    userConfigExtraInfo: z.string().refine((s) => Buffer.byteLength(s) <= 4096, "must be at most 4096 bytes").optional(),
    volumeIndicationMode: z.boolean().optional(),
    volumeIndicationInterval: int(0, 100000).optional(),
    addVolumeValue: z.boolean().optional(),
    seiContentMode: int(0, 10).optional(),
  }).optional(),
  spatialConfig: z.record(z.string(), z.unknown()).optional(),
});

const schema = z
  .strictObject({
    ...internalInputs,
    ...relayIdentityFields,
    targetStreams: streamList.optional(),
    excludeStreams: streamList.optional(),
    layout: layout.optional(),
    encode: encode.optional(),
    control: control.optional(),
  })
  .superRefine((v, ctx) => {
    const streams = v.targetStreams?.streamList ?? [];
    const custom = v.layout?.layoutMode === 2;
    const max = custom ? 30 : 17;
    if (streams.length > max) {
      ctx.addIssue({ code: "custom", path: ["targetStreams", "streamList"], message: `must have at most ${max} streams${custom ? " in custom layout" : " (30 in custom layout)"}` });
    }
    const indexes = streams.map((s) => s.index).filter((i) => i !== undefined);
    if (new Set(indexes).size !== indexes.length) {
      ctx.addIssue({ code: "custom", path: ["targetStreams", "streamList"], message: "index values must be unique" });
    }
    if (custom) {
      const regions = new Set((v.layout?.customLayout?.regions ?? []).map((r) => r.streamIndex));
      const missing = streams.filter((s) => s.index === undefined || !regions.has(s.index));
      if (missing.length > 0) {
        ctx.addIssue({ code: "custom", path: ["layout", "customLayout", "regions"], message: `custom layout needs a region for every target stream (missing for ${missing.map((s) => s.userId).join(", ")})` });
      }
    }
  });

/** What UpdatePushMixedStreamToCDN can change (reference 1c); it works only for custom layout. */
const UPDATABLE = [
  "targetStreams",
  "layout.customLayout.canvas.background",
  "layout.customLayout.canvas.backgroundImage",
  "layout.customLayout.regions",
  "encode.videoWidth", "encode.videoHeight", "encode.videoFps", "encode.videoBitrate", "encode.videoGop",
  "encode.audioCodec", "encode.audioSampleRate", "encode.audioChannels", "encode.audioBitrate",
  "control.spatialConfig",
  "control.seiConfig.userConfigExtraInfo",
];

/** The fields UpdatePushMixedStreamToCDN takes; sent whole, since a field left out resets to its default. */
const UPDATE_FIELDS = ["appId", "roomId", "taskId", "businessId", "targetStreams", "layout", "encode", "control"];

export const volcengineMixedRelayToCdn: TaskKind = {
  type: "VolcengineMixedRelayToCdn",
  vendor: "volcengine",
  title: "Volcengine mixed relay to CDN",
  schema,
  id: taskIdOf,
  autoNames: [TASK_ID_AUTONAME],
  updatable: (news: Inputs) => ((news.layout as { layoutMode?: number } | undefined)?.layoutMode === 2 ? UPDATABLE : []),
  clashKeys: (i) => [taskKey(i), `push:${i.pushUrl}`],
  secretInputs: ["pushUrl"],
  outputKeys: [],
  // A repeated start with the TaskId of a running task is answered "already started" (reference 6).
  restart: "repeat",
  startKey: taskKey,
  start: async (ctx, inputs) => {
    await post(ctx, "StartPushMixedStreamToCDN", body(inputs), true);
    return {};
  },
  update: async (ctx, _olds, news) => {
    const params = body(Object.fromEntries(UPDATE_FIELDS.map((k) => [k, news[k]])));
    await post(ctx, "UpdatePushMixedStreamToCDN", params, true);
    return {};
  },
  stop: stopBy("StopPushStreamToCDN", ["appId", "roomId", "taskId"]),
  read: readBy("GetPushMixedStreamToCDNTask", "PushMixedStreamToCDNTask"),
};
