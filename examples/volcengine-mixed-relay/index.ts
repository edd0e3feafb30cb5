import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// Mixes the host and a guest side by side and pushes the result to a CDN. Every value a person would
// tune between shows is stack config, so changing one is `pulumi config set` and `pulumi up`.
const config = new pulumi.Config();
const guestWidth = config.getNumber("guestWidth") ?? 640;

const relay = new rtc.VolcengineMixedRelayToCdn("stage-mix", {
  appId: config.get("appId") ?? "demo-app",
  roomId: config.get("roomId") ?? "stage-1",
  // The push URL carries the CDN stream key: keep it a secret (`pulumi config set --secret pushUrl ...`).
  pushUrl: config.requireSecret("pushUrl"),
  targetStreams: {
    streamList: [
      { userId: "host", index: 0 },
      { userId: "guest", index: 1 },
    ],
  },
  layout: {
    layoutMode: config.getNumber("layoutMode") ?? rtc.VolcengineLayoutMode.Custom,
    customLayout: {
      canvas: { width: 1280, height: 720, background: config.get("background") ?? "#000000" },
      regions: [
        { streamIndex: 0, width: 640, height: 720, locationX: 0, locationY: 0, renderMode: rtc.VolcengineRenderMode.Stretch },
        { streamIndex: 1, width: guestWidth, height: 720, locationX: 640, locationY: 0, renderMode: rtc.VolcengineRenderMode.Stretch },
      ],
    },
  },
  encode: { videoWidth: 1280, videoHeight: 720, videoFps: 30, videoBitrate: config.getNumber("videoBitrate") ?? 2500 },
  control: { maxIdleTime: config.getNumber("maxIdleTime") ?? 300 },
});

export const taskId = relay.taskId;
export const roomId = relay.roomId;
