import { z } from "zod";
import { UNKNOWN } from "../../lifecycle/changes";
import { asArray, asObject } from "../../util/values";
import { httpUrl, int, internalInputs, oneOf, oneOfConstant } from "../schema";
import {
  TencentAudioCodec,
  TencentBackgroundColorMode,
  TencentBackgroundRenderMode,
  TencentCdnType,
  TencentDynamicPosType,
  TencentLayoutBackgroundRenderMode,
  TencentMixLayoutMode,
  TencentRecordStreamType,
  TencentRenderMode,
  TencentRoomIdType,
  TencentStorageVendor,
  TencentStreamType,
  TencentSwitch,
  TencentTranscoding,
  TencentUniRecord,
  TencentWaterMarkType,
} from "./constants";

/**
 * Inputs of a Tencent TRTC relay to CDN: StartPublishCdnStream's request in camelCase (reference A.1,
 * SDK models of tencentcloud-sdk-nodejs 4.1.313), with one departure: the robot's UserId is the
 * top-level `agentUserId`, because the lifecycle's auto-naming fills a top-level field only;
 * `agentParams` keeps the UserSig and MaxIdleTime.
 */

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const str = () => z.string({ error: "must be a string" });

/** TRTC user ids are at most 32 bytes. */
export const trtcUserId = str()
  .min(1, "must not be empty")
  .refine((s) => bytes(s) <= 32, "must be at most 32 bytes (a TRTC UserId)");
/** The robot's UserId; auto-named from the resource name when not given. */
export const AGENT_USER_ID_AUTONAME = { field: "agentUserId", maxLength: 32, disallowed: /[^a-zA-Z0-9_-]/g };
const agentUserId = str().regex(/^[a-zA-Z0-9_-]{1,32}$/, "must be 1-32 characters of letters, digits, _ and - (a TRTC UserId)");

const roomIdType = oneOfConstant({ TencentRoomIdType }, "0 integer room id, 1 string room id");
const onOff = (what: string) => oneOfConstant({ TencentSwitch }, what);
/** TRTC's colour notation, e.g. 0xcc0033. */
const color = str().regex(/^0x[0-9a-fA-F]{6}$/, 'must be a colour like "0xRRGGBB"');
const imageUrl = httpUrl(1024);
const rtmpOnly = str().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "rtmp:" && u.hostname !== "";
  } catch {
    return false;
  }
}, "must be an rtmp:// URL with a host (TRTC relays over RTMP only)");
const pixels = int(0, 10000);

const mixUserInfo = z
  .strictObject({
    userId: trtcUserId,
    roomId: str().min(1, "must not be empty").optional(),
    roomIdType: roomIdType.optional(),
  })
  .meta({ id: "TencentMixUserInfo" });

const userMediaStream = z
  .strictObject({
    userInfo: mixUserInfo.optional(),
    streamType: oneOfConstant({ TencentStreamType }, "0 camera, 1 screen share").optional(),
  })
  .meta({ id: "TencentUserMediaStream" });

const userInfoParams = z
  .strictObject({
    userInfo: mixUserInfo,
    soundLevel: int(0, 100).optional(),
  })
  .meta({ id: "TencentAudioUser" });

const audioEncode = z.strictObject({
  sampleRate: oneOf([48000, 44100, 32000, 24000, 16000, 8000], "Hz"),
  channel: oneOf([1, 2], "1 mono, 2 stereo"),
  bitRate: int(8, 500),
  codec: oneOfConstant({ TencentAudioCodec }, "0 LC-AAC, 1 HE-AAC, 2 HE-AACv2").optional(),
});

const audioParams = z
  .strictObject({
    audioEncode,
    subscribeAudioList: z.array(userInfoParams).optional(),
    unSubscribeAudioList: z.array(userInfoParams).optional(),
  })
  .meta({ id: "TencentAudioParams" });

const videoEncode = z.strictObject({
  width: int(0, 1920),
  height: int(0, 1920),
  fps: int(1, 60),
  bitRate: int(1, 10000),
  gop: int(1, 5),
});

