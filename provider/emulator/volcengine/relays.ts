import { VolcengineLayoutMode } from "../../tasks/volcengine/constants";
import type { Obj } from "../../util/values";
import { ok, VolcengineError, type VolcAction } from "./gateway";
import { getTask, relayKey, runningTask, startTask } from "./tasks";

/** Relay to CDN, mixed and single-stream (https://www.volcengine.com/docs/6348/1188218, /1188204): one Stop for both. */

const MIXED = "PushMixedStreamToCDN";
const SINGLE = "PushSingleStreamToCDN";
/** What UpdatePushMixedStreamToCDN replaces. */
const MUTABLE_MIXED = ["TargetStreams", "Layout", "Encode", "Control"];

/** Mixed-relay rules that tie fields together, which the model cannot state (https://www.volcengine.com/docs/6348/1188218; model notes). */
function checkRelayStreams(p: Obj): void {
  const streams = (p.TargetStreams as { StreamList?: { Index?: number; UserId?: string }[] } | undefined)?.StreamList ?? [];
  type Region = { StreamIndex?: number; Width?: number; Height?: number; LocationX?: number; LocationY?: number };
  const layout = p.Layout as
    { LayoutMode?: number; CustomLayout?: { Canvas?: { Width?: number; Height?: number }; Regions?: Region[] } } | undefined;
  const custom = layout?.LayoutMode === VolcengineLayoutMode.Custom;
  if (streams.length > (custom ? 30 : 17)) throw new VolcengineError("InvalidParameter", `too many target streams: ${streams.length}`);
  const indexes = streams.map((s) => s.Index).filter((i) => i !== undefined);
  if (new Set(indexes).size !== indexes.length)
    throw new VolcengineError("InvalidParameter", "Stream.Index must be unique in a StreamList");
  if (custom) {
    const regions = new Set((layout?.CustomLayout?.Regions ?? []).map((r) => r.StreamIndex));
    for (const s of streams) if (!regions.has(s.Index)) throw new VolcengineError("InvalidParameter", `no region for stream ${s.UserId}`);
  }
  // Regions lie within the canvas, 640 x 480 unless given.
  const canvas = { Width: layout?.CustomLayout?.Canvas?.Width ?? 640, Height: layout?.CustomLayout?.Canvas?.Height ?? 480 };
  (layout?.CustomLayout?.Regions ?? []).forEach((r, i) => {
    const at = `Layout.CustomLayout.Regions[${i}]`;
    if ((r.Width ?? 0) > canvas.Width || (r.LocationX ?? 0) >= canvas.Width)
      throw new VolcengineError("InvalidParameter", `${at} lies outside the canvas width ${canvas.Width}`);
    if ((r.Height ?? 0) > canvas.Height || (r.LocationY ?? 0) >= canvas.Height)
      throw new VolcengineError("InvalidParameter", `${at} lies outside the canvas height ${canvas.Height}`);
  });
}

export const relayActions: Record<string, VolcAction> = {
  StartPushMixedStreamToCDN: {
    qps: 150,
    handler: (c) => {
      checkRelayStreams(c.params);
      return startTask(c, MIXED, relayKey(c.params));
    },
  },
  StartPushSingleStreamToCDN: {
    qps: 150,
    handler: (c) => startTask(c, SINGLE, relayKey(c.params)),
  },
  UpdatePushMixedStreamToCDN: {
    qps: 150,
    handler: (c) => {
      checkRelayStreams(c.params);
      const t = runningTask(c, relayKey(c.params), [MIXED]);
      if ((t.params.Layout as { LayoutMode?: number } | undefined)?.LayoutMode !== VolcengineLayoutMode.Custom) {
        throw new VolcengineError("InvalidParameter", "only tasks started with Layout.LayoutMode 2 can be updated");
      }
      // Not a partial update: every mutable field left out goes back to its default.
      for (const f of MUTABLE_MIXED) t.params[f] = c.params[f];
      t.updates++;
      return ok(c, "ok");
    },
  },
  StopPushStreamToCDN: {
    qps: 150,
    handler: (c) => {
      c.state.end(runningTask(c, relayKey(c.params), [MIXED, SINGLE]), "StopByAPI");
      return ok(c, "ok");
    },
  },
  GetPushMixedStreamToCDNTask: { qps: 60, handler: (c) => getTask(c, MIXED, "PushMixedStreamToCDNTask", "PushMixedStreamToCDNTask") },
  GetPushSingleStreamToCDNTask: { qps: 60, handler: (c) => getTask(c, SINGLE, "PushSingleStreamToCDNTask", "PushSingleStreamToCDNTask") },
};
