import { z } from "zod";
import type { Inputs, TaskKind } from "../kind";
import { evenInt, finite, fraction, hexColor, httpUrl, int, internalInputs, oneOf, oneOfConstant, vendorId } from "../schema";
import {
  VolcengineAlternateImageFillMode,
  VolcengineAudioCodec,
  VolcengineAudioProfile,
  VolcengineFrameInterpolationMode,
  VolcengineLayoutMode,
  VolcengineMediaType,
  VolcenginePushStreamMode,
  VolcengineRenderMode,
  VolcengineSeiContentMode,
  VolcengineSeiPayloadType,
  VolcengineStreamType,
  VolcengineVideoCodec,
} from "./constants";
import { sourceCrop } from "./shapes";
import { volcengineMixedRelayToCdnDocs } from "./mixedRelayToCdn.docs";
import { body, post, readsBack, relayIdentityFields, repeatableStart, stopBy, taskIdOf, taskKey, TASK_ID_AUTONAME } from "./common";

const stream = z
  .strictObject({
    userId: vendorId(),
    streamType: oneOfConstant({ VolcengineStreamType }, "0 camera, 1 screen").optional(),
    index: int(0, 1000).optional(),
  })
  .meta({ id: "VolcengineStream" });

const streamList = z.strictObject({ streamList: z.array(stream).optional() });

/** Spatial-audio coordinates: x, y and z, each -100 to 100 (vendor model, SpatialPosition). */
const position3d = z.tuple([int(-100, 100), int(-100, 100), int(-100, 100)], {
  error: "must be a list of three whole numbers (x, y, z) from -100 to 100",
});
/** A direction as x, y and z; the vendor documents no range. */
const direction = z.tuple([finite(), finite(), finite()], { error: "must be a list of three numbers (x, y, z)" });

/** Canvas size when the layout does not give one (vendor defaults). */
const DEFAULT_CANVAS = { width: 640, height: 480 };

const region = z
  .strictObject({
    streamIndex: int(0, 1000),
    // In pixels, within the canvas (checked against it below): (0, Canvas.Width], [0, Canvas.Width).
    width: int(1, 1920),
    height: int(1, 1920),
    locationX: int(0, 1919).optional(),
    locationY: int(0, 1919).optional(),
    zOrder: int(0, 100).optional(),
    alpha: fraction(true).optional(),
    renderMode: oneOfConstant({ VolcengineRenderMode }, "0-3").optional(),
    alternateImage: httpUrl(1024).optional(),
    alternateImageFillMode: oneOfConstant({ VolcengineAlternateImageFillMode }, "0 or 1").optional(),
    cornerRadius: fraction(false).optional(),
    mediaType: oneOfConstant({ VolcengineMediaType }, "0 AV, 1 audio, 2 video").optional(),
    applySpatialAudio: z.boolean().optional(),
    spatialPosition: position3d.optional(),
    sourceCrop: sourceCrop.optional(),
  })
  .meta({ id: "VolcengineRegion" });

const layout = z.strictObject({
  layoutMode: oneOfConstant({ VolcengineLayoutMode }, "0 adaptive, 1 vertical, 2 custom, 3 side-by-side").optional(),
  mainVideoStream: stream.optional(),
  customLayout: z
    .strictObject({
      canvas: z
        .strictObject({
          width: evenInt(2, 1920).optional(),
          height: evenInt(2, 1920).optional(),
          background: hexColor.optional(),
          backgroundImage: httpUrl(1024).optional(),
        })
        .optional(),
      regions: z.array(region).optional(),
    })
    .optional(),
});

const encode = z.strictObject({
  videoWidth: evenInt(2, 1920).optional(),
  videoHeight: evenInt(2, 1920).optional(),
  videoFps: int(1, 60).optional(),
  videoBitrate: int(0, 10000).optional(),
  videoCodec: oneOfConstant({ VolcengineVideoCodec }, "0 H.264, 1 ByteVC1", [
    VolcengineVideoCodec.H264,
    VolcengineVideoCodec.ByteVC1,
  ]).optional(),
  videoGop: int(1, 5).optional(),
  audioCodec: oneOfConstant({ VolcengineAudioCodec }, "0 AAC").optional(),
  audioProfile: oneOfConstant({ VolcengineAudioProfile }, "0 LC, 1 HE-AACv1, 2 HE-AACv2").optional(),
  audioSampleRate: oneOf([32000, 44100, 48000], "Hz").optional(),
  audioChannels: oneOf([1, 2], "channels").optional(),
  audioBitrate: int(32, 192).optional(),
});

