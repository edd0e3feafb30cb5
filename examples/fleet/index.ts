import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// A fleet of tasks: `counts` maps a kind to how many to run, e.g. {"VolcengineMixedRelayToCdn": 100}.
// Each kind spreads its tasks over rooms the way a large event does. Push URLs are secrets.
// Three knobs change every task at once, each in one way:
// - `inPlace`: settings the vendors change on a running task (kinds without an update call keep theirs);
// - `stopFirst`: settings that replace tasks which clash with their replacement (same push URL, same
//   webcast user), so the old one stops first;
// - `pushVersion`: new push addresses, so each replacement starts before the old task stops.
const config = new pulumi.Config();
const counts = config.requireObject<Record<string, number>>("counts");
const inPlace = config.get("inPlace") ?? "1";
const stopFirst = config.get("stopFirst") ?? "1";
const pushVersion = config.get("pushVersion") ?? "1";
const pushUrl = (kind: string, i: number) =>
  pulumi.secret(`rtmp://push.example.com/live/${kind}-${i}-v${pushVersion}?txSecret=fleet-key-${i}`);
const room = (i: number) => `hall-${Math.floor(i / 10)}`;
const pick = <T>(knob: string, first: T, other: T): T => (knob === "1" ? first : other);

type Make = (i: number) => pulumi.CustomResource;
const makers: Record<string, Make> = {
  VolcengineMixedRelayToCdn: (i) =>
    new rtc.VolcengineMixedRelayToCdn(`mix-${i}`, {
      appId: "fleet-app",
      roomId: room(i),
      pushUrl: pushUrl("mix", i),
      layout: {
        layoutMode: rtc.VolcengineLayoutMode.Custom,
        customLayout: {
          canvas: { background: pick(inPlace, "#000000", "#202020") },
          regions: [{ streamIndex: 0, width: 640, height: 360 }],
        },
      },
      targetStreams: { streamList: [{ userId: `speaker-${i}`, index: 0 }] },
      control: { maxIdleTime: pick(stopFirst, 300, 600) },
    }),
  VolcengineSingleRelayToCdn: (i) =>
    new rtc.VolcengineSingleRelayToCdn(`single-${i}`, {
      appId: "fleet-app",
      roomId: room(i),
      pushUrl: pushUrl("single", i),
      stream: { userId: `guest-${i}` },
      control: { maxIdleTime: pick(stopFirst, 300, 600) },
    }),
  VolcengineWebcast: (i) =>
    new rtc.VolcengineWebcast(`webcast-${i}`, {
      appId: "fleet-app",
      roomId: room(i),
      sourceUrl: pulumi.secret(`https://slides.example.com/deck/${i}?token=fleet-token-${i}`),
      videoSolutions: [{ width: 1280, height: 720, frameRate: pick(stopFirst, 15, 30) }],
    }),
  VolcenginePublicStream: (i) =>
    new rtc.VolcenginePublicStream(`public-${i}`, {
      appId: "fleet-app",
      targetStreams: [{ roomId: room(i), userId: `speaker-${i}`, index: 0 }],
      encode: { videoConfig: { width: 1280, height: 720, frameRate: 30, bitrate: pick(inPlace, 2000, 2500) } },
    }),
  TencentRelayToCdn: (i) =>
    new rtc.TencentRelayToCdn(`trtc-${i}`, {
      sdkAppId: 1400000001,
      roomId: room(i),
      roomIdType: rtc.TencentRoomIdType.String,
      withTranscoding: rtc.TencentTranscoding.On,
      agentParams: { maxIdleTime: pick(stopFirst, 30, 60) },
      audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
      videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: pick(inPlace, 2000, 2500), gop: 2 } },
      publishCdnParams: [{ publishCdnUrl: pushUrl("trtc", i), isTencentCdn: rtc.TencentCdnType.Tencent }],
    }),
  ZegoCdnTransferRule: (i) =>
    new rtc.ZegoCdnTransferRule(`zego-${i}`, { streamId: `stream-${Math.floor(i / 3)}`, cdnUrl: pushUrl("zego", i) }),
};

for (const [kind, n] of Object.entries(counts)) {
  const make = makers[kind];
  if (!make) throw new Error(`fleet: no maker for kind ${kind}; known: ${Object.keys(makers).join(", ")}`);
  for (let i = 0; i < n; i++) make(i);
}
export const tasks = Object.values(counts).reduce((a, b) => a + b, 0);
