import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// The three kinds Volcengine reads back, each declaring little and leaving the rest to the vendor's
// defaults: a refresh right after `pulumi up` finds nothing to change, and one after a change made
// in the vendor's console (or by another tool) shows it as drift, which the next `pulumi up` undoes.
const config = new pulumi.Config();
const pushUrl = (name: string) =>
  pulumi.interpolate`${config.requireSecret("pushBase")}/${name}?txSecret=${config.requireSecret("streamKey")}`;

const mix = new rtc.VolcengineMixedRelayToCdn("stage-mix", {
  appId: "drift-app",
  roomId: "stage",
  pushUrl: pushUrl("mix"),
  targetStreams: { streamList: [{ userId: "host", index: 0 }] },
  layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 640, height: 480 }] } },
});

const guest = new rtc.VolcengineSingleRelayToCdn("guest-relay", {
  appId: "drift-app",
  roomId: "stage",
  pushUrl: pushUrl("guest"),
  stream: { userId: "guest" },
});

const slides = new rtc.VolcengineWebcast("slides", {
  appId: "drift-app",
  roomId: "stage",
  sourceUrl: pulumi.interpolate`https://slides.example.com/deck?token=${config.requireSecret("streamKey")}`,
});

export const mixStatus = mix.taskStatus;
export const mixPush = mix.pushStatus;
export const guestTask = guest.taskId;
export const slidesSince = slides.taskStartTime;
