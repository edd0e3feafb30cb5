import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// The demo stack (the root Pulumi.yaml): a product launch streamed through three vendors. Every value
// the event team changes between shows is stack config, so a pull request that edits the stack's
// config file is the change `npm run demo` previews and applies. Pointed at real credentials it
// starts real streams.
const config = new pulumi.Config();
const appId = config.get("appId") ?? "launch-app";

// Volcengine RTC: the main stage, the speaker beside the slides, mixed and pushed to the CDN. A new
// push URL replaces the task, and the new one starts before the old one stops: the stream hands over.
const mainStage = new rtc.VolcengineMixedRelayToCdn("main-stage", {
  appId,
  roomId: "main-stage",
  pushUrl: config.requireSecret("mainPushUrl"),
  targetStreams: {
    streamList: [
      { userId: "speaker", index: 0 },
      { userId: "webcast_slides", index: 1 },
    ],
  },
  layout: {
    layoutMode: 2,
    customLayout: {
      canvas: { width: 1920, height: 1080, background: "#101010" },
      regions: [
        { streamIndex: 1, width: 1440, height: 1080, locationX: 0, locationY: 0, renderMode: 3 },
        { streamIndex: 0, width: 480, height: 270, locationX: 1440, locationY: 0, renderMode: 3, zOrder: 1 },
      ],
    },
  },
  encode: { videoWidth: 1920, videoHeight: 1080, videoFps: 30, videoBitrate: 4000 },
});

// Volcengine RTC: the slide deck, a web page published into the main stage as `webcast_slides`. A new
// deck replaces it; one user cannot be in the room twice, so the old page stops first.
const slides = new rtc.VolcengineWebcast("slides", {
  appId,
  roomId: "main-stage",
  sourceUrl: config.requireSecret("slidesUrl"),
  maxRunningTime: 4 * 3600,
  videoSolutions: [{ width: 1920, height: 1080, frameRate: 15 }],
});

// Tencent Cloud TRTC: the side room, mixed into a grid and pushed to the CDN. Tencent changes a
// running relay's video settings in place.
const sideRoom = new rtc.TencentRelayToCdn("side-room", {
  sdkAppId: 1400000001,
  roomId: "side-room",
  roomIdType: 1,
  agentParams: { maxIdleTime: 300 },
  withTranscoding: 1,
  audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
  videoParams: {
    videoEncode: { width: 1280, height: 720, fps: 30, bitRate: config.getNumber("sideVideoBitRate") ?? 2000, gop: 2 },
    layoutParams: { mixLayoutMode: 3 },
  },
  publishCdnParams: [{ publishCdnUrl: config.requireSecret("sidePushUrl"), isTencentCdn: 1 }],
});

// ZEGO: a remote guest's stream relayed to the CDN while the guest is on air.
const guest =
  (config.getBoolean("guestOnAir") ?? true)
    ? new rtc.ZegoCdnTransferRule("guest", { streamId: "guest-1", cdnUrl: config.requireSecret("guestCdnUrl") })
    : undefined;

export const mainStageTaskId = mainStage.taskId;
export const slidesUser = slides.userId;
export const sideRoomTaskId = sideRoom.taskId;
export const guestRule = guest?.id ?? "off air";
