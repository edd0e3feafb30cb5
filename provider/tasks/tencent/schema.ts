import { z } from "zod";
import { asObject } from "../../util/values";
import { httpUrl, int, internalInputs, oneOf, oneOfConstant, streamUrl } from "../schema";
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
import { crossFieldIssues } from "./crossFieldRules";

/**
 * Inputs of a Tencent TRTC relay to CDN: StartPublishCdnStream's request in camelCase (https://cloud.tencent.com/document/api/647/81479,
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
const rtmpOnly = streamUrl(["rtmp:"], "must be an rtmp:// URL with a host (TRTC relays over RTMP only)");
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

export const relayToCdnSchema = shape.superRefine(
  (v, ctx) => {
    for (const i of crossFieldIssues(v as Record<string, unknown>)) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
  },
  // Run even when some property failed already (or is unknown at preview), so every rule reports at once.
  { when: (payload) => asObject(payload.value) !== undefined },
);
