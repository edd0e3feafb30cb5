import { adoptUnavailable, DERIVED_NAME, NO_DEFAULT, VOLCENGINE_ID } from "../docs";

/**
 * What each input of a Volcengine public stream means (the Args' doc comments): facts from the
 * README's table and the vendor's model (StartPushPublicStreamRequest and the types it names), in our
 * words. UpdatePublicStreamParam changes everything in place but the ids, control.maxIdleTime and
 * encode.videoConfig.videoCodec; viewers stay connected through an update.
 */
const REPLACES = "Changing it replaces the stream.";
const IN_PLACE = "Updates in place.";

const fraction = (what: string, range: string, dflt: string) => `${what}, as a fraction of the canvas: ${range}.${dflt}`;
const crop = (edge: string, side: string) => `${edge} of the crop, as a fraction of the source frame's ${side}: [0, 1). Default 0.`;
const cropSize = (side: string) =>
  `${side} of the crop, as a fraction of the source frame's ${side.toLowerCase()}: (0, 1]. Default 1 (all of it).`;
const interval = (what: string) => `How often ${what} are reported, in milliseconds: 1000 to 2147483647. Default 2000.`;

export const volcenginePublicStreamDocs: Readonly<Record<string, string>> = {
  adopt: adoptUnavailable("Volcengine"),
  appId: `The Volcengine RTC app (AppId) the rooms belong to: ${VOLCENGINE_ID} ${REPLACES}`,
  publicStreamId: `The public stream's id, by which the audience pulls it (there is no room or task id): ${VOLCENGINE_ID} ${DERIVED_NAME} ${REPLACES} A replacement of an auto-named stream starts first under a new id, so players must switch to it (export it); a pinned id stops the old stream first.`,
  businessId: `A business identifier (BusinessId) of your choosing that Volcengine keeps with the stream: ${VOLCENGINE_ID} Left out: none. ${IN_PLACE}`,

  VolcenginePublicStreamSource:
    "A stream from a room: its room, its user (or the whole room), which of the user's streams, what it adds, and its index for custom-layout regions.",
  "VolcenginePublicStreamSource.roomId": `The room the stream is published in: ${VOLCENGINE_ID}`,
  "VolcenginePublicStreamSource.userId": `The user who publishes the stream: ${VOLCENGINE_ID} Empty or left out: every stream in the room. A user may not appear under two rooms.`,
  "VolcenginePublicStreamSource.streamType":
    "Which of the user's streams: VolcengineStreamType.Camera (0, the default) or VolcengineStreamType.Screen (1).",
  "VolcenginePublicStreamSource.mediaType":
    "What the stream adds: VolcengineMediaType.AudioAndVideo (0, the default), AudioOnly (1) or VideoOnly (2).",
  "VolcenginePublicStreamSource.index":
    "A number naming the stream for layout.customLayout.regions[].streamIndex: a whole number from 0 to 2147483647 (ours), unique among the targets. Required on every target in custom layout.",

  targetStreams: `The streams to mix, from one or more rooms: 1 to 17. With remux (VolcengineTranscodeMode.Remux), exactly one, with a userId. ${IN_PLACE}`,
  excludeStreams: `Streams left out of the mix: at most 17, none repeating a target; none with remux. Left out: none. ${IN_PLACE}`,
  transcodeMode: `VolcengineTranscodeMode.Transcode (0, the default) mixes and encodes the targets; Remux (1) passes one target stream through as it is, and the vendor then ignores layout and encode.videoConfig. ${IN_PLACE}`,

  layout: `How the mixed streams are arranged. ${NO_DEFAULT} ${IN_PLACE}`,
  "layout.layoutMode":
    "The layout, required: VolcengineLayoutMode.Adaptive (0), Vertical (1), Custom (2: needs layout.customLayout and an index on every target) or SideBySide (3).",
  "layout.verticalLayout": "Settings of the vertical layout (VolcengineLayoutMode.Vertical).",
  "layout.verticalLayout.mainStream": `The main stream of the vertical layout. ${NO_DEFAULT}`,
  "layout.customLayout":
    "The custom layout (VolcengineLayoutMode.Custom, which requires it): a region for each target stream, and the background.",
  "layout.customLayout.regions": "Where each stream appears: one region for every target stream, matched by streamIndex. Required.",
  "layout.customLayout.backgroundColor": 'Background colour, as "#RRGGBB". Default "#000000" (black).',
  "layout.customLayout.backgroundImage":
    "URL of a JPG or PNG background image; it covers the background colour. http(s)://, at most 1024 bytes. Left out: none.",
  "layout.customLayout.frameInterpolationMode":
    "What fills the frames a stream does not deliver: VolcengineFrameInterpolationMode.RepeatLastFrame (0, the default) or Black (1).",

  VolcenginePublicStreamRegion: "A stream's place in a custom layout, as fractions of the canvas (not pixels, as in the mixed relay).",
  "VolcenginePublicStreamRegion.streamIndex":
    "The index of the target stream this region shows (targetStreams[].index): a whole number from 0 to 2147483647 (ours).",
  "VolcenginePublicStreamRegion.widthProportion": fraction("Width of the region", "(0, 1]", " Required."),
  "VolcenginePublicStreamRegion.heightProportion": fraction("Height of the region", "(0, 1]", " Required."),
  "VolcenginePublicStreamRegion.locationX": fraction(
    "Distance of the region's left edge from the canvas's left edge",
    "[0, 1)",
    " Default 0.",
  ),
  "VolcenginePublicStreamRegion.locationY": fraction(
    "Distance of the region's top edge from the canvas's top edge",
    "[0, 1)",
    " Default 0.",
  ),
  "VolcenginePublicStreamRegion.zOrder": "Stacking order: 0 (bottom, the default) to 100 (top).",
  "VolcenginePublicStreamRegion.alpha": "Opacity: a fraction in (0, 1]. Default 1 (opaque).",
  "VolcenginePublicStreamRegion.renderMode":
    "How the stream fills the region: VolcengineRenderMode.Default (0, the default) and Stretch (3, which the vendor recommends) scale it to the region's size; Crop (1) covers the region, cutting off what overflows; Fit (2) fits it whole on the background colour.",
  "VolcenginePublicStreamRegion.alternateImage":
    "URL of an image shown in the region while the stream is not published: ours http(s)://, at most 1024 bytes (the vendor documents no limit). Left out: none.",
  "VolcenginePublicStreamRegion.sourceCrop":
    "The part of the source frame the region shows, as fractions of the frame. Left out: the whole frame.",
  "VolcenginePublicStreamRegion.sourceCrop.locationX": crop("Left edge", "width"),
  "VolcenginePublicStreamRegion.sourceCrop.locationY": crop("Top edge", "height"),
  "VolcenginePublicStreamRegion.sourceCrop.widthProportion": cropSize("Width"),
  "VolcenginePublicStreamRegion.sourceCrop.heightProportion": cropSize("Height"),

  encode: "How the stream is encoded. Everything but videoConfig.videoCodec updates in place.",
  "encode.videoConfig": "The video settings; ignored with remux. Left out: the defaults below.",
  "encode.videoConfig.width": "Width of the video, in pixels: an even number from 16 to 1920. Default 640.",
  "encode.videoConfig.height": "Height of the video, in pixels: an even number from 16 to 1920. Default 480.",
  "encode.videoConfig.frameRate": "Frame rate, in frames per second: 1 to 60. Default 15.",
  "encode.videoConfig.bitrate": "Video bitrate, in kbps: 0 to 10000. Default 0, which lets the vendor choose.",
  "encode.videoConfig.videoCodec": `Video codec: VolcengineVideoCodec.H264 (0, the default) or VP8 (5, only once the vendor has enabled it for the app). ${REPLACES}`,

  control:
    "How the stream runs and what it reports. Everything but maxIdleTime updates in place; an update sends the whole state, since the vendor resets what it leaves out.",
  "control.maxIdleTime": `Seconds the stream goes on with nobody publishing before Volcengine ends it: 10 to 86400. Default 180. Applied at start only: ${REPLACES.toLowerCase()}`,
  "control.dataMsg":
    "A message put into the next video frames each time it changes: at most 4096 bytes. The vendor takes it from updates only, so one declared at creation is not sent: change it to send it. An unrelated update never sends it again.",
  "control.volumeIndicationMode": "Whether the stream reports the users' volumes. Default false.",
  "control.volumeIndicationInterval":
    "How often volumes are reported, in milliseconds (not seconds, unlike the mixed relay): 100 to 2147483647 (ours); 100 needs more than 10 fps. Default 2000.",
  "control.streamPublishStatsMode": "Whether statistics of the published streams are reported, for audio-only streams. Default false.",
  "control.streamPublishStatsInterval": interval("publish statistics"),
  "control.userCaptureStatsMode": "Whether statistics of the users' capture are reported, for audio-only streams. Default false.",
  "control.userCaptureStatsInterval": interval("capture statistics"),
};
