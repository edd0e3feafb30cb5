import { volcengineCall } from "../../vendors/volcengine/client";
import type { Hint, State, TaskContext } from "../kind";
import { VOLCENGINE_VERSION } from "./common";

/**
 * A public stream has no read call (https://www.volcengine.com/docs/6348/1188219). What Volcengine offers near one is its count of
 * subscriptions, per 30-second bucket, about a minute behind (ListRealTimePublicStreamInfo,
 * https://www.volcengine.com/docs/6752/1398944): a hint that the stream is watched, never a sign
 * that it runs or has ended.
 */
export const SUBSCRIBERS_ACTION = "ListRealTimePublicStreamInfo";

/** How far back the hint looks: the data lags up to 60 s and comes in 30 s buckets. */
const LOOK_BACK_MS = 5 * 60_000;
/** The call's own rate, per account (the same page). */
const QPS = 10;

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

interface Point {
  StreamId?: string;
  TimeStamp?: string;
  Value?: number;
}

export async function subscribersHint(ctx: TaskContext, s: State, now = Date.now()): Promise<Hint> {
  const stream = String(s.publicStreamId);
  const { result } = await volcengineCall({
    action: SUBSCRIBERS_ACTION,
    version: VOLCENGINE_VERSION,
    method: "POST",
    idempotent: true,
    redact: ctx.redact,
    rate: { name: "public-stream-info", qps: QPS },
    params: { AppId: s.appId, StreamId: stream, StartTime: rfc3339(now - LOOK_BACK_MS), EndTime: rfc3339(now), Indicator: ["pull_num"] },
  });
  const indicators = (result as { Indicators?: { Name?: string; Data?: Point[] }[] } | undefined)?.Indicators ?? [];
  const points = indicators
    .filter((i) => i.Name === undefined || i.Name === "pull_num")
    .flatMap((i) => i.Data ?? [])
    .filter((p) => (p.StreamId === undefined || p.StreamId === stream) && typeof p.Value === "number" && typeof p.TimeStamp === "string")
    .sort((a, b) => Date.parse(a.TimeStamp!) - Date.parse(b.TimeStamp!));
  const last = points[points.length - 1];
  if (!last) return { source: SUBSCRIBERS_ACTION, text: "no subscription data in the last 5 minutes (it lags up to a minute)" };
  const n = last.Value!;
  return { source: SUBSCRIBERS_ACTION, text: `${n} ${n === 1 ? "subscriber" : "subscribers"} in the 30 s from ${last.TimeStamp}` };
}
