/**
 * Named values for Volcengine RTC's numeric settings, as Pulumi packages provide enums: an object of
 * names and the type of its values, so `layoutMode: rtc.VolcengineLayoutMode.Custom` reads as what it
 * is. The schemas take their lists of accepted values from here (one source for each value), and the
 * generated Args docs name the constant each setting takes. Meanings are the vendor's model's
 * (provider/vendors/volcengine/types.json).
 */

/** How a mix arranges its streams (`layout.layoutMode`). */
export const VolcengineLayoutMode = {
  /** The vendor arranges the streams by their number (the default). */
  Adaptive: 0,
  /** The vertical layout, with `layout.mainVideoStream` (a public stream's `layout.verticalLayout.mainStream`) as its main stream. */
  Vertical: 1,
  /** Each stream where `layout.customLayout.regions` puts it. The only mode a mixed relay updates in place. */
  Custom: 2,
  /** The streams side by side. */
  SideBySide: 3,
} as const;
export type VolcengineLayoutMode = (typeof VolcengineLayoutMode)[keyof typeof VolcengineLayoutMode];

/** Which of a user's streams (`streamType`). */
export const VolcengineStreamType = {
  /** The camera stream (the default). */
  Camera: 0,
  /** The shared screen. */
  Screen: 1,
} as const;
export type VolcengineStreamType = (typeof VolcengineStreamType)[keyof typeof VolcengineStreamType];

/** What a stream or a task carries (`mediaType`). A relay's `control.mediaType` takes the first two. */
export const VolcengineMediaType = {
  /** Audio and video (the default). */
  AudioAndVideo: 0,
  AudioOnly: 1,
  VideoOnly: 2,
} as const;
export type VolcengineMediaType = (typeof VolcengineMediaType)[keyof typeof VolcengineMediaType];

/** How a stream fills its region (`renderMode`). */
export const VolcengineRenderMode = {
  /** Scaled to the region's size, as Stretch (the default). */
  Default: 0,
  /** Scaled to cover the region, keeping its aspect ratio; what overflows is cut off. */
  Crop: 1,
  /** Scaled to fit inside the region, keeping its aspect ratio, on the background colour. */
  Fit: 2,
  /** Scaled to the region's size; the vendor recommends it. */
  Stretch: 3,
} as const;
export type VolcengineRenderMode = (typeof VolcengineRenderMode)[keyof typeof VolcengineRenderMode];

/** How a region's alternate image fills it (`alternateImageFillMode`). */
export const VolcengineAlternateImageFillMode = {
  /** Scaled to the stream's aspect ratio (the default). */
  StreamAspect: 0,
  /** Keeps the image's own aspect ratio. */
  ImageAspect: 1,
} as const;
export type VolcengineAlternateImageFillMode = (typeof VolcengineAlternateImageFillMode)[keyof typeof VolcengineAlternateImageFillMode];

/** What fills the frames a stream does not deliver (`frameInterpolationMode`). */
export const VolcengineFrameInterpolationMode = {
  /** The stream's last frame again (the default). */
  RepeatLastFrame: 0,
  /** A black frame. */
  Black: 1,
} as const;
export type VolcengineFrameInterpolationMode = (typeof VolcengineFrameInterpolationMode)[keyof typeof VolcengineFrameInterpolationMode];

/** When a mixed relay starts pushing (`control.pushStreamMode`). */
export const VolcenginePushStreamMode = {
  /** Once someone in the room publishes (the default). */
  OnFirstPublish: 0,
  /** At once; the idle timeout still counts. */
  Immediately: 1,
} as const;
export type VolcenginePushStreamMode = (typeof VolcenginePushStreamMode)[keyof typeof VolcenginePushStreamMode];

/** Video codecs (`videoCodec`): a mixed relay takes H264 and ByteVC1, a public stream H264 and VP8. */
export const VolcengineVideoCodec = {
  /** H.264 (the default). */
  H264: 0,
  /** ByteVC1, ByteDance's own codec. */
  ByteVC1: 1,
  /** VP8; a public stream takes it only once the vendor has enabled it for the app. */
  VP8: 5,
} as const;
export type VolcengineVideoCodec = (typeof VolcengineVideoCodec)[keyof typeof VolcengineVideoCodec];

/** Audio codecs (`encode.audioCodec`): AAC is the only one. */
export const VolcengineAudioCodec = {
  AAC: 0,
} as const;
export type VolcengineAudioCodec = (typeof VolcengineAudioCodec)[keyof typeof VolcengineAudioCodec];

/** AAC profiles (`encode.audioProfile`). */
export const VolcengineAudioProfile = {
  /** AAC-LC (the default). */
  LC: 0,
  /** HE-AAC v1. */
  HEv1: 1,
  /** HE-AAC v2: stereo only. */
  HEv2: 2,
} as const;
export type VolcengineAudioProfile = (typeof VolcengineAudioProfile)[keyof typeof VolcengineAudioProfile];

/** The payload type of the mixer's SEI (`control.seiConfig.seiPayLoadType`). */
export const VolcengineSeiPayloadType = {
  /** Unregistered user data, identified by a UUID (`seiPayloadUuid`). */
  UserDataUnregistered: 5,
  /** Type 100 (the default). */
  Custom: 100,
} as const;
export type VolcengineSeiPayloadType = (typeof VolcengineSeiPayloadType)[keyof typeof VolcengineSeiPayloadType];

/** With volume indication on, what frames other than key frames carry (`control.seiConfig.seiContentMode`). */
export const VolcengineSeiContentMode = {
  /** Everything the SEI holds (the default). */
  Everything: 0,
  /** The volumes and the timestamp only. */
  VolumesAndTimestamp: 1,
} as const;
export type VolcengineSeiContentMode = (typeof VolcengineSeiContentMode)[keyof typeof VolcengineSeiContentMode];

/** Whether a public stream is transcoded (`transcodeMode`). */
export const VolcengineTranscodeMode = {
  /** Mixed and encoded (the default). */
  Transcode: 0,
  /** One stream passed through as it is: layout and video settings are ignored. */
  Remux: 1,
} as const;
export type VolcengineTranscodeMode = (typeof VolcengineTranscodeMode)[keyof typeof VolcengineTranscodeMode];
