import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// The demo stack (the root Pulumi.yaml): a live event whose main mix goes to a CDN. `npm run demo`
// runs it against the emulator; pointed at real credentials it starts real streams.
const config = new pulumi.Config();

const mix = new rtc.VolcengineMixedRelayToCdn("main-mix", {
  appId: config.get("appId") ?? "demo-app",
  roomId: config.get("roomId") ?? "keynote",
  pushUrl: config.requireSecret("pushUrl"),
  targetStreams: {
    streamList: [
      { userId: "speaker", index: 0 },
      { userId: "slides", index: 1, streamType: 1 },
    ],
  },
  layout: {
    layoutMode: 2,
    customLayout: {
      canvas: { width: 1920, height: 1080, background: config.get("background") ?? "#101010" },
      regions: [
        { streamIndex: 1, width: 1440, height: 1080, locationX: 0, locationY: 0, renderMode: 3 },
        { streamIndex: 0, width: 480, height: 270, locationX: 1440, locationY: 0, renderMode: 3, zOrder: 1 },
      ],
    },
  },
  encode: { videoWidth: 1920, videoHeight: 1080, videoFps: 30, videoBitrate: 4000 },
});

export const mainMixTaskId = mix.taskId;
