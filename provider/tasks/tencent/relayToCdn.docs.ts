import { adoptUnavailable, DERIVED_NAME, NO_DEFAULT } from "../docs";

/**
 * What each input of a Tencent TRTC relay to CDN means (the Args' doc comments): facts from the
 * README's table, the vendor's model and its overlay (provider/vendors/tencent/), in our words.
 * Inputs are Tencent's fields in camelCase. UpdatePublishCdnStream is incremental (wire.ts,
 * `updatablePaths`): what it can change updates in place, and removing a field inside an updatable
 * input replaces the task, since an update cannot say "remove".
 */
const REPLACES = "Changing it replaces the task.";
const PIXELS = "in pixels: 0 to 10000 (ours; the vendor states no range)";
const Z_ORDER = "Stacking order: 0 to 100 (ours; the vendor states no range), higher on top. Default 0.";
const COLOR = 'as "0xRRGGBB"';
const IMAGE_URL = "http(s)://, at most 1024 bytes (ours)";
const ROOM_ID =
  'written as its roomIdType says: with TencentRoomIdType.Integer a whole number from 1 to 4294967294 ("1234"), with TencentRoomIdType.String at most 64 bytes';
const ROOM_ID_TYPE = "How the room's id is typed, as the room was created: TencentRoomIdType.Integer (0) or TencentRoomIdType.String (1).";
const RECORD_ONLY = "Only with uniRecord TencentUniRecord.Parameters.";
const SEI_INTERVAL = "How often the SEI is sent, in milliseconds: 1 to 86400000 (ours). Default 1000.";
const FOLLOW_IDR = "TencentSwitch.On (1) makes sure key frames carry the SEI; Off (0) is the default.";
const MOVES =
  "Whether it moves: TencentDynamicPosType.Fixed (0, the default), Random (1: a random place every second) or Bounce (2: moves every frame, bouncing off the edges).";
const mark = (what: string) => ({
  [`TencentWaterMark.${what}.waterMarkWidth`]: `Width of the watermark, ${PIXELS}. Required.`,
  [`TencentWaterMark.${what}.waterMarkHeight`]: `Height of the watermark, ${PIXELS}. Required.`,
  [`TencentWaterMark.${what}.locationX`]: `Distance of its left edge from the picture's left edge, ${PIXELS}. Required.`,
  [`TencentWaterMark.${what}.locationY`]: `Distance of its top edge from the picture's top edge, ${PIXELS}. Required.`,
  [`TencentWaterMark.${what}.zOrder`]: Z_ORDER,
  [`TencentWaterMark.${what}.dynamicPosType`]: MOVES,
});
const vod = (what: string) => `TencentRecordParams.mcuStorageParams.mcuCloudVod.mcuTencentVod.${what}`;
const cos = (what: string) => `TencentRecordParams.mcuStorageParams.cloudStorage.${what}`;

