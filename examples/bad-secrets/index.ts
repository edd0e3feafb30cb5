import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// Every secret input of every kind, each given a value that fails validation while it carries a
// secret: a mistake a person makes with a real stream key in hand. A validation error must name the
// property and the rule, and never print the secret (issue 10, defect 3).
//
//   source  "config": each secret comes from `pulumi config set --secret <case> …`;
//           "code":   each comes from `pulumi.secret()` in this program, marked `code-secret-<case>`
//   cases   JSON list of the cases to declare (default: all of them)
const config = new pulumi.Config();
const source = config.require("source");
const secret = (c: string): pulumi.Output<string> => (source === "config" ? config.requireSecret(c) : pulumi.secret(codeSecret(c)));
/** A secret in code, unique per case (test/e2e/secrets-in-errors.test.ts knows the form). */
const codeSecret = (c: string): string => `code-secret-${c}-4b1d7e9a0c3f5e2b8a6d`;

const cases: Record<string, (s: pulumi.Output<string>) => void> = {
  // A push URL with the wrong scheme: the URL itself is the secret.
  mixPushUrl: (s) =>
    new rtc.VolcengineMixedRelayToCdn("mix", {
      appId: "bad-app",
      roomId: "main",
      pushUrl: s.apply((k) => `http://push.example.com/live/${k}`),
    }),
  singlePushUrl: (s) =>
    new rtc.VolcengineSingleRelayToCdn("single", {
      appId: "bad-app",
      roomId: "main",
      pushUrl: s.apply((k) => `https://push.example.com/live/${k}`),
      stream: { userId: "guest" },
    }),
  // A page URL with a scheme a browser does not load: its token is the secret.
  webcastSourceUrl: (s) =>
    new rtc.VolcengineWebcast("slides", {
      appId: "bad-app",
      roomId: "main",
      sourceUrl: s.apply((k) => `ftp://slides.example.com/deck?token=${k}`),
    }),
  // ZEGO relays to rtmp:// only.
  zegoCdnUrl: (s) =>
    new rtc.ZegoCdnTransferRule("rule", { streamId: "main", cdnUrl: s.apply((k) => `rtmps://cdn.example.com/live/main?key=${k}`) }),
  // Tencent: a CDN URL nested in a list.
  tencentPublishCdnParams: (s) =>
    relay("relay-cdn", {
      publishCdnParams: [{ publishCdnUrl: s.apply((k) => `http://cdn.example.com/live/${k}`), isTencentCdn: rtc.TencentCdnType.Tencent }],
    }),
  // Tencent: a push-back user id too long for TRTC, carrying the secret.
  tencentFeedBackRoomParams: (s) =>
    relay("relay-back", {
      feedBackRoomParams: [{ roomId: "back", roomIdType: rtc.TencentRoomIdType.String, userId: s.apply((k) => `back-${k}`), userSig: s }],
    }),
  // Tencent: the robot's UserSig is the secret; its idle time is out of range.
  tencentAgentParams: (s) =>
    relay("relay-agent", {
      agentParams: { userSig: s, maxIdleTime: 1 },
      publishCdnParams: [{ publishCdnUrl: "rtmp://cdn.example.com/live/agent", isTencentCdn: rtc.TencentCdnType.Tencent }],
    }),
  // Tencent: the storage secret key is the secret; the wait time is out of range.
  tencentRecordParams: (s) =>
    relay("relay-record", {
      publishCdnParams: [{ publishCdnUrl: "rtmp://cdn.example.com/live/record", isTencentCdn: rtc.TencentCdnType.Tencent }],
      recordParams: {
        uniRecord: rtc.TencentUniRecord.Parameters,
        recordWaitTime: 1,
        mcuStorageParams: {
          cloudStorage: {
            vendor: rtc.TencentStorageVendor.Cos,
            region: "ap-guangzhou",
            bucket: "rec",
            accessKey: "AKIDrecord",
            secretKey: s,
          },
        },
      },
    }),
};

function relay(name: string, args: Partial<rtc.TencentRelayToCdnArgs>): void {
  new rtc.TencentRelayToCdn(name, {
    sdkAppId: 1400000001,
    roomId: "main",
    roomIdType: rtc.TencentRoomIdType.String,
    withTranscoding: rtc.TencentTranscoding.On,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    ...args,
  });
}

const chosen = config.getObject<string[]>("cases") ?? Object.keys(cases);
for (const c of chosen) {
  const make = cases[c];
  if (!make) throw new Error(`bad-secrets: no case ${c}; known: ${Object.keys(cases).join(", ")}`);
  make(secret(c));
}
