import * as pulumi from "@pulumi/pulumi";
import { TaskResource, type TaskCommonArgs } from "./taskResource";

type In<T> = pulumi.Input<T>;
/** Inputs all the way down, as Pulumi's own SDKs type nested arguments: any value may be an Output. */
export type DeepInput<T> = In<T extends (infer E)[] ? DeepInput<E>[] : T extends object ? { [K in keyof T]: DeepInput<T[K]> } : T>;

/** A user in a TRTC room; the room defaults to the task's own. */
export interface TencentMixUserInfo {
  userId: string;
  roomId?: string;
  /** 0 integer room id, 1 string room id. */
  roomIdType?: number;
}

export interface TencentUserMediaStream {
  userInfo?: TencentMixUserInfo;
  /** 0 camera (default), 1 screen share. */
  streamType?: number;
}

export interface TencentAudioUser {
  userInfo: TencentMixUserInfo;
  /** 0-100; 100 (default) is the original volume. Only in the subscribe (white) list. */
  soundLevel?: number;
}

export interface TencentAudioParams {
  /** Fixed for the life of the task: a change replaces it. */
  audioEncode: {
    /** 48000, 44100, 32000, 24000, 16000 or 8000 Hz. */
    sampleRate: number;
    /** 1 mono, 2 stereo. */
    channel: number;
    /** 8-500 kbps. */
    bitRate: number;
    /** 0 LC-AAC (default), 1 HE-AAC, 2 HE-AACv2 (stereo only). */
    codec?: number;
  };
  /** Mix only these users' audio (empty: everyone). Updates in place. */
  subscribeAudioList?: TencentAudioUser[];
  /** Never mix these users' audio. Updates in place. */
  unSubscribeAudioList?: TencentAudioUser[];
}

export interface TencentMcuLayout {
  userMediaStream?: TencentUserMediaStream;
  imageWidth?: number;
  imageHeight?: number;
  locationX?: number;
  locationY?: number;
  zOrder?: number;
  renderMode?: number;
  backGroundColor?: string;
  backgroundImageUrl?: string;
  customCrop?: { locationX: number; locationY: number; width: number; height: number };
  backgroundRenderMode?: number;
  transparentUrl?: string;
  backgroundCustomRender?: { width: number; height: number; radius?: number };
  backGroundColorMode?: number;
  enableStreamSEI?: number;
}

export interface TencentWaterMark {
  /** 0 image (default), 1 text. */
  waterMarkType?: number;
  waterMarkImage?: {
    waterMarkUrl: string; waterMarkWidth: number; waterMarkHeight: number; locationX: number; locationY: number;
    zOrder?: number; dynamicPosType?: number;
  };
  waterMarkText?: {
    text: string; waterMarkWidth: number; waterMarkHeight: number; locationX: number; locationY: number; fontSize: number;
    fontColor?: string; backGroundColor?: string; dynamicPosType?: number; zOrder?: number; font?: "Tencent" | "SourceHanSans";
  };
}

/** Leave out for an audio-only relay. Adding or removing it replaces the task. */
export interface TencentVideoParams {
  /** All five are required: width and height 0-1920, fps 1-60, bitRate 1-10000 kbps, gop 1-5 s. */
  videoEncode: { width: number; height: number; fps: number; bitRate: number; gop: number };
  layoutParams?: {
    /** 1 float (default), 2 screen share, 3 grid, 4 custom (with mixLayoutList). */
    mixLayoutMode?: number;
    pureAudioHoldPlaceMode?: number;
    /** Custom layout, at most 16 entries. */
    mixLayoutList?: TencentMcuLayout[];
    maxVideoUser?: { userMediaStream: TencentUserMediaStream };
    renderMode?: number;
    enableStreamSEI?: number;
  };
  /** A colour like 0x000000. */
  backGroundColor?: string;
  backgroundImageUrl?: string;
  waterMarkList?: TencentWaterMark[];
  /** 0 crop, 1 scale with black, 2 stretch (default). */
  backgroundRenderMode?: number;
}

export interface TencentPublishCdnParam {
  /** rtmp:// only. Stored as a secret: it usually carries the stream key. */
  publishCdnUrl: string;
  /** 1 Tencent CDN, 0 a third-party CDN (billed; on the China site only after a support ticket). Required, as Tencent advises. */
  isTencentCdn: number;
}

