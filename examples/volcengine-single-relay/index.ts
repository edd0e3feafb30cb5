import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// Relays the host's camera, untouched, to a CDN. The vendor cannot change a running single-stream
// relay, so any change here replaces the task: `pulumi preview` says so before anything stops.
const config = new pulumi.Config();

const relay = new rtc.VolcengineSingleRelayToCdn("host-feed", {
  appId: config.get("appId") ?? "demo-app",
  roomId: config.get("roomId") ?? "stage-1",
  // The push URL carries the CDN stream key: keep it a secret (`pulumi config set --secret pushUrl ...`).
  pushUrl: config.requireSecret("pushUrl"),
  stream: { userId: config.get("userId") ?? "host", streamType: rtc.VolcengineStreamType.Camera },
  control: {
    maxIdleTime: config.getNumber("maxIdleTime") ?? 300,
    mediaType: config.getNumber("mediaType") ?? rtc.VolcengineMediaType.AudioAndVideo,
  },
});

export const taskId = relay.taskId;
export const roomId = relay.roomId;
