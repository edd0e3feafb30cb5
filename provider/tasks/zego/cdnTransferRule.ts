import { z } from "zod";
import { isRtcError, RtcError } from "../../http/errors";
import { zegoAppIdIfSet, zegoCall, zegoConnection, zegoIsTest, zegoTestPrefix } from "../../vendors/zego/client";
import type { Hint, Inputs, State, TaskContext, TaskKind } from "../kind";
import { internalInputs, streamUrl } from "../schema";
import { sha256Hex } from "../../util/values";
import { zegoCdnTransferRuleDocs } from "./cdnTransferRule.docs";

/** ZEGO's stream-id rule: at most 256 characters of digits, letters, "-" and "_" (error 30009 otherwise). */
export const ZEGO_STREAM_ID = /^[A-Za-z0-9_-]{1,256}$/;

const streamId = z
  .string({ error: "must be a string" })
  .regex(ZEGO_STREAM_ID, "must be 1-256 characters of letters, digits, - and _ (ZEGO's stream-id rule)");

/** ZEGO relays to RTMP addresses only ("必须是 RTMP 格式"); rtmps is not promised, so not accepted. */
const cdnUrl = streamUrl(["rtmp:"], "must be an rtmp:// URL (ZEGO relays to RTMP addresses only)");

const schema = z.strictObject({ ...internalInputs, streamId, cdnUrl }).superRefine((v, ctx) => {
  // Preview-time check of the test-environment prefix, when the stack's config already tells the
  // AppId and IsTest; start checks again, since config can be missing here but set for `up`.
  const problem = testPrefixProblem(v.streamId, () => (safeIsTest() ? zegoAppIdIfSet() : undefined));
  if (problem) ctx.addIssue({ code: "custom", path: ["streamId"], message: problem });
});

function safeIsTest(): boolean {
  try {
    return zegoIsTest();
  } catch {
    return false;
  }
}

/**
 * In the test environment ZEGO wants stream ids prefixed `zegotest-<AppId>-`. We check the prefix
 * and never add it: the stream id a user declares is then the one ZEGO sees, and the one their
 * publishing clients use, whichever environment the stack points at.
 */
function testPrefixProblem(id: unknown, testAppId: () => string | undefined): string | undefined {
  if (typeof id !== "string") return undefined;
  const appId = testAppId();
  if (appId === undefined) return undefined;
  const prefix = zegoTestPrefix(appId);
  return id.startsWith(prefix)
    ? undefined
    : `must start with "${prefix}": ZEGO's test environment (rtc-tasks:zegoIsTest) requires that prefix`;
}

/** The part of a CDN URL that names the relay: ZEGO matches a rule by it, ignoring query parameters. */
export function relayTarget(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

/**
 * The id: the stream plus a digest of the relay target, since the URL (a secret) must never be in
 * an id. The query is left out as ZEGO leaves it out: two URLs that differ only there are one rule,
 * which one delete stops.
 */
export const ruleId = (s: State): string => `${String(s.streamId)}|${sha256Hex(relayTarget(String(s.cdnUrl))).slice(0, 16)}`;

const params = (s: Inputs) => ({ CDNUrl: String(s.cdnUrl) });

/** A rule at ZEGO: its stream and its relay target. Never holds the URL's query, where keys sit. */
export const ruleKey = (i: Inputs): string => `rule:${String(i.streamId)}/${relayTarget(String(i.cdnUrl))}`;

/** The vendor calls behind each step. */
const ACTIONS = { start: "CreatCDNTransferRule", stop: "DeleteCDNTransferRule", hint: "DescribeRTCStreamState" } as const;

/**
 * ZEGO has no call that reads a rule back. What it offers near one is the state of the stream the
 * rule relays, on its RTC servers (DescribeRTCStreamState,
 * https://www.zegocloud.com/docs/real-time-voice-server/api-reference/media-service/describe-rtc-stream-state;
 * ZEGO enables it per app on request): a hint that the rule has something to relay, never a sign
 * that the relay runs.
 */
async function sourceStreamHint(ctx: TaskContext, s: State): Promise<Hint> {
  const streamId = String(s.streamId);
  try {
    const { data } = await zegoCall({ action: ACTIONS.hint, streamId, params: {}, idempotent: true, redact: ctx.redact });
    const created = Number((data as { create_time?: string } | null)?.create_time);
    const since = Number.isFinite(created) && created > 0 ? ` since ${new Date(created * 1000).toISOString().replace(".000Z", "Z")}` : "";
    return { source: ACTIONS.hint, text: `source stream ${streamId} is published to ZEGO${since}` };
  } catch (e) {
    // 41004 (no such stream) and 41006 (closed): nobody publishes what the rule relays.
    if (!isRtcError(e, "RTC_NOT_FOUND")) throw e;
    return { source: ACTIONS.hint, text: `source stream ${streamId} is not published to ZEGO: the rule has nothing to relay` };
  }
}

export const zegoCdnTransferRule: TaskKind = {
  type: "ZegoCdnTransferRule",
  vendor: "zego",
  name: "CDN transfer rule",
  summary:
    "A ZEGO CDN transfer rule (CreatCDNTransferRule): relays one RTC stream to one RTMP address until the resource is deleted (DeleteCDNTransferRule). Several rules may relay one stream. ZEGO has no update call, so any change replaces the rule; and no read call, so refresh keeps it as it is.",
  identity: ["streamId", "cdnUrl"],
  docs: zegoCdnTransferRuleDocs,
  actions: ACTIONS,
  schema,
  id: ruleId,
  // No update call exists: any change replaces the rule.
  // The same stream and URL (ignoring the query, as ZEGO does) are one rule at ZEGO: the old rule
  // must go before the new one starts, or deleting the old would remove the new.
  clashKeys: (i) => [ruleKey(i)],
  secretInputs: ["cdnUrl"],
  outputs: {},
  // ZEGO does not say what a second CreatCDNTransferRule for a running rule does, so one whose
  // outcome is unknown is never sent again as it is: the rule is deleted first (a delete of a rule
  // that is not there changes nothing), then created.
  restart: "stop-first",
  startKey: ruleKey,
  start: async (ctx, inputs) => {
    const conn = zegoConnection();
    const problem = testPrefixProblem(inputs.streamId, () => (conn.isTest ? conn.creds.appId : undefined));
    if (problem) throw new RtcError("RTC_PRECONDITION", `streamId ${problem}`, { vendor: "zego", action: ACTIONS.start });
    await zegoCall({
      action: ACTIONS.start,
      streamId: String(inputs.streamId),
      params: params(inputs),
      idempotent: false,
      redact: ctx.redact,
    });
    return {};
  },
  // Deleting a rule that is not there answers Code 0 (README, ZegoCdnTransferRule): a repeat is harmless, so retry.
  stop: async (ctx, state) => {
    await zegoCall({ action: ACTIONS.stop, streamId: String(state.streamId), params: params(state), idempotent: true, redact: ctx.redact });
  },
  hint: sourceStreamHint,
};
