import type * as pulumi from "@pulumi/pulumi";
import { TaskResource, type TaskCommonArgs } from "./taskResource";

type In<T> = pulumi.Input<T>;

/** A user stream in a Volcengine room. */
export interface VolcengineStream {
  userId: string;
  /** 0 camera (default), 1 screen share. */
  streamType?: number;
  /** Position in the layout; must be unique, and match a region's streamIndex in custom layout. */
  index?: number;
}

export interface VolcengineRegion {
  streamIndex: number;
  width: number;
  height: number;
  locationX?: number;
  locationY?: number;
  zOrder?: number;
  alpha?: number;
  renderMode?: number;
  alternateImage?: string;
  alternateImageFillMode?: number;
  cornerRadius?: number;
  mediaType?: number;
  applySpatialAudio?: boolean;
  spatialPosition?: Record<string, unknown>;
  sourceCrop?: { locationX?: number; locationY?: number; widthProportion?: number; heightProportion?: number };
}

/** What every relay to CDN (mixed or single) is given: its identity and where it pushes. */
export interface VolcengineRelayArgs extends TaskCommonArgs {
  appId: In<string>;
  roomId: In<string>;
  /** Caller-chosen task id; when omitted, the resource name plus a suffix derived from project, stack and name. */
  taskId?: In<string>;
  /** RTMP URL to push to; stored as a secret, since it usually carries the stream key. */
  pushUrl: In<string>;
  businessId?: In<string>;
}

/** The outputs every relay to CDN has. */
abstract class VolcengineRelay extends TaskResource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly roomId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  declare readonly pushUrl: pulumi.Output<string>;
}

export interface VolcengineMixedRelayToCdnArgs extends VolcengineRelayArgs {
  /** Streams to mix; empty means every stream in the room (at most 17, 30 in custom layout). */
  targetStreams?: In<{ streamList?: VolcengineStream[] }>;
  excludeStreams?: In<{ streamList?: VolcengineStream[] }>;
  layout?: In<{
    /** 0 adaptive (default), 1 vertical, 2 custom, 3 side-by-side. Only custom layout can be updated in place. */
    layoutMode?: number;
    mainVideoStream?: VolcengineStream;
    customLayout?: {
      canvas?: { width?: number; height?: number; background?: string; backgroundImage?: string };
      regions?: VolcengineRegion[];
    };
  }>;
  encode?: In<{
    videoWidth?: number; videoHeight?: number; videoFps?: number; videoBitrate?: number; videoCodec?: number; videoGop?: number;
    audioCodec?: number; audioProfile?: number; audioSampleRate?: number; audioChannels?: number; audioBitrate?: number;
  }>;
  control?: In<{
    maxIdleTime?: number; mediaType?: number; frameInterpolationMode?: number; pushStreamMode?: number;
    seiConfig?: Record<string, unknown>; spatialConfig?: Record<string, unknown>;
  }>;
}

/**
 * A Volcengine RTC mixed relay to CDN (StartPushMixedStreamToCDN): mixes a room's streams and
 * pushes the result to an RTMP URL. Changes to target streams, custom-layout regions, canvas
 * background, most encode settings and SEI extra info update in place (custom layout only);
 * anything else replaces the task.
 */
export class VolcengineMixedRelayToCdn extends VolcengineRelay {
  constructor(name: string, args: VolcengineMixedRelayToCdnArgs, opts?: pulumi.CustomResourceOptions) {
    super("VolcengineMixedRelayToCdn", name, args, opts);
  }
}

export interface VolcengineSingleRelayToCdnArgs extends VolcengineRelayArgs {
  /** The one stream to relay: its publisher and type (0 camera, default; 1 screen share). */
  stream: In<{ userId: string; streamType?: number }>;
  control?: In<{
    /** Seconds with no publisher before the vendor ends the task, 10-86400 (default 180). */
    maxIdleTime?: number;
    /** 0 audio and video (default), 1 audio only. */
    mediaType?: number;
  }>;
}

/**
 * A Volcengine RTC single-stream relay to CDN (StartPushSingleStreamToCDN): pushes one user's
 * stream, video untouched, to an RTMP URL. The vendor has no update call: every change replaces
 * the task, stopping the old one first when the task id or push URL stays the same.
 */
export class VolcengineSingleRelayToCdn extends VolcengineRelay {
  constructor(name: string, args: VolcengineSingleRelayToCdnArgs, opts?: pulumi.CustomResourceOptions) {
    super("VolcengineSingleRelayToCdn", name, args, opts);
  }
}

/** One output rendition of a webcast; two of them turn on simulcast. */
export interface VolcengineWebcastVideoSolution {
  /** Even, 50-1920 (default 1280). */
  width?: number;
  /** Even, 50-1080 (default 720). */
  height?: number;
  /** 1-60 fps (default 15). */
  frameRate?: number;
  /** kbps, 0-10000; 0 (default) adapts. */
  bitrate?: number;
}