const mcuLayout = z
  .strictObject({
    userMediaStream: userMediaStream.optional(),
    imageWidth: pixels.optional(),
    imageHeight: pixels.optional(),
    locationX: pixels.optional(),
    locationY: pixels.optional(),
    zOrder: int(0, 100).optional(),
    renderMode: oneOfConstant({ TencentRenderMode }, "0 crop, 1 scale with background, 2 scale with black").optional(),
    backGroundColor: color.optional(),
    backgroundImageUrl: imageUrl.optional(),
    customCrop: z.strictObject({ locationX: pixels, locationY: pixels, width: int(1, 10000), height: int(1, 10000) }).optional(),
    backgroundRenderMode: oneOfConstant(
      { TencentLayoutBackgroundRenderMode },
      "0 crop, 1 scale with background, 2 scale with black, 3 stretch, 4 custom",
    ).optional(),
    transparentUrl: imageUrl.optional(),
    backgroundCustomRender: z.strictObject({ width: int(1, 10000), height: int(1, 10000), radius: pixels.optional() }).optional(),
    backGroundColorMode: oneOfConstant({ TencentBackgroundColorMode }, "bit 0 placeholder, bit 1 upstream").optional(),
    enableStreamSEI: onOff("0 drop, 1 keep upstream SEI").optional(),
  })
  .meta({ id: "TencentMcuLayout" });

const layoutParams = z.strictObject({
  mixLayoutMode: oneOfConstant({ TencentMixLayoutMode }, "1 float, 2 screen share, 3 grid, 4 custom").optional(),
  pureAudioHoldPlaceMode: onOff("0 audio-only users take no place, 1 they do").optional(),
  mixLayoutList: z.array(mcuLayout).max(16, "must have at most 16 entries").optional(),
  maxVideoUser: z.strictObject({ userMediaStream }).optional(),
  renderMode: oneOfConstant({ TencentRenderMode }, "0 crop, 1 scale, 2 scale with black").optional(),
  enableStreamSEI: onOff("0 drop, 1 keep upstream SEI").optional(),
});

const dynamicPosType = oneOfConstant({ TencentDynamicPosType }, "0 off, 1 random each second, 2 bounce").optional();
const waterMark = z
  .strictObject({
    waterMarkType: oneOfConstant({ TencentWaterMarkType }, "0 image, 1 text").optional(),
    waterMarkImage: z
      .strictObject({
        waterMarkUrl: imageUrl,
        waterMarkWidth: pixels,
        waterMarkHeight: pixels,
        locationX: pixels,
        locationY: pixels,
        zOrder: int(0, 100).optional(),
        dynamicPosType,
      })
      .optional(),
    waterMarkText: z
      .strictObject({
        text: str().min(1, "must not be empty"),
        waterMarkWidth: pixels,
        waterMarkHeight: pixels,
        locationX: pixels,
        locationY: pixels,
        fontSize: int(1, 1000),
        fontColor: color.optional(),
        backGroundColor: color.optional(),
        dynamicPosType,
        zOrder: int(0, 100).optional(),
        font: z.enum(["Tencent", "SourceHanSans"], { error: 'must be "Tencent" or "SourceHanSans"' }).optional(),
      })
      .optional(),
  })
  .meta({ id: "TencentWaterMark" });

const videoParams = z
  .strictObject({
    videoEncode,
    layoutParams: layoutParams.optional(),
    backGroundColor: color.optional(),
    backgroundImageUrl: imageUrl.optional(),
    waterMarkList: z.array(waterMark).optional(),
    backgroundRenderMode: oneOfConstant({ TencentBackgroundRenderMode }, "0 crop, 1 scale with black, 2 stretch").optional(),
  })
  .meta({ id: "TencentVideoParams" });

