import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// Publishes a slide deck page into the room as the user `webcast_slides` (the default for a
// resource named "slides"). The vendor cannot change a running webcast: any change replaces it,
// and since one user cannot be in the room twice, the old page stops before the new one starts.
const config = new pulumi.Config();

const slides = new rtc.VolcengineWebcast("slides", {
  appId: config.get("appId") ?? "demo-app",
  roomId: config.get("roomId") ?? "stage-1",
  userId: config.get("userId"),
  // The page URL carries a viewer token in its query string: keep it a secret.
  sourceUrl: config.requireSecret("sourceUrl"),
  maxRunningTime: config.getNumber("maxRunningTime") ?? 3600,
  videoSolutions: [{ width: 1280, height: 720, frameRate: config.getNumber("frameRate") ?? 15 }],
  monitorConfig: { freezeCheckInterval: 10 },
});

export const taskId = slides.taskId;
export const userId = slides.userId;