export interface TencentFeedBackRoom {
  roomId: string;
  roomIdType: number;
  userId: string;
  userSig: string;
}

export interface TencentSeiParams {
  layoutVolume?: { appData?: string; payloadType?: number; interval?: number; followIdr?: number };
  passThrough?: { payloadContent: string; payloadType: number; payloadUuid?: string; interval?: number; followIdr?: number };
}

export interface TencentRecordParams {
  /** 1 off, 2 record with the console template, 3 record with the parameters below. */
  uniRecord: number;
  recordKey?: string;
  recordWaitTime?: number;
  recordFormat?: ("hls" | "mp4" | "aac")[];
  maxMediaFileDuration?: number;
  streamType?: number;
  userDefineRecordPrefix?: string;
  mcuStorageParams?: {
    cloudStorage?: { vendor: number; region: string; bucket: string; accessKey: string; secretKey: string; fileNamePrefix?: string[] };
    mcuCloudVod?: { mcuTencentVod?: Record<string, string | number> };
  };
}

export interface TencentRelayToCdnArgs extends TaskCommonArgs {
  /** The TRTC application. A change replaces the task. */
  sdkAppId: DeepInput<number>;
  /** The room to relay from. A change replaces the task. */
  roomId: DeepInput<string>;
  /** 0 integer room id, 1 string room id, as the room was created. */
  roomIdType: DeepInput<number>;
  /**
   * UserId of the robot that joins the room to relay; must be unique in the room. When omitted, the
   * resource name plus a suffix hashed from project, stack and name. A change replaces the task.
   */
  agentUserId?: DeepInput<string>;
  /** The robot's UserSig and idle timeout (5-86400 s, default 30). Stored as a secret. A change replaces the task. */
  agentParams?: DeepInput<{ userSig?: string; maxIdleTime?: number }>;
  /** 0 relay without transcoding (single stream), 1 mix and transcode (billed). Updates in place. */
  withTranscoding: DeepInput<number>;
  audioParams: DeepInput<TencentAudioParams>;
  /** Omit for an audio-only relay. Its settings update in place while transcoding; adding or removing it replaces the task. */
  videoParams?: DeepInput<TencentVideoParams>;
  /** The one stream of a single-stream relay (withTranscoding 0). Updates in place. */
  singleSubscribeParams?: DeepInput<{ userMediaStream: TencentUserMediaStream }>;
  /** At most 10 CDN URLs; give this or feedBackRoomParams. Updates in place (the whole list is sent). Secret. */
  publishCdnParams?: DeepInput<TencentPublishCdnParam[]>;
  seiParams?: DeepInput<TencentSeiParams>;
  /** Push back into at most 10 TRTC rooms instead of CDNs. Updates in place. Secret (UserSigs). */
  feedBackRoomParams?: DeepInput<TencentFeedBackRoom[]>;
  /** Recording while relaying. A change replaces the task. Secret (storage keys). */
  recordParams?: DeepInput<TencentRecordParams>;
}

/**
 * A Tencent Cloud TRTC relay to CDN (StartPublishCdnStream): a robot joins a TRTC room and pushes
 * its streams, mixed or single, to RTMP CDN URLs or back into TRTC rooms. The mixing lists, video
 * settings, single stream, CDN URLs, SEI, push-back rooms and transcoding switch update in place;
 * the room, robot, recording, audio encoding, and adding or removing video (a switch between
 * audio-only and audio+video) replace the task. Tencent cannot read a relay task back, so
 * `pulumi refresh` keeps what state says.
 */
export class TencentRelayToCdn extends TaskResource {
  declare readonly sdkAppId: pulumi.Output<number>;
  declare readonly roomId: pulumi.Output<string>;
  declare readonly agentUserId: pulumi.Output<string>;
  /** The TaskId Tencent made; Update and Stop need it. */
  declare readonly taskId: pulumi.Output<string>;
  /** The SequenceNumber of the last update (0 before any). */
  declare readonly sequenceNumber: pulumi.Output<number>;
  declare readonly publishCdnParams: pulumi.Output<TencentPublishCdnParam[] | undefined>;

  constructor(name: string, args: TencentRelayToCdnArgs, opts?: pulumi.CustomResourceOptions) {
    super("TencentRelayToCdn", name, args, opts);
  }
}
