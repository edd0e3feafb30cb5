import { VolcengineLayoutMode, VolcengineStreamType, VolcengineTranscodeMode } from "../../tasks/volcengine/constants";
import { asArray, asObject, type Obj } from "../../util/values";
import { checkType, vendorModels } from "../../vendors/model";
import type { EmulatorState } from "../state";
import { ok, VolcengineError, type VolcAction } from "./gateway";
import { runningTask } from "./tasks";

/** Public stream: streams of several rooms mixed into one, known by its PublicStreamId (https://www.volcengine.com/docs/6348/1188219). */

const PUBLIC_STREAM = "PublicStream";

const publicKey = (p: Obj): string => `${p.AppId}/${p.PublicStreamId}`;

const sameSource = (a: Obj, b: Obj) =>
  a.RoomId === b.RoomId &&
  (a.UserId ?? "") === (b.UserId ?? "") &&
  (a.StreamType ?? VolcengineStreamType.Camera) === (b.StreamType ?? VolcengineStreamType.Camera);

/** Public-stream rules that tie fields together, which the model cannot state (https://www.volcengine.com/docs/6348/1188219; model notes). */
function checkPublicStream(p: Obj): void {
  // Lists of objects: the model check has already typed them.
  const targets = asArray(p.TargetStreams) as Obj[];
  const excluded = asArray(p.ExcludeStreams) as Obj[];
  if (excluded.some((e) => targets.some((t) => sameSource(e, t))))
    throw new VolcengineError("InvalidParameter", "ExcludeStreams repeats a stream of TargetStreams");
  const indexes = targets.map((t) => t.Index).filter((i) => i !== undefined);
  if (new Set(indexes).size !== indexes.length) throw new VolcengineError("InvalidParameter", "Index must be unique in TargetStreams");
  const rooms = new Map<unknown, unknown>();
  for (const t of targets) {
    if (!t.UserId) continue;
    if (rooms.has(t.UserId) && rooms.get(t.UserId) !== t.RoomId)
      throw new VolcengineError("InvalidParameter", `UserId ${String(t.UserId)} appears in two rooms`);
    rooms.set(t.UserId, t.RoomId);
  }
  const layout = asObject(p.Layout);
  if (p.TranscodeMode === VolcengineTranscodeMode.Remux) {
    if (targets.length !== 1 || !targets[0]!.UserId)
      throw new VolcengineError("InvalidParameter", "TranscodeMode 1 needs exactly one target stream with a UserId");
    if (excluded.length > 0) throw new VolcengineError("InvalidParameter", "TranscodeMode 1 needs empty ExcludeStreams");
  } else if (layout?.LayoutMode === VolcengineLayoutMode.Custom) {
    if (!asObject(layout.CustomLayout))
      throw new VolcengineError("InvalidParameter", "Layout.CustomLayout.Regions is required in custom layout");
    if (targets.some((t) => t.Index === undefined))
      throw new VolcengineError("InvalidParameter", "Index is required on every target stream in custom layout");
  }
}

/** Fields UpdatePublicStreamParam replaces; whatever the call leaves out goes back to its default. */
const MUTABLE_PUBLIC = ["BusinessId", "TargetStreams", "ExcludeStreams", "TranscodeMode", "Layout", "Encode", "Control"];

/** Sets (or, for undefined, removes) a nested field, copying the objects on the way. */
function setIn(p: Obj, path: string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    if (value === undefined) delete p[head];
    else p[head] = value;
    return;
  }
  const child = { ...(asObject(p[head]) ?? {}) };
  setIn(child, rest, value);
  if (Object.keys(child).length > 0) p[head] = child;
  else delete p[head];
}

const getIn = (p: Obj, path: string[]): unknown => path.reduce<unknown>((v, k) => asObject(v)?.[k], p);

/** What the update call cannot change: it keeps the value the stream started with. */
const FIXED_AT_START = [
  ["Control", "MaxIdleTime"],
  ["Encode", "VideoConfig", "VideoCodec"],
];

