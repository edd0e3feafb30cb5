import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// A live event with one mixed relay per stage. Each stage's settings come from stack config, so a pull
// request that edits Pulumi.<stack>.yaml can, in one preview, start a stream, change one in place,
// replace one (handing over or going dark) and stop one: what `rtc-tasks preview-report` explains.
const config = new pulumi.Config();
const appId = config.get("appId") ?? "pr-app";

interface Stage {
  room: string;
  /** Secret: CDN push URLs carry the stream key. */
  pushUrl: pulumi.Input<string>;
  background?: string;
  maxIdleTime?: number;
}

function stage(name: string, s: Stage, opts?: pulumi.CustomResourceOptions): rtc.VolcengineMixedRelayToCdn {
  return new rtc.VolcengineMixedRelayToCdn(
    name,
    {
      appId,
      roomId: s.room,
      pushUrl: s.pushUrl,
      targetStreams: {
        streamList: [
          { userId: "host", index: 0 },
          { userId: "guest", index: 1 },
        ],
      },
      layout: {
        layoutMode: rtc.VolcengineLayoutMode.Custom, // the only layout Volcengine can update in place
        customLayout: {
          canvas: { width: 1280, height: 720, background: s.background ?? "#000000" },
          regions: [
            { streamIndex: 0, width: 640, height: 720, locationX: 0, locationY: 0 },
            { streamIndex: 1, width: 640, height: 720, locationX: 640, locationY: 0 },
          ],
        },
      },
      encode: { videoWidth: 1280, videoHeight: 720, videoFps: 30, videoBitrate: 2500 },
      control: { maxIdleTime: s.maxIdleTime ?? 300 },
    },
    opts,
  );
}

// Untouched by the pull request: keeps streaming.
const lobby = stage("lobby", { room: "lobby", pushUrl: config.requireSecret("lobbyPushUrl") });
// Canvas background: updates the running task in place.
const main = stage("main-stage", { room: "main", pushUrl: config.requireSecret("mainPushUrl"), background: config.get("mainBackground") });
// A new push URL: the new task starts before the old one stops (they push to different URLs).
const side = stage("side-stage", { room: "side", pushUrl: config.requireSecret("sidePushUrl") });
// maxIdleTime cannot change in place; with the same push URL the old task must stop first.
const backstage = stage("backstage", {
  room: "backstage",
  pushUrl: config.requireSecret("backstagePushUrl"),
  maxIdleTime: config.getNumber("backstageMaxIdleTime"),
});

// Optional stages: turning one off stops its stream, turning one on starts it.
const optional: Record<string, rtc.VolcengineMixedRelayToCdn> = {};
if (config.getBoolean("afterParty") ?? true) {
  optional.afterParty = stage("after-party", { room: "after-party", pushUrl: config.requireSecret("afterPartyPushUrl") });
}
if (config.getBoolean("overflow") ?? false) {
  // Grouped under a component, so the preview also has a non-task resource to create.
  const room = new pulumi.ComponentResource("preview-report:index:OverflowRoom", "overflow-room");
  optional.overflow = stage("overflow", { room: "overflow", pushUrl: config.requireSecret("overflowPushUrl") }, { parent: room });
}

/** Not a stream: a run sheet kept beside the tasks, so the report has a non-task change to summarise. */
const runSheetProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "run-sheet", outs: inputs };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
};
class RunSheet extends pulumi.dynamic.Resource {
  constructor(name: string, notes: string) {
    super(runSheetProvider, name, { notes }, undefined, "preview-report", "RunSheet");
  }
}
new RunSheet("run-sheet", config.get("runSheet") ?? "doors at 18:00");

export const taskIds = pulumi.all({
  lobby: lobby.taskId,
  main: main.taskId,
  side: side.taskId,
  backstage: backstage.taskId,
  ...Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, v.taskId])),
});
