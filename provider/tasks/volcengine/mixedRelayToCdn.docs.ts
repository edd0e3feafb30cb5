import { adopt, DERIVED_NAME, NO_DEFAULT, REPLACES, VOLCENGINE_ID, VOLCENGINE_READ_WINDOW } from "../docs";

/**
 * What each input of a Volcengine mixed relay to CDN means (the Args' doc comments): facts from the
 * README's table and the vendor's model (provider/vendors/volcengine/types.json, MixedControl and
 * the types it names), in our words. In custom layout some inputs update in place (UPDATABLE in
 * mixedRelayToCdn.ts); every other change replaces the task.
 */
const IN_PLACE =
  "In custom layout (VolcengineLayoutMode.Custom) a change updates the running task in place; in any other layout it replaces the task.";

const crop = (edge: string, side: string) => `${edge} of the crop, as a fraction of the source frame's ${side}: [0, 1). Default 0.`;
const cropSize = (side: string) =>
  `${side} of the crop, as a fraction of the source frame's ${side.toLowerCase()}: (0, 1]. Default 1 (all of it).`;
const xyz = (what: string) => `${what}, as [x, y, z]: three whole numbers from -100 to 100. Default [0, 0, 0].`;
const direction = (what: string) => `${what}, as a vector [x, y, z] of three numbers; the vendor documents no range.`;