const BUCKET_MS = 30_000;
const MAX_SPAN_MS = 120 * 60_000;
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * ListRealTimePublicStreamInfo (https://www.volcengine.com/docs/6752/1398944): pull_num per public
 * stream and 30-second bucket, for the buckets of the window in which the stream ran. The emulator
 * has no audience: the count is what the admin API set (`/_emulator/tasks/live`), 0 by default.
 */
function subscriptions(state: EmulatorState, p: Obj): Obj {
  const start = Date.parse(String(p.StartTime));
  const end = Date.parse(String(p.EndTime));
  if (!(start < end)) throw new VolcengineError("InvalidParameter", "StartTime must be before EndTime");
  if (end - start > MAX_SPAN_MS) throw new VolcengineError("InvalidParameter", "the query spans more than 120 minutes");
  const ids = typeof p.StreamId === "string" && p.StreamId !== "" ? p.StreamId.split(",") : undefined;
  const data: Obj[] = [];
  // The window holds both ends: a bucket stamped at EndTime is in it. A caller asks up to "now" in
  // whole seconds, so a stream started in the first second of a bucket is only in that bucket.
  for (const t of state.list(true)) {
    if (t.vendor !== "volcengine" || t.kind !== PUBLIC_STREAM || t.params.AppId !== p.AppId) continue;
    if (ids && !ids.includes(String(t.params.PublicStreamId))) continue;
    const until = t.status === "running" ? Infinity : t.endedAt;
    for (let b = Math.floor(start / BUCKET_MS) * BUCKET_MS; b <= end; b += BUCKET_MS) {
      if (t.startedAt < b + BUCKET_MS && until > b)
        data.push({ StreamId: String(t.params.PublicStreamId), TimeStamp: rfc3339(b), Value: t.live?.subscribers ?? 0 });
    }
  }
  const result = { Indicators: [{ Name: "pull_num", Unit: "", Data: data }] };
  const [issue] = checkType(vendorModels.volcengine, "ListRealTimePublicStreamInfoResult", result, "Result");
  if (issue) throw new Error(`the emulator's answer breaks the model: ${issue.path} ${issue.message}`);
  return result;
}

export const publicStreamActions: Record<string, VolcAction> = {
  StartPushPublicStream: {
    qps: 150,
    handler: (c) => {
      checkPublicStream(c.params);
      const key = publicKey(c.params);
      // Unconfirmed at the vendor (the README's Limitations). The emulator refuses a second start of a live
      // PublicStreamId, so that two declarations of one public stream fail loudly instead of
      // silently sharing it (and one's destroy stopping the other's stream).
      if (c.state.running("volcengine", key))
        throw new VolcengineError("InvalidParameter.TaskAlreadyExists", `public stream ${key} is already being pushed`);
      c.state.start("volcengine", PUBLIC_STREAM, key, c.params);
      return ok(c, "ok");
    },
  },
  UpdatePublicStreamParam: {
    qps: 150,
    handler: (c) => {
      checkPublicStream(c.params);
      const t = runningTask(c, publicKey(c.params), [PUBLIC_STREAM]);
      const fixed = FIXED_AT_START.map((path) => [path, getIn(t.params, path)] as const);
      const next: Obj = { ...t.params };
      for (const f of MUTABLE_PUBLIC) {
        if (c.params[f] === undefined) delete next[f];
        else next[f] = c.params[f];
      }
      for (const [path, value] of fixed) setIn(next, path, value);
      t.params = next;
      t.updates++;
      // DataMsg is not a setting: each update that carries it puts it into the next video frames.
      const dataMsg = asObject(c.params.Control)?.DataMsg;
      if (typeof dataMsg === "string") (t.injected ??= []).push(dataMsg);
      return ok(c, "ok");
    },
  },
  StopPushPublicStream: {
    qps: 150,
    handler: (c) => {
      c.state.end(runningTask(c, publicKey(c.params), [PUBLIC_STREAM]), "StopByAPI");
      return ok(c, "ok");
    },
  },
  ListRealTimePublicStreamInfo: { qps: 10, handler: (c) => ok(c, subscriptions(c.state, c.params)) },
};
