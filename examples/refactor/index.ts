import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// One task of every kind, each auto-named (no task id, public stream id, robot or page user given),
// placed by stack config so that a test can refactor the program the way people do: rename a
// resource, move it into a component, or both. Each move carries `aliases` naming where the
// resources were, so Pulumi knows them as the same resources: nothing may start or stop.
//
//   suffix   appended to every resource name ("" at first, "-renamed" after a rename)
//   parent   "root" (no component), "stage" or "backstage": the component that holds the tasks
//   aliases  JSON list of {suffix, parent} the resources had before
// and, for replacements the engine makes without asking the provider:
//   bitrate              video bitrate of the mix, the public stream and the relay (changes in place)
//   replaceOnChanges     JSON list of properties whose change must replace every task
//   deleteBeforeReplace  true or false, set on every task; unset leaves the order to the provider
// and, for tasks Pulumi lets go of:
//   retainOnDelete       true: removing a task from the program leaves it running
//   omit                 JSON list of the tasks ("mix", "single", "slides", "lobby", "relay", "rule") to leave out
const config = new pulumi.Config();
type Place = { suffix: string; parent: string };
const here: Place = { suffix: config.get("suffix") ?? "", parent: config.get("parent") ?? "root" };
const before = config.getObject<Place[]>("aliases") ?? [];

class Stage extends pulumi.ComponentResource {
  constructor(name: string) {
    super("refactor:index:Stage", name);
  }
}
// Declared whether or not they hold tasks, so moving tasks into one creates nothing.
const components: Record<string, pulumi.Resource> = { stage: new Stage("stage"), backstage: new Stage("backstage") };
const parentOf = (p: string): pulumi.Resource | undefined => {
  if (p === "root") return undefined;
  const c = components[p];
  if (!c) throw new Error(`refactor: unknown parent ${p}; known: root, ${Object.keys(components).join(", ")}`);
  return c;
};

/** Options that place a task here and name every place it had before. */
const replaceOnChanges = config.getObject<string[]>("replaceOnChanges");
const deleteBeforeReplace = config.getBoolean("deleteBeforeReplace");
const bitrate = config.getNumber("bitrate") ?? 2000;
const retainOnDelete = config.getBoolean("retainOnDelete");
const omit = new Set(config.getObject<string[]>("omit") ?? []);
function placed(base: string): pulumi.CustomResourceOptions {
  return {
    parent: parentOf(here.parent),
    replaceOnChanges,
    deleteBeforeReplace,
    retainOnDelete,
    aliases: before.map((b) => ({ name: `${base}${b.suffix}`, parent: parentOf(b.parent) ?? pulumi.rootStackResource })),
  };
}
const name = (base: string) => `${base}${here.suffix}`;
const pushUrl = (n: string) =>
  config.getSecret(`${n}PushUrl`) ?? pulumi.secret(`rtmp://push.example.com/live/${n}?txSecret=refactor-key-${n}`);

/** Declares a task unless config leaves it out. */
const declare = <T>(base: string, make: () => T): T | undefined => (omit.has(base) ? undefined : make());

const mix = declare(
  "mix",
  () =>
    new rtc.VolcengineMixedRelayToCdn(
      name("mix"),
      {
        appId: "refactor-app",
        roomId: "main",
        pushUrl: pushUrl("mix"),
        targetStreams: { streamList: [{ userId: "host", index: 0 }] },
        layout: {
          layoutMode: rtc.VolcengineLayoutMode.Custom,
          customLayout: { canvas: { width: 1280, height: 720 }, regions: [{ streamIndex: 0, width: 1280, height: 720 }] },
        },
        encode: { videoBitrate: bitrate },
      },
      placed("mix"),
    ),
);
const single = declare(
  "single",
  () =>
    new rtc.VolcengineSingleRelayToCdn(
      name("single"),
      {
        appId: "refactor-app",
        roomId: "main",
        pushUrl: pushUrl("single"),
        stream: { userId: "guest" },
      },
      placed("single"),
    ),
);
const webcast = declare(
  "slides",
  () =>
    new rtc.VolcengineWebcast(
      name("slides"),
      {
        appId: "refactor-app",
        roomId: "main",
        sourceUrl: pulumi.secret("https://slides.example.com/deck?token=refactor-page-token"),
      },
      placed("slides"),
    ),
);
const lobby = declare(
  "lobby",
  () =>
    new rtc.VolcenginePublicStream(
      name("lobby"),
      {
        appId: "refactor-app",
        targetStreams: [{ roomId: "main", userId: "host", index: 0 }],
        encode: { videoConfig: { bitrate } },
      },
      placed("lobby"),
    ),
);
const relay = declare(
  "relay",
  () =>
    new rtc.TencentRelayToCdn(
      name("relay"),
      {
        sdkAppId: 1400000001,
        roomId: "main",
        roomIdType: rtc.TencentRoomIdType.String,
        withTranscoding: rtc.TencentTranscoding.On,
        audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
        videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: bitrate, gop: 2 } },
        publishCdnParams: [{ publishCdnUrl: pushUrl("relay"), isTencentCdn: rtc.TencentCdnType.Tencent }],
      },
      placed("relay"),
    ),
);
const rule = declare(
  "rule",
  () => new rtc.ZegoCdnTransferRule(name("rule"), { streamId: "main", cdnUrl: pushUrl("rule") }, placed("rule")),
);

// The identities the vendors know the tasks by: a refactor must leave every one as it was.
export const identities = {
  mix: mix?.taskId,
  single: single?.taskId,
  slides: webcast && pulumi.all([webcast.taskId, webcast.userId]).apply(([t, u]) => `${t} as ${u}`),
  lobby: lobby?.publicStreamId,
  relay: relay && pulumi.all([relay.taskId, relay.agentUserId]).apply(([t, u]) => `${t} as ${u}`),
  rule: rule?.id,
};
