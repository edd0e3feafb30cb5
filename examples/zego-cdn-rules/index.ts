import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

// One live stream relayed to three CDNs at once: a rule per address. ZEGO has no update call, so
// changing an address replaces that rule alone; the other relays keep running.
const config = new pulumi.Config();
// With `rtc-tasks:zegoIsTest true`, ZEGO wants the stream id prefixed `zegotest-<AppId>-`.
const streamId = config.get("streamId") ?? "concert-main";

// Every push URL carries the CDN's stream key: keep them secret (`pulumi config set --secret ...`).
const targets: Record<string, pulumi.Output<string>> = {
  primary: config.requireSecret("primaryUrl"),
  backup: config.requireSecret("backupUrl"),
  social: config.requireSecret("socialUrl"),
};

const rules = Object.entries(targets).map(([name, cdnUrl]) => new rtc.ZegoCdnTransferRule(`concert-${name}`, { streamId, cdnUrl }));

export const stream = streamId;
// Rule ids name the stream and a digest of the URL, never the URL itself.
export const ruleIds = rules.map((r) => r.id);
