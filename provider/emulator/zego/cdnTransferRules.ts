import type { EmulatorState } from "../state";
import { STALE_SEQUENCE_CODE } from "../../vendors/zego/sequence";
import { ZegoError, type ZegoCall, type ZegoHandler } from "./gateway";

/** ZEGO's CDN transfer rules: a stream relayed to a CDN URL, created, deleted and cleared by stream. */

const SEQUENCE_WINDOW_MS = 10_000;

/** The Code the emulator answers for a Sequence that does not increase (see vendors/zego/sequence.ts). */
export const ZEGO_STALE_SEQUENCE_CODE = Number(STALE_SEQUENCE_CODE);

/** What identifies a rule at ZEGO: the stream and the URL, whose query parameters do not count. */
export const ruleKey = (streamId: string, cdnUrl: string): string => `${streamId}/${cdnUrl.split(/[?#]/)[0]}`;

/** The URL as the admin API shows it: the query (where push keys usually sit) masked. */
export const maskedUrl = (cdnUrl: string): string => (/[?#]/.test(cdnUrl) ? `${cdnUrl.split(/[?#]/)[0]}?***` : cdnUrl);

/** The last accepted Sequence per app and stream, per emulator. */
const sequences = new WeakMap<EmulatorState, Map<string, { sequence: bigint; at: number }>>();

function checkSequence(state: EmulatorState, key: string, raw: string, now = Date.now()): void {
  const sequence = BigInt(raw);
  let seen = sequences.get(state);
  if (!seen) sequences.set(state, (seen = new Map()));
  const last = seen.get(key);
  if (last && now - last.at < SEQUENCE_WINDOW_MS && sequence <= last.sequence) {
    throw new ZegoError(
      ZEGO_STALE_SEQUENCE_CODE,
      `Sequence ${raw} is not greater than ${last.sequence} sent ${now - last.at} ms ago for this stream`,
    );
  }
  seen.set(key, { sequence, at: now });
}

/** The stream, with the test environment's prefix rule, which ties StreamId to IsTest and the AppId. */
function requireStream(c: ZegoCall): string {
  const id = c.q.StreamId!;
  if (c.isTest && !id.startsWith(`zegotest-${c.appId}-`))
    throw new ZegoError(30009, `in the test environment StreamId must start with zegotest-${c.appId}-`);
  return id;
}

const RULE = "CDNTransferRule";

/** Action handlers by name; each returns Data (null for these). */
export const cdnTransferRuleActions: Record<string, ZegoHandler> = {
  CreatCDNTransferRule: (c) => {
    const streamId = requireStream(c);
    const url = c.q.CDNUrl!;
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    // A repeat for a running rule counts as a double start in the stats: the provider never sends one.
    c.state.start("zego", RULE, ruleKey(streamId, url), {
      AppId: c.appId,
      IsTest: c.isTest,
      StreamId: streamId,
      CDNUrl: maskedUrl(url),
      Sequence: c.q.Sequence,
    });
    return null;
  },
  DeleteCDNTransferRule: (c) => {
    const streamId = requireStream(c);
    const url = c.q.CDNUrl!;
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    // "If the stream is being relayed to that address, the relay stops" (https://doc-zh.zego.im/article/19626): deleting a rule
    // that is not there changes nothing and succeeds (README, ZegoCdnTransferRule).
    const rule = c.state.running("zego", ruleKey(streamId, url));
    if (rule) c.state.end(rule, "DeleteByAPI");
    return null;
  },
  // The state of the stream a rule relays (https://docs.zegocloud.com/article/9793). The emulator has
  // no publishers: a stream counts as published while a rule relays it, unless the admin API said
  // otherwise (`/_emulator/tasks/live` with sourcePublished); otherwise 41004, no such stream. It never
  // answers 41006 (closed), which ZEGO gives only with its stream-history permission.
  DescribeRTCStreamState: (c) => {
    const streamId = requireStream(c);
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    const relays = c.state.list().filter((t) => t.vendor === "zego" && t.params.StreamId === streamId);
    const published = relays.filter((t) => t.live?.sourcePublished !== false);
    if (published.length === 0) throw new ZegoError(41004, `stream ${streamId} does not exist`);
    const since = Math.min(...published.map((t) => t.startedAt));
    return { create_time: String(Math.floor(since / 1000)), close_time: "" };
  },
  // Not in ZEGO's model here (the provider never clears): its parameters are checked by hand.
  ClearCDNTransferRule: (c) => {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(c.q.StreamId ?? "")) throw new ZegoError(30009, "invalid StreamId");
    if (!/^[0-9]{1,19}$/.test(c.q.Sequence ?? "")) throw new ZegoError(5005, "Sequence is required and must be a decimal number");
    const streamId = requireStream(c);
    checkSequence(c.state, `${c.appId}/${streamId}`, c.q.Sequence!);
    // ZEGO clears only rules whose relay has not begun; the emulator has no publishers, so every
    // rule of the stream counts as not begun.
    for (const t of c.state.list()) if (t.vendor === "zego" && t.params.StreamId === streamId) c.state.end(t, "ClearByAPI");
    return null;
  },
};
