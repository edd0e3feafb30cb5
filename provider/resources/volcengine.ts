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

export interface VolcengineMixedRelayToCdnArgs extends TaskCommonArgs {
  appId: In<string>;
  roomId: In<string>;
  /** Caller-chosen task id; derived from the resource name plus a random suffix when omitted. */
  taskId?: In<string>;
  /** RTMP URL to push to; stored as a secret, since it usually carries the stream key. */
  pushUrl: In<string>;
  businessId?: In<string>;
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
export class VolcengineMixedRelayToCdn extends TaskResource {
  declare readonly appId: pulumi.Output<string>;
  declare readonly roomId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  declare readonly pushUrl: pulumi.Output<string>;

  constructor(name: string, args: VolcengineMixedRelayToCdnArgs, opts?: pulumi.CustomResourceOptions) {
    super("VolcengineMixedRelayToCdn", name, args, opts);
  }
}