export const volcengineMixedRelayToCdnDocs: Readonly<Record<string, string>> = {
  adopt: adopt("appId, roomId and taskId", VOLCENGINE_READ_WINDOW),
  appId: `The Volcengine RTC app (AppId) whose room is mixed: ${VOLCENGINE_ID} ${REPLACES}`,
  roomId: `The room whose streams are mixed: ${VOLCENGINE_ID} ${REPLACES}`,
  taskId: `The task's id; appId, roomId and taskId name the task at Volcengine: ${VOLCENGINE_ID} ${DERIVED_NAME} ${REPLACES} A pinned taskId makes a replacement stop the old task before the new one starts.`,
  pushUrl:
    "The RTMP address the mix is pushed to: rtmp:// or rtmps:// (RTMP over TLS), with a host. Stored as a secret, since it usually carries the stream key. Changing it replaces the task; a replacement that keeps it stops the old task first.",
  businessId: `A business identifier (BusinessId) of your choosing that Volcengine keeps with the task: ${VOLCENGINE_ID} Left out: none. ${REPLACES}`,

  VolcengineStream: "A user's stream in the room: whose it is, which of the user's streams, and its index for custom-layout regions.",
  "VolcengineStream.userId": `The user who publishes the stream: ${VOLCENGINE_ID}`,
  "VolcengineStream.streamType":
    "Which of the user's streams: VolcengineStreamType.Camera (0, the default) or VolcengineStreamType.Screen (1).",
  "VolcengineStream.index":
    "A number naming the stream for layout.customLayout.regions[].streamIndex: a whole number from 0 to 1000 (ours; the vendor states no range), unique among the target streams. Needed in custom layout, where every target stream has a region.",

  targetStreams: `The streams to mix. Left out: every stream published in the room. ${IN_PLACE}`,
  "targetStreams.streamList":
    "The streams to mix: at most 17, or 30 in custom layout (VolcengineLayoutMode.Custom); their index values must be unique. Empty or left out: every stream published in the room.",
  excludeStreams: `Streams left out of the mix. Left out: none. ${REPLACES}`,
  "excludeStreams.streamList": "The streams to leave out; the vendor documents no limit.",

  layout: "How the mixed streams are arranged in the picture. Left out: the adaptive layout.",
  "layout.layoutMode": `The layout: VolcengineLayoutMode.Adaptive (0, the default), Vertical (1), Custom (2: each stream in a region of layout.customLayout) or SideBySide (3). Only a custom-layout task can change in place; in the other layouts every change replaces the task. ${REPLACES}`,
  "layout.mainVideoStream": `The main stream of the vertical layout (VolcengineLayoutMode.Vertical). ${NO_DEFAULT} ${REPLACES}`,
  "layout.customLayout": "The custom layout (VolcengineLayoutMode.Custom): the canvas, and a region for each target stream.",
  "layout.customLayout.canvas": "The picture the regions are placed on. Left out: 640 × 480 px, black.",
  "layout.customLayout.canvas.width": `Width of the mixed picture in custom layout, in pixels: an even number from 2 to 1920. Default 640. (Other layouts take encode.videoWidth.) ${REPLACES}`,
  "layout.customLayout.canvas.height": `Height of the mixed picture in custom layout, in pixels: an even number from 2 to 1920. Default 480. (Other layouts take encode.videoHeight.) ${REPLACES}`,
  "layout.customLayout.canvas.background": 'Background colour, as "#RRGGBB". Default "#000000" (black). Updates in place.',
  "layout.customLayout.canvas.backgroundImage":
    "URL of a JPG or PNG image stretched over the canvas; it covers the background colour. http(s)://, at most 1024 bytes. Left out: none. Updates in place.",
  "layout.customLayout.regions":
    "Where each stream appears: one region for every target stream, matched by streamIndex, each inside the canvas (640 × 480 unless the canvas says otherwise). Updates in place: the whole list is sent.",

  VolcengineRegion: "A stream's place in a custom layout, in pixels of the canvas.",
  "VolcengineRegion.streamIndex":
    "The index of the target stream this region shows (targetStreams.streamList[].index): a whole number from 0 to 1000 (ours).",
  "VolcengineRegion.width": "Width of the region, in pixels: from 1 up to the canvas width (1920 at most).",
  "VolcengineRegion.height": "Height of the region, in pixels: from 1 up to the canvas height (1920 at most).",
  "VolcengineRegion.locationX":
    "Distance of the region's left edge from the canvas's left edge, in pixels: from 0 to less than the canvas width. Default 0.",
  "VolcengineRegion.locationY":
    "Distance of the region's top edge from the canvas's top edge, in pixels: from 0 to less than the canvas height. Default 0.",
  "VolcengineRegion.zOrder": "Stacking order: 0 (bottom, the default) to 100 (top).",
  "VolcengineRegion.alpha": "Opacity: a fraction in (0, 1]. Default 1 (opaque).",
  "VolcengineRegion.renderMode":
    "How the stream fills the region: VolcengineRenderMode.Default (0, the default) and Stretch (3, which the vendor recommends) scale it to the region's size; Crop (1) covers the region, cutting off what overflows; Fit (2) fits it whole on the background colour.",
  "VolcengineRegion.alternateImage":
    "URL of a JPG or PNG shown in the region while the stream is not published: http(s)://, ours at most 1024 bytes (the vendor's limit is 1024 characters). Left out: none.",
  "VolcengineRegion.alternateImageFillMode":
    "How the alternate image fills the region: VolcengineAlternateImageFillMode.StreamAspect (0, the default) scales it to the stream's aspect ratio; ImageAspect (1) keeps its own.",
  "VolcengineRegion.cornerRadius":
    "Rounding of the region's corners, as a fraction of the canvas width: 0 to 1. Default 0 (square corners).",
  "VolcengineRegion.mediaType":
    "What this stream adds to the mix: VolcengineMediaType.AudioAndVideo (0, the default), AudioOnly (1) or VideoOnly (2).",
  "VolcengineRegion.applySpatialAudio": "Whether spatial audio applies to this stream. Default true.",
  "VolcengineRegion.spatialPosition": xyz("The user's position for spatial audio"),
  "VolcengineRegion.sourceCrop": "The part of the source frame the region shows, as fractions of the frame. Left out: the whole frame.",
  "VolcengineRegion.sourceCrop.locationX": crop("Left edge", "width"),
  "VolcengineRegion.sourceCrop.locationY": crop("Top edge", "height"),
  "VolcengineRegion.sourceCrop.widthProportion": cropSize("Width"),
  "VolcengineRegion.sourceCrop.heightProportion": cropSize("Height"),

  encode:
    "How the mix is encoded. In custom layout (VolcengineLayoutMode.Custom) a change updates the running task in place, except one to videoCodec or audioProfile; in any other layout every change replaces the task.",
  "encode.videoWidth":
    "Width of the output video in the adaptive, vertical and side-by-side layouts, in pixels: an even number from 2 to 1920. Default 640. Custom layout takes the canvas width.",
  "encode.videoHeight":
    "Height of the output video in the adaptive, vertical and side-by-side layouts, in pixels: an even number from 2 to 1920. Default 480. Custom layout takes the canvas height.",
  "encode.videoFps": "Frame rate, in frames per second: 1 to 60. Default 15.",
  "encode.videoBitrate": "Video bitrate, in kbps: 0 to 10000. Default 0, which lets the vendor choose one from the size and frame rate.",
  "encode.videoCodec": `Video codec: VolcengineVideoCodec.H264 (0, the default) or ByteVC1 (1). ${REPLACES}`,
  "encode.videoGop": "Key-frame interval (GOP), in seconds: 1 to 5. Default 4.",
  "encode.audioCodec": "Audio codec: VolcengineAudioCodec.AAC (0), the only one and the default.",
  "encode.audioProfile": `AAC profile: VolcengineAudioProfile.LC (0, the default), HEv1 (1) or HEv2 (2, stereo only: needs audioChannels 2). ${REPLACES}`,
  "encode.audioSampleRate": "Audio sample rate, in Hz: 32000, 44100 or 48000. Default 48000.",
  "encode.audioChannels": "Audio channels: 1 (mono) or 2 (stereo). Default 2.",
  "encode.audioBitrate": "Audio bitrate, in kbps: 32 to 192. Left out: derived from the profile, sample rate and channels.",

  control: "How the task runs: its idle timeout, what it pushes and when, its SEI and its spatial audio.",
  "control.maxIdleTime": `Seconds the task goes on with nobody publishing in the room before Volcengine ends it: 10 to 86400. Default 180. ${REPLACES}`,
  "control.mediaType": `What the task pushes: VolcengineMediaType.AudioAndVideo (0, the default) or AudioOnly (1). ${REPLACES}`,
  "control.frameInterpolationMode": `What fills the frames a stream does not deliver: VolcengineFrameInterpolationMode.RepeatLastFrame (0, the default) or Black (1). ${REPLACES}`,
  "control.pushStreamMode": `When pushing starts: VolcenginePushStreamMode.OnFirstPublish (0, the default) once someone publishes, or Immediately (1), with the idle timeout still counting. ${REPLACES}`,
  "control.seiConfig":
    "The SEI (supplemental enhancement information) the mix carries. userConfigExtraInfo updates in place in custom layout; any other change replaces the task.",
  "control.seiConfig.passthroughRtcSeiMessage": "Whether the SEI the publishers send passes into the mix. Default true.",
  "control.seiConfig.seiPayLoadType":
    "Payload type of the mixer's SEI: VolcengineSeiPayloadType.UserDataUnregistered (5, which needs seiPayloadUuid) or Custom (100, the default).",
  "control.seiConfig.seiPayloadUuid":
    "The UUID of payload type 5: 32 hexadecimal characters, without dashes. Required with seiPayLoadType 5; ignored with 100.",
  "control.seiConfig.userConfigExtraInfo":
    "Your own data (app_data) in the mixer's SEI: ours at most 4096 bytes (the vendor's limit is 4096 characters). Left out: none. Updates in place in custom layout.",
  "control.seiConfig.volumeIndicationMode":
    "Whether the SEI reports the users' volumes; frames other than key frames may then carry SEI too. Default false.",
  "control.seiConfig.volumeIndicationInterval":
    "How often volumes are reported, in seconds (not milliseconds; fractions allowed): at least 0.3. Default 2.",
  "control.seiConfig.addVolumeValue": "Whether the SEI carries each user's volume value. Default false.",
  "control.seiConfig.seiContentMode":
    "With volume indication on, what frames other than key frames carry: VolcengineSeiContentMode.Everything (0, the default) or VolumesAndTimestamp (1).",
  "control.spatialConfig": `Spatial audio for the mix. Left out: off. ${IN_PLACE}`,
  "control.spatialConfig.enableSpatialRender": "Whether the mix renders spatial audio. Default false.",
  "control.spatialConfig.audienceSpatialPosition": xyz("The listener's position"),
  "control.spatialConfig.audienceSpatialOrientation": `Which way the listener faces, as three direction vectors. ${NO_DEFAULT}`,
  "control.spatialConfig.audienceSpatialOrientation.forward": direction("The direction in front of the listener"),
  "control.spatialConfig.audienceSpatialOrientation.right": direction("The direction to the listener's right"),
  "control.spatialConfig.audienceSpatialOrientation.up": direction("The direction above the listener"),
};
