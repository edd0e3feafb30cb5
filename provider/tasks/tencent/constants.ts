/**
 * Named values for Tencent TRTC's numeric settings, as Pulumi packages provide enums: an object of
 * names and the type of its values, so `withTranscoding: rtc.TencentTranscoding.On` reads as what it
 * is. The schema takes its lists of accepted values from here (one source for each value), and the
 * generated Args docs name the constant each setting takes. Meanings are those of the vendor's model
 * and its overlay (provider/vendors/tencent/).
 */

/** How a room's id is typed (`roomIdType`); it must match how the room was created. */
export const TencentRoomIdType = {
  /** A whole number, 1 to 4294967294, written as a string. */
  Integer: 0,
  /** A string of at most 64 bytes. */
  String: 1,
} as const;
export type TencentRoomIdType = (typeof TencentRoomIdType)[keyof typeof TencentRoomIdType];

/** Whether the relay transcodes (`withTranscoding`). */
export const TencentTranscoding = {
  /** Relays one stream as it is (no transcoding fee). */
  Off: 0,
  /** Mixes and transcodes (billed); needed for mixing, video settings and watermarks. */
  On: 1,
} as const;
export type TencentTranscoding = (typeof TencentTranscoding)[keyof typeof TencentTranscoding];

/** A plain switch: `pureAudioHoldPlaceMode`, `enableStreamSEI`, `followIdr`. */
export const TencentSwitch = {
  Off: 0,
  On: 1,
} as const;
export type TencentSwitch = (typeof TencentSwitch)[keyof typeof TencentSwitch];

/** Audio codecs (`audioParams.audioEncode.codec`). */
export const TencentAudioCodec = {
  /** LC-AAC (the default). */
  LC: 0,
  /** HE-AAC: 16000 Hz or more. */
  HE: 1,
  /** HE-AAC v2: stereo only, 16000 Hz or more. */
  HEv2: 2,
} as const;
export type TencentAudioCodec = (typeof TencentAudioCodec)[keyof typeof TencentAudioCodec];

/** Which of a user's streams (`userMediaStream.streamType`). */
export const TencentStreamType = {
  /** The camera stream (the default). */
  Camera: 0,
  /** The shared screen. */
  Screen: 1,
} as const;
export type TencentStreamType = (typeof TencentStreamType)[keyof typeof TencentStreamType];

/** How the mix lays out its streams (`videoParams.layoutParams.mixLayoutMode`). */
export const TencentMixLayoutMode = {
  /** One stream fills the picture, the others float over it (the default). */
  Float: 1,
  /** The shared screen large, the cameras beside it. */
  ScreenShare: 2,
  /** The streams in a grid. */
  Grid: 3,
  /** Each stream where `mixLayoutList` puts it. */
  Custom: 4,
} as const;
export type TencentMixLayoutMode = (typeof TencentMixLayoutMode)[keyof typeof TencentMixLayoutMode];

/** How a stream fills its place (`renderMode` of the layout and of its entries). */
export const TencentRenderMode = {
  /** Scaled to cover the place, keeping its aspect ratio; what overflows is cut off. */
  Crop: 0,
  /** Scaled to fit inside the place, keeping its aspect ratio, on the background colour. */
  Fit: 1,
  /** Scaled to fit inside the place, on black. */
  FitOnBlack: 2,
} as const;
export type TencentRenderMode = (typeof TencentRenderMode)[keyof typeof TencentRenderMode];

/** How the background image fills the whole picture (`videoParams.backgroundRenderMode`). */
export const TencentBackgroundRenderMode = {
  Crop: 0,
  /** Scaled to fit, on black. */
  FitOnBlack: 1,
  /** Stretched to the picture's size (the default). */
  Stretch: 2,
} as const;
export type TencentBackgroundRenderMode = (typeof TencentBackgroundRenderMode)[keyof typeof TencentBackgroundRenderMode];

/** How an entry's background image fills its place (`mixLayoutList[].backgroundRenderMode`). */
export const TencentLayoutBackgroundRenderMode = {
  Crop: 0,
  /** Scaled to fit, on the background colour. */
  Fit: 1,
  /** Scaled to fit, on black. */
  FitOnBlack: 2,
  /** Stretched to the place's size (the default). */
  Stretch: 3,
  /** Sized and rounded by `backgroundCustomRender`, which it requires. */
  Custom: 4,
} as const;
export type TencentLayoutBackgroundRenderMode = (typeof TencentLayoutBackgroundRenderMode)[keyof typeof TencentLayoutBackgroundRenderMode];

/** Where an entry's background colour shows when its picture is scaled (`backGroundColorMode`): bit 0 the placeholder, bit 1 the stream. */
export const TencentBackgroundColorMode = {
  /** Neither (the default). */
  None: 0,
  /** Around the placeholder image. */
  Placeholder: 1,
  /** Around the stream. */
  Upstream: 2,
  /** Around both. */
  Both: 3,
} as const;
export type TencentBackgroundColorMode = (typeof TencentBackgroundColorMode)[keyof typeof TencentBackgroundColorMode];

/** Whose CDN a push URL belongs to (`publishCdnParams[].isTencentCdn`). */
export const TencentCdnType = {
  /** Another CDN: billed, and on the China site only after a support ticket. */
  ThirdParty: 0,
  /** Tencent's CDN (Tencent's default). */
  Tencent: 1,
} as const;
export type TencentCdnType = (typeof TencentCdnType)[keyof typeof TencentCdnType];

/** What a watermark is (`waterMarkList[].waterMarkType`). */
export const TencentWaterMarkType = {
  /** An image, from `waterMarkImage` (the default). */
  Image: 0,
  /** A text, from `waterMarkText`. */
  Text: 1,
} as const;
export type TencentWaterMarkType = (typeof TencentWaterMarkType)[keyof typeof TencentWaterMarkType];

/** Whether a watermark moves (`dynamicPosType`). */
export const TencentDynamicPosType = {
  /** Stays where it is put (the default). */
  Fixed: 0,
  /** Jumps to a random place every second. */
  Random: 1,
  /** Moves every frame, bouncing off the edges. */
  Bounce: 2,
} as const;
export type TencentDynamicPosType = (typeof TencentDynamicPosType)[keyof typeof TencentDynamicPosType];

/** Whether and how the relay records (`recordParams.uniRecord`); 0 or unset is undefined at Tencent, so it is required. */
export const TencentUniRecord = {
  Off: 1,
  /** With the recording template set in the console. */
  Template: 2,
  /** With the other fields of `recordParams`. */
  Parameters: 3,
} as const;
export type TencentUniRecord = (typeof TencentUniRecord)[keyof typeof TencentUniRecord];

/** What a recording keeps (`recordParams.streamType`). */
export const TencentRecordStreamType = {
  AudioAndVideo: 0,
  AudioOnly: 1,
  VideoOnly: 2,
} as const;
export type TencentRecordStreamType = (typeof TencentRecordStreamType)[keyof typeof TencentRecordStreamType];

/** Whose storage a recording goes to (`recordParams.mcuStorageParams.cloudStorage.vendor`). */
export const TencentStorageVendor = {
  /** Tencent Cloud Object Storage. */
  Cos: 0,
  /** Amazon Web Services (S3). */
  Aws: 1,
} as const;
export type TencentStorageVendor = (typeof TencentStorageVendor)[keyof typeof TencentStorageVendor];