const control = z.strictObject({
  maxIdleTime: int(10, 86400).optional(),
  mediaType: oneOfConstant({ VolcengineMediaType }, "0 audio and video, 1 audio only", [
    VolcengineMediaType.AudioAndVideo,
    VolcengineMediaType.AudioOnly,
  ]).optional(),
  frameInterpolationMode: oneOfConstant({ VolcengineFrameInterpolationMode }, "0 repeat last frame, 1 black").optional(),
  pushStreamMode: oneOfConstant({ VolcenginePushStreamMode }, "0 when someone publishes, 1 at once").optional(),
  seiConfig: z
    .strictObject({
      passthroughRtcSeiMessage: z.boolean().optional(),
      seiPayLoadType: oneOfConstant({ VolcengineSeiPayloadType }, "5 or 100").optional(),
      seiPayloadUuid: z
        .string({ error: "must be a string" })
        .regex(/^[0-9a-fA-F]{32}$/, "must be 32 hexadecimal characters, without dashes")
        .optional(),
      userConfigExtraInfo: z
        .string()
        .refine((s) => Buffer.byteLength(s) <= 4096, "must be at most 4096 bytes")
        .optional(),
      volumeIndicationMode: z.boolean().optional(),
      // Seconds, fractions allowed (the vendor's float), from 0.3 (vendor model 2023-11-01; default 2).
      volumeIndicationInterval: finite().min(0.3, "must be at least 0.3 (seconds, not milliseconds)").optional(),
      addVolumeValue: z.boolean().optional(),
      seiContentMode: oneOfConstant({ VolcengineSeiContentMode }, "0 everything, 1 volumes and timestamp only").optional(),
    })
    .optional(),
  spatialConfig: z
    .strictObject({
      enableSpatialRender: z.boolean({ error: "must be true or false" }).optional(),
      audienceSpatialPosition: position3d.optional(),
      audienceSpatialOrientation: z
        .strictObject({ forward: direction.optional(), right: direction.optional(), up: direction.optional() })
        .optional(),
    })
    .optional(),
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
    const custom = v.layout?.layoutMode === VolcengineLayoutMode.Custom;
    const max = custom ? 30 : 17;
    if (streams.length > max) {
      ctx.addIssue({
        code: "custom",
        path: ["targetStreams", "streamList"],
        message: `must have at most ${max} streams${custom ? " in custom layout" : " (30 in custom layout)"}`,
      });
    }
    const indexes = streams.map((s) => s.index).filter((i) => i !== undefined);
    if (new Set(indexes).size !== indexes.length) {
      ctx.addIssue({ code: "custom", path: ["targetStreams", "streamList"], message: "index values must be unique" });
    }
    if (custom) {
      const regions = new Set((v.layout?.customLayout?.regions ?? []).map((r) => r.streamIndex));
      const missing = streams.filter((s) => s.index === undefined || !regions.has(s.index));
      if (missing.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["layout", "customLayout", "regions"],
          message: `custom layout needs a region for every target stream (missing for ${missing.map((s) => s.userId).join(", ")})`,
        });
      }
    }
    // Regions lie within the canvas, which is 640 x 480 unless given (vendor model, Regions and Canvas).
    const canvas = { ...DEFAULT_CANVAS, ...v.layout?.customLayout?.canvas };
    (v.layout?.customLayout?.regions ?? []).forEach((r, i) => {
      const at = (k: string) => ["layout", "customLayout", "regions", i, k];
      const size = (k: "width" | "height") =>
        `${canvas[k]}${v.layout?.customLayout?.canvas?.[k] === undefined ? ` (the default canvas ${k}; set layout.customLayout.canvas.${k})` : ""}`;
      if (typeof r.width === "number" && r.width > canvas.width)
        ctx.addIssue({ code: "custom", path: at("width"), message: `must be at most the canvas width, ${size("width")}` });
      if (typeof r.height === "number" && r.height > canvas.height)
        ctx.addIssue({ code: "custom", path: at("height"), message: `must be at most the canvas height, ${size("height")}` });
      if (typeof r.locationX === "number" && r.locationX >= canvas.width)
        ctx.addIssue({ code: "custom", path: at("locationX"), message: `must be less than the canvas width, ${size("width")}` });
      if (typeof r.locationY === "number" && r.locationY >= canvas.height)
        ctx.addIssue({ code: "custom", path: at("locationY"), message: `must be less than the canvas height, ${size("height")}` });
    });
    const sei = v.control?.seiConfig;
    if (sei?.seiPayLoadType === VolcengineSeiPayloadType.UserDataUnregistered && sei.seiPayloadUuid === undefined) {
      ctx.addIssue({ code: "custom", path: ["control", "seiConfig", "seiPayloadUuid"], message: "is required with seiPayLoadType 5" });
    }
    if (v.encode?.audioProfile === VolcengineAudioProfile.HEv2 && v.encode.audioChannels === 1) {
      ctx.addIssue({ code: "custom", path: ["encode", "audioChannels"], message: "must be 2: HE-AACv2 (audioProfile 2) is stereo only" });
    }
  });