const publishCdnParam = z
  .strictObject({
    publishCdnUrl: rtmpOnly,
    // Omitted, Tencent assumes its own CDN (1); a third-party CDN (0) is billed. Asked explicitly, as the docs advise.
    isTencentCdn: oneOfConstant({ TencentCdnType }, "0 third-party CDN (billed), 1 Tencent CDN"),
  })
  .meta({ id: "TencentPublishCdnParam" });

/** SEI payload types: 100-254 except 244, which TRTC keeps for its timestamp SEI; PassThrough also takes 5. */
const seiPayloadType = (allowFive: boolean) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .refine((n) => (allowFive && n === 5) || (n >= 100 && n <= 254 && n !== 244), `must be ${allowFive ? "5 or " : ""}100-254, except 244`);

const seiParams = z
  .strictObject({
    layoutVolume: z
      .strictObject({
        appData: str()
          .refine((s) => bytes(s) < 4096, "must be shorter than 4096 bytes")
          .optional(),
        payloadType: seiPayloadType(false).optional(),
        interval: int(1, 86_400_000).optional(),
        followIdr: onOff("1 make sure key frames carry SEI").optional(),
      })
      .optional(),
    passThrough: z
      .strictObject({
        payloadContent: str().min(1, "must not be empty"),
        payloadType: seiPayloadType(true),
        payloadUuid: str()
          .regex(/^[0-9a-fA-F]{32}$/, "must be 32 hexadecimal characters")
          .optional(),
        interval: int(1, 86_400_000).optional(),
        followIdr: onOff("1 make sure key frames carry SEI").optional(),
      })
      .optional(),
  })
  .meta({ id: "TencentSeiParams" });

const feedBackRoom = z
  .strictObject({
    roomId: str().min(1, "must not be empty"),
    roomIdType,
    userId: trtcUserId,
    userSig: str().min(1, "must not be empty"),
  })
  .meta({ id: "TencentFeedBackRoom" });

const recordKey = (max: number) =>
  str().regex(new RegExp(`^[a-zA-Z0-9_-]{1,${max}}$`), `must be 1-${max} characters of letters, digits, _ and -`);

const recordParams = z
  .strictObject({
    // 0 or unset is "not supported, behaviour undefined" at Tencent: ask for it.
    uniRecord: oneOfConstant({ TencentUniRecord }, "1 off, 2 console template, 3 these parameters"),
    recordKey: recordKey(128).optional(),
    recordWaitTime: int(5, 86400).optional(),
    recordFormat: z
      .array(z.enum(["hls", "mp4", "aac"], { error: 'must be "hls", "mp4" or "aac"' }))
      .min(1, "must not be empty")
      .refine((f) => !(f.includes("mp4") && f.includes("aac")), '"mp4" and "aac" cannot both be recorded')
      .optional(),
    maxMediaFileDuration: int(1, 1440).optional(),
    streamType: oneOfConstant({ TencentRecordStreamType }, "0 audio and video, 1 audio only, 2 video only").optional(),
    userDefineRecordPrefix: recordKey(64).optional(),
    mcuStorageParams: z
      .strictObject({
        cloudStorage: z
          .strictObject({
            vendor: oneOfConstant({ TencentStorageVendor }, "0 Tencent COS, 1 AWS"),
            region: str().min(1, "must not be empty"),
            bucket: str().min(1, "must not be empty"),
            accessKey: str().min(1, "must not be empty"),
            secretKey: str().min(1, "must not be empty"),
            fileNamePrefix: z.array(str().regex(/^[a-zA-Z0-9_-]+$/, "must be letters, digits, _ and -")).optional(),
          })
          .optional(),
        mcuCloudVod: z
          .strictObject({
            mcuTencentVod: z
              .strictObject({
                procedure: str().optional(),
                expireTime: int(0, Number.MAX_SAFE_INTEGER).optional(),
                storageRegion: str().optional(),
                classId: int(0, Number.MAX_SAFE_INTEGER).optional(),
                subAppId: int(0, Number.MAX_SAFE_INTEGER).optional(),
                sessionContext: str().optional(),
                sourceContext: str().optional(),
              })
              .optional(),
          })
          .optional(),
      })
      .optional(),
  })
  .meta({ id: "TencentRecordParams" });

