import { z } from "zod";
import { isRtcError } from "../../http/errors";
import { containsUnknown } from "../../lifecycle/changes";
import type { Inputs, TaskKind } from "../kind";
import { evenInt, fraction, hexColor, httpUrl, ID_PATTERN, int, internalInputs, oneOfConstant, vendorId } from "../schema";
import {
  VolcengineFrameInterpolationMode,
  VolcengineLayoutMode,
  VolcengineMediaType,
  VolcengineRenderMode,
  VolcengineStreamType,
  VolcengineTranscodeMode,
  VolcengineVideoCodec,
} from "./constants";
import { position, sourceCrop } from "./shapes";
import { volcenginePublicStreamDocs } from "./publicStream.docs";
import { body, post, stopBy } from "./common";
import { SUBSCRIBERS_ACTION, subscribersHint } from "./subscribers";

/**
 * Volcengine public stream (https://www.volcengine.com/docs/6348/1188219): mixes streams from one or more rooms into a stream the
 * audience pulls by its PublicStreamId. UpdatePublicStreamParam changes everything but the ids,
 * Control.MaxIdleTime and the video codec; there is no call to read a public stream back.
 */

const wholeAtLeast = (min: number, unit: string) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}${unit}`)
    .max(2147483647, "is too large");

const stream = z
  .strictObject({
    roomId: vendorId(),
    // Empty (or absent) takes every stream in the room.
    userId: z
      .string({ error: "must be a string" })
      .refine(
        (s) => s === "" || ID_PATTERN.test(s),
        "must be empty (every stream in the room) or 1-128 characters of letters, digits, _ @ - .",
      )
      .optional(),
    streamType: oneOfConstant({ VolcengineStreamType }, "0 camera, 1 screen").optional(),
    mediaType: oneOfConstant({ VolcengineMediaType }, "0 audio and video, 1 audio only, 2 video only").optional(),
    index: wholeAtLeast(0, "").optional(),
  })
  .meta({ id: "VolcenginePublicStreamSource" });
type Stream = z.infer<typeof stream>;

const streams = (what: string) => z.array(stream, { error: `must be a list of streams` }).max(17, `must have at most 17 ${what} streams`);

const region = z
  .strictObject({
    streamIndex: wholeAtLeast(0, ""),
    widthProportion: fraction(true),
    heightProportion: fraction(true),
    locationX: position.optional(),
    locationY: position.optional(),
    zOrder: int(0, 100).optional(),
    alpha: fraction(true).optional(),
    renderMode: oneOfConstant({ VolcengineRenderMode }, "0-3; 3 is recommended").optional(),
    alternateImage: httpUrl(1024).optional(),
    sourceCrop: sourceCrop.optional(),
  })
  .meta({ id: "VolcenginePublicStreamRegion" });

const layout = z.strictObject({
  layoutMode: oneOfConstant({ VolcengineLayoutMode }, "0 adaptive, 1 vertical, 2 custom, 3 side-by-side"),
  verticalLayout: z.strictObject({ mainStream: stream.optional() }).optional(),
  customLayout: z
    .strictObject({
      regions: z.array(region, { error: "must be a list of regions" }),
      backgroundColor: hexColor.optional(),
      backgroundImage: httpUrl(1024).optional(),
      frameInterpolationMode: oneOfConstant({ VolcengineFrameInterpolationMode }, "0 repeat last frame, 1 black").optional(),
    })
    .optional(),
});

const encode = z.strictObject({
  videoConfig: z
    .strictObject({
      width: evenInt(16, 1920).optional(),
      height: evenInt(16, 1920).optional(),
      frameRate: int(1, 60).optional(),
      bitrate: int(0, 10000).optional(),
      videoCodec: oneOfConstant({ VolcengineVideoCodec }, "0 H.264, 5 VP8 (VP8 only once the vendor enables it)", [
        VolcengineVideoCodec.H264,
        VolcengineVideoCodec.VP8,
      ]).optional(),
    })
    .optional(),
});

const control = z.strictObject({
  maxIdleTime: int(10, 86400).optional(),
  dataMsg: z
    .string({ error: "must be a string" })
    .refine((s) => Buffer.byteLength(s) <= 4096, "must be at most 4 kB (4096 bytes)")
    .optional(),
  volumeIndicationMode: z.boolean({ error: "must be true or false" }).optional(),
  volumeIndicationInterval: wholeAtLeast(100, " milliseconds").optional(),
  streamPublishStatsMode: z.boolean({ error: "must be true or false" }).optional(),
  streamPublishStatsInterval: wholeAtLeast(1000, " milliseconds").optional(),
  userCaptureStatsMode: z.boolean({ error: "must be true or false" }).optional(),
  userCaptureStatsInterval: wholeAtLeast(1000, " milliseconds").optional(),
});

const describeStream = (s: Stream) =>
  `room ${s.roomId}${s.userId ? `, user ${s.userId}` : ""}${s.streamType === VolcengineStreamType.Screen ? ", screen" : ""}`;
/** Two entries name the same stream when room, user (empty = all) and stream type agree. */
const sameStream = (a: Stream, b: Stream) =>
  a.roomId === b.roomId &&
  (a.userId ?? "") === (b.userId ?? "") &&
  (a.streamType ?? VolcengineStreamType.Camera) === (b.streamType ?? VolcengineStreamType.Camera);

const schema = z
  .strictObject({
    ...internalInputs,
    appId: vendorId(),
    publicStreamId: vendorId(),
    businessId: vendorId().optional(),
    targetStreams: streams("target").min(1, "must name at least one stream"),
    excludeStreams: streams("excluded").optional(),
    transcodeMode: oneOfConstant({ VolcengineTranscodeMode }, "0 transcode, 1 remux").optional(),
    layout: layout.optional(),
    encode: encode.optional(),
    control: control.optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    // Values still unknown at preview cannot be compared; they are checked again once known.
    const known = (s: Stream) => !containsUnknown(s);
    const targets = v.targetStreams.filter(known);
    const excluded = (v.excludeStreams ?? []).filter(known);

    const indexes = targets.map((s) => s.index).filter((i) => i !== undefined);
    if (new Set(indexes).size !== indexes.length) issue(["targetStreams"], "index values must be unique");
    const roomOfUser = new Map<string, string>();
    for (const s of targets) {
      if (!s.userId) continue;
      const room = roomOfUser.get(s.userId);
      if (room !== undefined && room !== s.roomId) {
        issue(["targetStreams"], `user ${s.userId} appears in rooms ${room} and ${s.roomId}: a user id must be unique across rooms`);
        break;
      }
      roomOfUser.set(s.userId, s.roomId);
    }
    const repeated = excluded.find((e) => targets.some((t) => sameStream(e, t)));
    if (repeated) issue(["excludeStreams"], `must not repeat a target stream (${describeStream(repeated)})`);

    if (v.transcodeMode === VolcengineTranscodeMode.Remux) {
      if (v.targetStreams.length !== 1 || (known(v.targetStreams[0]!) && !v.targetStreams[0]!.userId)) {
        issue(["targetStreams"], "remux (transcodeMode 1) takes exactly one target stream, with a userId");
      }
      if ((v.excludeStreams ?? []).length > 0) issue(["excludeStreams"], "must be empty with remux (transcodeMode 1)");
    } else if (v.layout?.layoutMode === VolcengineLayoutMode.Custom) {
      if (!v.layout.customLayout) issue(["layout", "customLayout"], "is required in custom layout (layoutMode 2): it places every stream");
      const unplaced = targets.filter((s) => s.index === undefined);
      if (unplaced.length > 0)
        issue(
          ["targetStreams"],
          `custom layout (layoutMode 2) needs an index on every target stream (missing for ${unplaced.map(describeStream).join("; ")})`,
        );
    }
  });

/** What UpdatePublicStreamParam changes (https://www.volcengine.com/docs/6348/1188220): everything but the ids, MaxIdleTime and the codec. */
const UPDATABLE = [
  "businessId",
  "targetStreams",
  "excludeStreams",
  "transcodeMode",
  "layout",
  "encode.videoConfig.width",
  "encode.videoConfig.height",
  "encode.videoConfig.frameRate",
  "encode.videoConfig.bitrate",
  "control.dataMsg",
  "control.volumeIndicationMode",
  "control.volumeIndicationInterval",
  "control.streamPublishStatsMode",
  "control.streamPublishStatsInterval",
  "control.userCaptureStatsMode",
  "control.userCaptureStatsInterval",
];

/** Every field the update call takes, sent whole: anything left out goes back to its default. */
const UPDATE_FIELDS = [
  "appId",
  "publicStreamId",
  "businessId",
  "targetStreams",
  "excludeStreams",
  "transcodeMode",
  "layout",
  "encode",
  "control",
];

const dataMsgOf = (v: Inputs): unknown => (v.control as { dataMsg?: unknown } | undefined)?.dataMsg;

export const publicStreamKey = (i: Inputs): string => `public:${i.appId}/${i.publicStreamId}`;

/** The vendor calls behind each step. */
const ACTIONS = {
  start: "StartPushPublicStream",
  update: "UpdatePublicStreamParam",
  stop: "StopPushPublicStream",
  hint: SUBSCRIBERS_ACTION,
} as const;

export const volcenginePublicStream: TaskKind = {
  type: "VolcenginePublicStream",
  vendor: "volcengine",
  name: "public stream",
  summary:
    "A Volcengine RTC public stream (StartPushPublicStream). Everything updates in place (UpdatePublicStreamParam) except the ids, control.maxIdleTime and encode.videoConfig.videoCodec, which replace it. The vendor cannot read a public stream back: refresh keeps the stored state, and `adopt` is not available.",
  identity: ["appId", "publicStreamId"],
  docs: volcenginePublicStreamDocs,
  actions: ACTIONS,
  schema,
  id: (s) => `${s.appId}/${s.publicStreamId}`,
  autoNames: [{ field: "publicStreamId", maxLength: 128, disallowed: /[^a-zA-Z0-9_@\-.]/g }],
  updatable: () => UPDATABLE,
  clashKeys: (i) => [publicStreamKey(i)],
  secretInputs: [],
  outputs: {},
  // The PublicStreamId names the stream: a second start with it cannot make a second stream.
  restart: "repeat",
  startKey: publicStreamKey,
  start: async (ctx, inputs) => {
    try {
      // Not retried by the transport: whether the vendor answers a repeat with "ok" or with
      // TaskAlreadyExists is unconfirmed, and a retry answered with an error would leave a live
      // stream outside state. An ambiguous failure instead keeps the resource as unconfirmed.
      await post(ctx, ACTIONS.start, body(inputs), false);
    } catch (e) {
      // The code stays RTC_ALREADY_EXISTS: when the lifecycle confirms an earlier start whose answer
      // was lost, that code means the earlier start ran.
      if (isRtcError(e, "RTC_ALREADY_EXISTS")) {
        throw e.withMessage(
          `${e.message}. Another resource or app already publishes this publicStreamId: choose another one, or stop that stream first`,
        );
      }
      throw e;
    }
    return {};
  },
  update: async (ctx, olds, news) => {
    const params = body(Object.fromEntries(UPDATE_FIELDS.map((k) => [k, news[k]])));
    // DataMsg is no setting to keep: the vendor puts it into the next frames each time an update
    // carries it (model, PublicControl.DataMsg). Sent again unchanged, an old message would reappear.
    const control = params.Control as Record<string, unknown> | undefined;
    if (control && dataMsgOf(news) === dataMsgOf(olds)) {
      delete control.DataMsg;
      if (Object.keys(control).length === 0) delete params.Control;
    }
    await post(ctx, ACTIONS.update, params, true);
    return {};
  },
  // BusinessId too, when the stream has one: the vendor's model takes it on Stop as on Start.
  stop: stopBy(ACTIONS.stop, ["appId", "publicStreamId", "businessId"]),
  // No `read`: the vendor has no call that reads a public stream back, so refresh
  // keeps the stored state, and `adopt` is refused at check. Its subscription count is a hint.
  hint: subscribersHint,
};