export interface VolcengineWebcastArgs extends TaskCommonArgs {
  appId: In<string>;
  roomId: In<string>;
  /** Caller-chosen task id; when omitted, the resource name plus a suffix derived from project, stack and name. */
  taskId?: In<string>;
  /**
   * The user the page publishes as. Another user joining the room with the same id kicks the earlier
   * one out, so it must be unique in the room. Defaults to `webcast_<resource name>`.
   */
  userId?: In<string>;
  /** The http(s) page to render, at most 1024 bytes; stored as a secret, since it may carry a token. */
  sourceUrl: In<string>;
  businessId?: In<string>;
  /** Seconds after which the vendor ends the task, 10-86400 (default 86400). */
  maxRunningTime?: In<number>;
  /** At most two renditions; none means one at the defaults. */
  videoSolutions?: In<VolcengineWebcastVideoSolution[]>;
  /** When enabled, capture starts when the page calls onWebcastStart(); startTimeout 0-60 s. */
  eventNotifyConfig?: In<{ enableEventNotify?: boolean; startTimeout?: number }>;
  /** Page health checks, in seconds: 0 is off; blank and freeze 2-30, crash 0-30. */
  monitorConfig?: In<{ blankCheckInterval?: number; freezeCheckInterval?: number; crashCheckInterval?: number }>;
}

/**
 * A Volcengine RTC cloud webcast (StartWebcast): renders a web page and publishes it into a room.
 * The vendor has no update call: every change replaces the task, stopping the old page first when
 * the task id, or the room and userId, stay the same.
 */
export class VolcengineWebcast extends TaskResource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly roomId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string>;
  declare readonly sourceUrl: pulumi.Output<string>;

  constructor(name: string, args: VolcengineWebcastArgs, opts?: pulumi.CustomResourceOptions) {
    super("VolcengineWebcast", name, args, opts);
  }
}

/** A stream taken into (or kept out of) a public stream. */
export interface VolcenginePublicStreamSource {
  roomId: string;
  /** Empty or absent takes every stream in the room; a user id must not appear in two rooms. */
  userId?: string;
  /** 0 camera (default), 1 screen share. */
  streamType?: number;
  /** 0 audio and video (default), 1 audio only, 2 video only. */
  mediaType?: number;
  /** Unique; required in custom layout, where a region's streamIndex refers to it. */
  index?: number;
}

export interface VolcenginePublicStreamRegion {
  streamIndex: number;
  /** Fractions of the canvas, (0, 1]. */
  widthProportion: number;
  heightProportion: number;
  /** Fractions of the canvas, [0, 1). */
  locationX?: number;
  locationY?: number;
  zOrder?: number;
  alpha?: number;
  renderMode?: number;
  alternateImage?: string;
  sourceCrop?: { locationX?: number; locationY?: number; widthProportion?: number; heightProportion?: number };
}

export interface VolcenginePublicStreamArgs extends TaskCommonArgs {
  appId: In<string>;
  /** The id the audience pulls; when omitted, the resource name plus a suffix derived from project, stack and name. */
  publicStreamId?: In<string>;
  businessId?: In<string>;
  /** 1-17 streams to take in. */
  targetStreams: In<VolcenginePublicStreamSource[]>;
  /** Up to 17 streams to leave out; none may repeat a target. */
  excludeStreams?: In<VolcenginePublicStreamSource[]>;
  /** 0 transcode (default); 1 remux exactly one user's stream (layout and video config are then ignored). */
  transcodeMode?: In<number>;
  layout?: In<{
    /** 0 adaptive, 1 vertical, 2 custom, 3 side-by-side. */
    layoutMode: number;
    verticalLayout?: { mainStream?: VolcenginePublicStreamSource };
    customLayout?: {
      regions: VolcenginePublicStreamRegion[];
      backgroundColor?: string;
      backgroundImage?: string;
      frameInterpolationMode?: number;
    };
  }>;
  encode?: In<{
    videoConfig?: {
      /** Even, 16-1920 (defaults 640 x 480). */
      width?: number;
      height?: number;
      frameRate?: number;
      bitrate?: number;
      /** 0 H.264 (default), 5 VP8; changing it replaces the stream. */
      videoCodec?: number;
    };
  }>;
  control?: In<{
    /** Seconds with no publisher before the vendor ends the stream, 10-86400 (default 180); changing it replaces the stream. */
    maxIdleTime?: number;
    /** Up to 4 kB inserted into the stream; the vendor applies it only on an update. */
    dataMsg?: string;
    volumeIndicationMode?: boolean;
    volumeIndicationInterval?: number;
    streamPublishStatsMode?: boolean;
    streamPublishStatsInterval?: number;
    userCaptureStatsMode?: boolean;
    userCaptureStatsInterval?: number;
  }>;
}

/**
 * A Volcengine RTC public stream (StartPushPublicStream). Everything updates in place
 * (UpdatePublicStreamParam) except the ids, control.maxIdleTime and encode.videoConfig.videoCodec,
 * which replace it. The vendor cannot read a public stream back: refresh keeps the stored state,
 * and `adopt` is not available.
 */
export class VolcenginePublicStream extends TaskResource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly publicStreamId: pulumi.Output<string>;

  constructor(name: string, args: VolcenginePublicStreamArgs, opts?: pulumi.CustomResourceOptions) {
    super("VolcenginePublicStream", name, args, opts);
  }
}