const shape = z.strictObject({
  ...internalInputs,
  sdkAppId: int(1, 4_294_967_295),
  roomId: str().min(1, "must not be empty"),
  roomIdType,
  agentUserId,
  agentParams: z
    .strictObject({
      // never, not undefined: the generated Args then type it `never`, so an editor flags it before check does.
      userId: z.never({ error: "set the top-level agentUserId instead (it is auto-named when left out)" }).optional(),
      userSig: str().min(1, "must not be empty").optional(),
      maxIdleTime: int(5, 86400).optional(),
    })
    .optional(),
  withTranscoding: oneOfConstant({ TencentTranscoding }, "0 relay without transcoding, 1 mix and transcode (billed)"),
  audioParams,
  videoParams: videoParams.optional(),
  singleSubscribeParams: z.strictObject({ userMediaStream }).optional(),
  publishCdnParams: z.array(publishCdnParam).min(1, "must not be empty").max(10, "must have at most 10 URLs").optional(),
  seiParams: seiParams.optional(),
  feedBackRoomParams: z.array(feedBackRoom).min(1, "must not be empty").max(10, "must have at most 10 rooms").optional(),
  recordParams: recordParams.optional(),
});

type Issue = { path: (string | number)[]; message: string };
const known = (v: unknown) => v !== undefined && v !== UNKNOWN;
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const obj = asObject;
const arr = asArray;

/** A room id must be written the way its type says: 1-4294967294 for integer rooms, 1-64 bytes for string rooms. */
function roomIdRule(roomId: unknown, type: unknown): string | undefined {
  if (typeof roomId !== "string" || roomId === UNKNOWN || roomId.includes(UNKNOWN)) return undefined;
  if (type === TencentRoomIdType.Integer && !(/^[1-9]\d{0,9}$/.test(roomId) && Number(roomId) <= 4_294_967_294))
    return "must be a whole number from 1 to 4294967294 when roomIdType is 0 (integer room id)";
  if (type === TencentRoomIdType.String && bytes(roomId) > 64) return "must be at most 64 bytes (string room id)";
  return undefined;
}