/** What UpdatePushMixedStreamToCDN can change (https://www.volcengine.com/docs/6348/1188217); it works only for custom layout. */
const UPDATABLE = [
  "targetStreams",
  "layout.customLayout.canvas.background",
  "layout.customLayout.canvas.backgroundImage",
  "layout.customLayout.regions",
  "encode.videoWidth",
  "encode.videoHeight",
  "encode.videoFps",
  "encode.videoBitrate",
  "encode.videoGop",
  "encode.audioCodec",
  "encode.audioSampleRate",
  "encode.audioChannels",
  "encode.audioBitrate",
  "control.spatialConfig",
  "control.seiConfig.userConfigExtraInfo",
];

/** The fields UpdatePushMixedStreamToCDN takes; sent whole, since a field left out resets to its default. */
const UPDATE_FIELDS = ["appId", "roomId", "taskId", "businessId", "targetStreams", "layout", "encode", "control"];

/** The vendor calls behind each step. */
const ACTIONS = {
  start: "StartPushMixedStreamToCDN",
  update: "UpdatePushMixedStreamToCDN",
  stop: "StopPushStreamToCDN",
  read: "GetPushMixedStreamToCDNTask",
} as const;

export const volcengineMixedRelayToCdn: TaskKind = {
  type: "VolcengineMixedRelayToCdn",
  vendor: "volcengine",
  name: "mixed relay to CDN",
  summary:
    "A Volcengine RTC mixed relay to CDN (StartPushMixedStreamToCDN): mixes a room's streams and pushes the result to an RTMP URL. Changes to target streams, custom-layout regions, canvas background, most encode settings and SEI extra info update in place (custom layout only); anything else replaces the task.",
  identity: ["appId", "roomId", "taskId"],
  docs: volcengineMixedRelayToCdnDocs,
  actions: ACTIONS,
  schema,
  id: taskIdOf,
  autoNames: [TASK_ID_AUTONAME],
  updatable: (news: Inputs) =>
    (news.layout as { layoutMode?: number } | undefined)?.layoutMode === VolcengineLayoutMode.Custom ? UPDATABLE : [],
  clashKeys: (i) => [taskKey(i), `push:${i.pushUrl}`],
  secretInputs: ["pushUrl"],
  outputs: {},
  ...repeatableStart(ACTIONS.start),
  update: async (ctx, _olds, news) => {
    const params = body(Object.fromEntries(UPDATE_FIELDS.map((k) => [k, news[k]])));
    await post(ctx, ACTIONS.update, params, true);
    return {};
  },
  stop: stopBy(ACTIONS.stop, ["appId", "roomId", "taskId"]),
  ...readsBack(ACTIONS.read, "PushMixedStreamToCDNTask"),
};