export const tencentRelayToCdnDocs: Readonly<Record<string, string>> = {
  adopt: adoptUnavailable("Tencent"),
  sdkAppId: `The TRTC application (SdkAppId) whose room is relayed: a whole number from 1 to 4294967295. ${REPLACES}`,
  roomId: `The room to relay, ${ROOM_ID}. ${REPLACES}`,
  roomIdType: `${ROOM_ID_TYPE} Required. ${REPLACES}`,
  agentUserId: `The UserId of the robot that joins the room and pushes (Tencent's AgentParams.UserId): 1 to 32 letters, digits, _ and -, used by no other user or robot in the room. ${DERIVED_NAME} ${REPLACES}`,
  agentParams: `The robot's UserSig and idle timeout. Stored as a secret (the UserSig is a password). ${REPLACES}`,
  "agentParams.userId": "Not accepted: the robot's UserId is the top-level agentUserId, auto-named when left out.",
  "agentParams.userSig": "The robot's UserSig, signed for agentUserId. Left out: none is sent (Tencent's type allows that).",
  "agentParams.maxIdleTime":
    "Seconds the relay goes on once every mixed anchor has left the room (or become audience) before Tencent ends it: 5 to 86400. Default 30.",
  withTranscoding:
    "TencentTranscoding.On (1) mixes and transcodes (billed; needed for mixing, video settings and watermarks); Off (0) relays one stream as it is (no transcoding fee; see singleSubscribeParams). Required. Updates in place.",

  audioParams:
    "The relay's audio: required, since the audio is always transcoded. The mixing lists update in place; a change to audioEncode replaces the task.",
  TencentAudioParams: "The relay's audio: how it is encoded, and whose audio is mixed.",
  "TencentAudioParams.audioEncode": `How the audio is encoded. Required. ${REPLACES}`,
  "TencentAudioParams.audioEncode.sampleRate":
    "Sample rate, in Hz: 48000, 44100, 32000, 24000, 16000 or 8000; the HE codecs need 16000 or more. Required.",
  "TencentAudioParams.audioEncode.channel": "Channels: 1 (mono) or 2 (stereo); HE-AAC v2 needs 2. Required.",
  "TencentAudioParams.audioEncode.bitRate": "Audio bitrate, in kbps: 8 to 500. Required.",
  "TencentAudioParams.audioEncode.codec":
    "Codec: TencentAudioCodec.LC (0, LC-AAC, the default), HE (1, HE-AAC) or HEv2 (2, HE-AAC v2: stereo only). The HE codecs need a sample rate of 16000 Hz or more.",
  "TencentAudioParams.subscribeAudioList":
    "Users whose audio is mixed; empty or left out: everyone's. Tencent wants both lists or neither, so when one is given the other is sent empty. Updates in place.",
  "TencentAudioParams.unSubscribeAudioList":
    "Users whose audio is never mixed; a user on both lists is left out. Left out: none. Updates in place; an empty list clears it.",
  TencentAudioUser: "A user a mixing list names, and the volume their audio is mixed at.",
  "TencentAudioUser.userInfo": "The user. Required.",
  "TencentAudioUser.soundLevel": "Volume the user's audio is mixed at: 0 to 100, where 100 (the default) is the volume they publish at.",
  TencentMixUserInfo: "A TRTC user, and their room when it is not the task's.",
  "TencentMixUserInfo.userId": "The user's TRTC UserId: 1 to 32 bytes.",
  "TencentMixUserInfo.roomId": "The user's room, written as roomIdType says. Left out: the task's room.",
  "TencentMixUserInfo.roomIdType": `${ROOM_ID_TYPE} Give it with roomId.`,

  videoParams:
    "The relay's video; leave it out for an audio-only relay. While transcoding it updates in place, but adding or removing it (a switch between audio-only and audio and video) replaces the task, as does removing a field inside it.",
  TencentVideoParams: "The relay's video: its encoding, layout, background and watermarks.",
  "TencentVideoParams.videoEncode": "How the video is encoded. Required.",
  "TencentVideoParams.videoEncode.width": "Width of the output, in pixels: 0 to 1920. Required.",
  "TencentVideoParams.videoEncode.height": "Height of the output, in pixels: 0 to 1920. Required.",
  "TencentVideoParams.videoEncode.fps": "Frame rate, in frames per second: 1 to 60. Required.",
  "TencentVideoParams.videoEncode.bitRate": "Video bitrate, in kbps: 1 to 10000. Required.",
  "TencentVideoParams.videoEncode.gop": "Key-frame interval (GOP), in seconds: 1 to 5. Required.",
  "TencentVideoParams.layoutParams": "How the mixed streams are laid out. Left out: the float layout.",
  "TencentVideoParams.layoutParams.mixLayoutMode":
    "The layout: TencentMixLayoutMode.Float (1, the default), ScreenShare (2), Grid (3) or Custom (4: each stream where mixLayoutList puts it).",
  "TencentVideoParams.layoutParams.pureAudioHoldPlaceMode":
    "In the float, screen-share and grid layouts, whether users who publish audio only take a place in the picture: TencentSwitch.Off (0, the default) or On (1).",
  "TencentVideoParams.layoutParams.mixLayoutList":
    "The places of the streams in the custom layout (TencentMixLayoutMode.Custom only): at most 16, each inside the output picture. Sent whole on update.",
  "TencentVideoParams.layoutParams.maxVideoUser": "The user shown in the large place of the float and screen-share layouts.",
  "TencentVideoParams.layoutParams.maxVideoUser.userMediaStream": "That user's stream. Required.",
  "TencentVideoParams.layoutParams.renderMode": `How streams fill their places in the float, screen-share and grid layouts: TencentRenderMode.Crop (0), Fit (1) or FitOnBlack (2). ${NO_DEFAULT}`,
  "TencentVideoParams.layoutParams.enableStreamSEI":
    "Whether the SEI of the mixed streams is kept in the float, screen-share and grid layouts: TencentSwitch.On (1, the default) or Off (0).",
  "TencentVideoParams.backGroundColor": `Background colour of the picture, ${COLOR}. ${NO_DEFAULT}`,
  "TencentVideoParams.backgroundImageUrl": `URL of a background image for the picture (png, jpg or jpeg, at most 2K and 5 MB); it covers backGroundColor. ${IMAGE_URL}. Left out: none.`,
  "TencentVideoParams.waterMarkList":
    "Watermarks laid over the picture. Sent whole on update: an empty list removes them in place. Left out: none.",
  "TencentVideoParams.backgroundRenderMode":
    "How the background image fills the picture: TencentBackgroundRenderMode.Crop (0), FitOnBlack (1) or Stretch (2, the default).",

  TencentMcuLayout: "One stream's place in the custom layout, in pixels of the output picture.",
  "TencentMcuLayout.userMediaStream": "The stream shown in this place.",
  "TencentMcuLayout.imageWidth": `Width of the place, ${PIXELS}; locationX + imageWidth at most videoEncode.width. Default 0.`,
  "TencentMcuLayout.imageHeight": `Height of the place, ${PIXELS}; locationY + imageHeight at most videoEncode.height. Default 0.`,
  "TencentMcuLayout.locationX": `Distance of its left edge from the picture's left edge, ${PIXELS}; locationX + imageWidth at most videoEncode.width. Default 0.`,
  "TencentMcuLayout.locationY": `Distance of its top edge from the picture's top edge, ${PIXELS}; locationY + imageHeight at most videoEncode.height. Default 0.`,
  "TencentMcuLayout.zOrder": Z_ORDER,
  "TencentMcuLayout.renderMode":
    "How the stream fills its place: TencentRenderMode.Crop (0, the default), Fit (1, on the background colour) or FitOnBlack (2).",
  "TencentMcuLayout.backGroundColor": `Background colour of the place, ${COLOR}; Tencent documents it as not applied.`,
  "TencentMcuLayout.backgroundImageUrl": `URL of an image shown behind the stream in this place: ${IMAGE_URL}. Left out: none.`,
  "TencentMcuLayout.customCrop": "The part of the source stream this place shows, in pixels of the source. Left out: all of it.",
  "TencentMcuLayout.customCrop.locationX": "Left edge of the crop, in pixels: 0 to 10000, with locationX + width at most 10000. Required.",
  "TencentMcuLayout.customCrop.locationY": "Top edge of the crop, in pixels: 0 to 10000, with locationY + height at most 10000. Required.",
  "TencentMcuLayout.customCrop.width": "Width of the crop, in pixels: 1 to 10000. Required.",
  "TencentMcuLayout.customCrop.height": "Height of the crop, in pixels: 1 to 10000. Required.",
  "TencentMcuLayout.backgroundRenderMode":
    "How the place's background image fills it: TencentLayoutBackgroundRenderMode.Crop (0), Fit (1), FitOnBlack (2), Stretch (3, the default) or Custom (4, which needs backgroundCustomRender).",
  "TencentMcuLayout.transparentUrl": `URL of a template image whose alpha channel becomes this place's transparency, for shapes such as rounded corners: ${IMAGE_URL}. Left out: none.`,
  "TencentMcuLayout.backgroundCustomRender":
    "Size and rounding of the background image, for backgroundRenderMode TencentLayoutBackgroundRenderMode.Custom, which requires it.",
  "TencentMcuLayout.backgroundCustomRender.width": "Width of the image, in pixels: 1 to 10000 (ours), at most the place's width. Required.",
  "TencentMcuLayout.backgroundCustomRender.height":
    "Height of the image, in pixels: 1 to 10000 (ours), at most the place's height. Required.",
  "TencentMcuLayout.backgroundCustomRender.radius": `Corner radius, ${PIXELS}, at most half the smaller side. Default 0.`,
  "TencentMcuLayout.backGroundColorMode":
    "Where the background colour shows when the picture is scaled: TencentBackgroundColorMode.None (0, the default), Placeholder (1), Upstream (2) or Both (3).",
  "TencentMcuLayout.enableStreamSEI": "Whether this stream's SEI is kept in the mix: TencentSwitch.On (1, the default) or Off (0).",
  TencentUserMediaStream: "A user's stream: whose it is, and which of their streams.",
  "TencentUserMediaStream.userInfo": `The user. ${NO_DEFAULT}`,
  "TencentUserMediaStream.streamType":
    "Which of the user's streams: TencentStreamType.Camera (0, the default) or TencentStreamType.Screen (1).",

  TencentWaterMark: "A watermark laid over the picture: an image or a text.",
  "TencentWaterMark.waterMarkType":
    "What the watermark is: TencentWaterMarkType.Image (0, the default; needs waterMarkImage) or Text (1; needs waterMarkText).",
  "TencentWaterMark.waterMarkImage": "An image watermark (TencentWaterMarkType.Image).",
  "TencentWaterMark.waterMarkImage.waterMarkUrl": `URL of the image: ${IMAGE_URL}. Required.`,
  ...mark("waterMarkImage"),
  "TencentWaterMark.waterMarkText": "A text watermark (TencentWaterMarkType.Text).",
  "TencentWaterMark.waterMarkText.text": "The text. Required, not empty.",
  ...mark("waterMarkText"),
  "TencentWaterMark.waterMarkText.fontSize": "Font size: 1 to 1000 (ours; the vendor states no range). Required.",
  "TencentWaterMark.waterMarkText.fontColor": `Colour of the text, ${COLOR}. ${NO_DEFAULT}`,
  "TencentWaterMark.waterMarkText.backGroundColor": `Colour behind the text, ${COLOR}. ${NO_DEFAULT}`,
  "TencentWaterMark.waterMarkText.font": 'The font: "Tencent" (the default) or "SourceHanSans".',

  singleSubscribeParams:
    "The one stream to relay without transcoding (withTranscoding TencentTranscoding.Off, which it needs). Left out: none. Updates in place.",
  "singleSubscribeParams.userMediaStream": "That stream. Required.",
  publishCdnParams:
    "Where to push: 1 to 10 distinct CDN addresses. Give this or feedBackRoomParams. Stored as a secret (the URLs carry stream keys). Updates in place, sent whole, so addresses can be added and removed; switching to feedBackRoomParams replaces the task.",
  TencentPublishCdnParam: "A CDN address the relay pushes to.",
  "TencentPublishCdnParam.publishCdnUrl":
    "The rtmp:// address (TRTC pushes over RTMP only). Changing it makes Tencent disconnect and push again. Required.",
  "TencentPublishCdnParam.isTencentCdn":
    "Whose CDN: TencentCdnType.Tencent (1) or ThirdParty (0: billed, and on the China site only after a support ticket). Required here, as Tencent advises stating it (its default is 1).",

  seiParams: "SEI the mixed stream carries. Left out: none. Updates in place; removing a field inside it replaces the task.",
  TencentSeiParams: "SEI the mixed stream carries: the layout and volumes, and a message of your own.",
  "TencentSeiParams.layoutVolume": "SEI with the layout and each mixed user's volume. Left out: none.",
  "TencentSeiParams.layoutVolume.appData": "Your own data added to that SEI: shorter than 4096 bytes. Left out: none.",
  "TencentSeiParams.layoutVolume.payloadType": "Its SEI payload type: 100 to 254, except 244 (TRTC's timestamp SEI). Default 100.",
  "TencentSeiParams.layoutVolume.interval": SEI_INTERVAL,
  "TencentSeiParams.layoutVolume.followIdr": FOLLOW_IDR,
  "TencentSeiParams.passThrough": "SEI with content of your own, passed through as it is. Left out: none.",
  "TencentSeiParams.passThrough.payloadContent": "The content. Required, not empty.",
  "TencentSeiParams.passThrough.payloadType":
    "Its SEI payload type: 5, or 100 to 254 except 244 (TRTC's timestamp SEI); 5 needs payloadUuid. Required.",
  "TencentSeiParams.passThrough.payloadUuid":
    "The UUID of payload type 5: 32 hexadecimal characters. Required with payloadType 5; ignored otherwise.",
  "TencentSeiParams.passThrough.interval": SEI_INTERVAL,
  "TencentSeiParams.passThrough.followIdr": FOLLOW_IDR,

  feedBackRoomParams:
    "Push the mix back into TRTC rooms instead of to CDNs: 1 to 10 rooms (needs TRTC SDK 10.4 or later). Give this or publishCdnParams. Stored as a secret (UserSigs). Updates in place; switching to publishCdnParams replaces the task.",
  TencentFeedBackRoom: "A TRTC room the relay pushes back into, and the user it pushes as.",
  "TencentFeedBackRoom.roomId": `The room, ${ROOM_ID}. Required.`,
  "TencentFeedBackRoom.roomIdType": `${ROOM_ID_TYPE} Required.`,
  "TencentFeedBackRoom.userId": "The UserId the mix is pushed as: 1 to 32 bytes. Required.",
  "TencentFeedBackRoom.userSig": "That user's UserSig. Required.",

  recordParams: `Recording of the relayed stream. Left out: none. Stored as a secret (storage keys). ${REPLACES}`,
  TencentRecordParams: "Recording of the relayed stream: whether, how, and where the files go.",
  "TencentRecordParams.uniRecord":
    "Whether and how to record: TencentUniRecord.Off (1), Template (2: the console's recording template) or Parameters (3: the fields below). Required: 0 or unset is undefined behaviour at Tencent.",
  "TencentRecordParams.recordKey":
    "Names the recording: 1 to 128 letters, digits, _ and -. A recording with a key ends only after its resume wait, so a relay started again with the key can continue it.",
  "TencentRecordParams.recordWaitTime": `Seconds a recording waits for the stream to come back before it ends (the resume wait): 5 to 86400. Default 30. ${RECORD_ONLY}`,
  "TencentRecordParams.recordFormat": `File formats: one or more of "hls", "mp4" and "aac", never both "mp4" and "aac". Default ["mp4"]. ${RECORD_ONLY}`,
  "TencentRecordParams.maxMediaFileDuration": `Longest file, in minutes, before a new one starts: 1 to 1440, for mp4 and aac. Default 1440. ${RECORD_ONLY}`,
  "TencentRecordParams.streamType": `What is recorded: TencentRecordStreamType.AudioAndVideo (0), AudioOnly (1) or VideoOnly (2). ${NO_DEFAULT} ${RECORD_ONLY}`,
  "TencentRecordParams.userDefineRecordPrefix":
    "A prefix for the files' names, for VOD storage: 1 to 64 letters, digits, _ and -. Left out: none.",
  "TencentRecordParams.mcuStorageParams": `Where the files go: exactly one of cloudStorage and mcuCloudVod. ${RECORD_ONLY}`,
  "TencentRecordParams.mcuStorageParams.cloudStorage": "A cloud storage bucket (Tencent COS or AWS S3).",
  [cos("vendor")]: "Whose storage: TencentStorageVendor.Cos (0, Tencent COS) or Aws (1, AWS). Required.",
  [cos("region")]: "The bucket's region. Required, not empty.",
  [cos("bucket")]: "The bucket's name. Required, not empty.",
  [cos("accessKey")]: "The access key id for the bucket. Required, not empty.",
  [cos("secretKey")]: "The secret key for the bucket. Required, not empty.",
  [cos("fileNamePrefix")]:
    "The path the files go under in the bucket, one entry per folder: each letters, digits, _ and -. Left out: none.",
  "TencentRecordParams.mcuStorageParams.mcuCloudVod": "Tencent Cloud VOD as the storage.",
  "TencentRecordParams.mcuStorageParams.mcuCloudVod.mcuTencentVod": "The VOD settings.",
  [vod("procedure")]: "A VOD task flow to run on the files once uploaded. Left out: none.",
  [vod("expireTime")]: `How long VOD keeps the files, in seconds: 0 or more, where 0 keeps them for good. ${NO_DEFAULT}`,
  [vod("storageRegion")]: `The VOD storage region. ${NO_DEFAULT}`,
  [vod("classId")]: "The VOD category of the files: a whole number, 0 or more. Default 0.",
  [vod("subAppId")]: "The VOD sub-application: a whole number, 0 or more. Left out: the main application.",
  [vod("sessionContext")]: "Text VOD passes back in the callbacks of the task flow. Left out: none.",
  [vod("sourceContext")]: "Text VOD passes back in the upload callback. Left out: none.",
};