/** Rules that tie properties together; written over unknown values, since they run on any input. */
export function crossFieldIssues(v: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });

  const roomRule = roomIdRule(v.roomId, v.roomIdType);
  if (roomRule) add(["roomId"], roomRule);
  arr(v.feedBackRoomParams).forEach((f, i) => {
    const rule = roomIdRule(obj(f)?.roomId, obj(f)?.roomIdType);
    if (rule) add(["feedBackRoomParams", i, "roomId"], rule);
  });

  // Exactly one destination: CDN URLs, or TRTC rooms to push back into.
  const cdn = known(v.publishCdnParams);
  const rooms = known(v.feedBackRoomParams);
  if (v.publishCdnParams === undefined && v.feedBackRoomParams === undefined)
    add(["publishCdnParams"], "is required (or feedBackRoomParams, to push back into TRTC rooms)");
  if (cdn && rooms)
    add(["feedBackRoomParams"], "cannot be given together with publishCdnParams: a task pushes either to CDNs or back into rooms");
  // URLs not known yet (preview) cannot be compared: they may well differ.
  const urls = arr(v.publishCdnParams)
    .map((p) => obj(p)?.publishCdnUrl)
    .filter((u) => typeof u === "string" && u !== UNKNOWN);
  if (new Set(urls).size !== urls.length) add(["publishCdnParams"], "must not list the same URL twice");

  if (known(v.singleSubscribeParams) && num(v.withTranscoding) === TencentTranscoding.On) {
    add(["singleSubscribeParams"], "needs withTranscoding 0: a single stream is relayed without transcoding");
  }

  const enc = obj(obj(v.audioParams)?.audioEncode);
  if (enc) {
    if (enc.codec === TencentAudioCodec.HEv2 && enc.channel === 1)
      add(["audioParams", "audioEncode", "channel"], "must be 2: HE-AACv2 (codec 2) is stereo only");
    if ((enc.codec === TencentAudioCodec.HE || enc.codec === TencentAudioCodec.HEv2) && enc.sampleRate === 8000)
      add(["audioParams", "audioEncode", "sampleRate"], "must be 16000 or more with HE-AAC (codec 1 or 2)");
  }

  const video = obj(v.videoParams);
  const canvas = obj(video?.videoEncode);
  const layout = obj(video?.layoutParams);
  if (layout && known(layout.mixLayoutList) && layout.mixLayoutMode !== TencentMixLayoutMode.Custom && layout.mixLayoutMode !== UNKNOWN) {
    add(["videoParams", "layoutParams", "mixLayoutList"], "applies only to mixLayoutMode 4 (custom layout)");
  }
  arr(layout?.mixLayoutList).forEach((entry, i) => {
    const e = obj(entry);
    if (!e) return;
    const at = ["videoParams", "layoutParams", "mixLayoutList", i];
    const fits = (offset: unknown, size: unknown, total: unknown) =>
      num(offset) === undefined || num(total) === undefined || num(offset)! + (num(size) ?? 0) <= num(total)!;
    if (!fits(e.locationX, e.imageWidth, canvas?.width))
      add([...at, "locationX"], "locationX + imageWidth must not exceed videoEncode.width");
    if (!fits(e.locationY, e.imageHeight, canvas?.height))
      add([...at, "locationY"], "locationY + imageHeight must not exceed videoEncode.height");
    const crop = obj(e.customCrop);
    if (
      crop &&
      ((num(crop.locationX) ?? 0) + (num(crop.width) ?? 0) > 10000 || (num(crop.locationY) ?? 0) + (num(crop.height) ?? 0) > 10000)
    ) {
      add([...at, "customCrop"], "location plus size must not exceed 10000");
    }
    if (e.backgroundRenderMode === TencentLayoutBackgroundRenderMode.Custom && e.backgroundCustomRender === undefined)
      add([...at, "backgroundCustomRender"], "is required with backgroundRenderMode 4 (custom render)");
  });
  arr(video?.waterMarkList).forEach((w, i) => {
    const m = obj(w);
    if (!m || m.waterMarkType === UNKNOWN) return;
    const text = m.waterMarkType === TencentWaterMarkType.Text;
    const needed = text ? "waterMarkText" : "waterMarkImage";
    if (m[needed] === undefined)
      add(["videoParams", "waterMarkList", i, needed], `is required with waterMarkType ${text ? "1 (text)" : "0 (image, the default)"}`);
  });

  const pass = obj(obj(v.seiParams)?.passThrough);
  if (pass?.payloadType === 5 && pass.payloadUuid === undefined)
    add(["seiParams", "passThrough", "payloadUuid"], "is required with payloadType 5");

  const rec = obj(v.recordParams);
  if (rec && typeof rec.uniRecord === "number" && rec.uniRecord !== TencentUniRecord.Parameters) {
    for (const k of ["recordWaitTime", "recordFormat", "maxMediaFileDuration", "streamType", "mcuStorageParams"]) {
      if (rec[k] !== undefined) add(["recordParams", k], "applies only with uniRecord 3 (record with these parameters)");
    }
  }
  const storage = obj(rec?.mcuStorageParams);
  if (storage && storage.cloudStorage !== undefined && storage.mcuCloudVod !== undefined) {
    add(["recordParams", "mcuStorageParams"], "must name one storage: cloudStorage or mcuCloudVod, not both");
  }
  return issues;
}

export const relayToCdnSchema = shape.superRefine(
  (v, ctx) => {
    for (const i of crossFieldIssues(v as Record<string, unknown>)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  },
  // Run even when some property failed already (or is unknown at preview), so every rule reports at once.
  { when: (payload) => obj(payload.value) !== undefined },
);
