import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// Mixes the host of one room and a guest of another side by side into a public stream the audience
// pulls by its id. Layout, streams, bitrate and the data message update in place; the idle timeout
// and the codec can only be set at start, so changing them replaces the stream.
const config = new pulumi.Config();
const guestRoom = config.get("guestRoom") ?? "stage-2";

const lobby = new rtc.VolcenginePublicStream("lobby", {
  appId: config.get("appId") ?? "demo-app",
  targetStreams: [
    { roomId: config.get("hostRoom") ?? "stage-1", userId: "host", index: 0 },
    { roomId: guestRoom, userId: "guest", index: 1 },
  ],
  layout: {
    layoutMode: rtc.VolcengineLayoutMode.Custom,
    customLayout: {
      backgroundColor: config.get("background") ?? "#000000",
      regions: [
        { streamIndex: 0, widthProportion: 0.5, heightProportion: 1, locationX: 0, renderMode: rtc.VolcengineRenderMode.Stretch },
        { streamIndex: 1, widthProportion: 0.5, heightProportion: 1, locationX: 0.5, renderMode: rtc.VolcengineRenderMode.Stretch },
      ],
    },
  },
  encode: { videoConfig: { width: 1280, height: 720, frameRate: 30, bitrate: config.getNumber("bitrate") ?? 2000 } },
  control: { maxIdleTime: config.getNumber("maxIdleTime") ?? 300, dataMsg: config.get("dataMsg") },
});

export const publicStreamId = lobby.publicStreamId;
