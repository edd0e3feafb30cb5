import type { Obj } from "../../util/values";
import type { VendorReply } from "../server";
import type { EmulatedTask } from "../state";
import { ok, VolcengineError, type VolcCall } from "./gateway";

/** How the task families start, find and show tasks, where they do it alike. */

/** Relays and webcasts are known by the caller's AppId, RoomId and TaskId. */
export const relayKey = (p: Obj): string => `${p.AppId}/${p.RoomId}/${p.TaskId}`;

export const ALREADY_STARTED = "The task has been started. Please do not call the startup task interface repeatedly";

/** Start semantics shared by every caller-chosen-TaskId kind: a repeat for a running task is a no-op. */
export function startTask(c: VolcCall, kind: string, key: string): VendorReply {
  const running = c.state.running("volcengine", key);
  if (running) {
    if (running.kind !== kind)
      throw new VolcengineError("InvalidParameter.TaskAlreadyExists", `task ${key} already runs as ${running.kind}`);
    return ok(c, ALREADY_STARTED);
  }
  c.state.start("volcengine", kind, key, c.params);
  return ok(c, "ok");
}

export function runningTask(c: VolcCall, key: string, kinds: readonly string[]): EmulatedTask {
  const t = c.state.running("volcengine", key);
  if (!t || !kinds.includes(t.kind))
    throw new VolcengineError("InvalidParameter.ErrorActiveTaskNotFound", `task ${key} does not exist or has stopped`);
  return t;
}

/** Status as Get*Task reports it: 2 running, 3 ended. */
export function taskView(t: EmulatedTask): Obj {
  return { ...t.params, StartTime: t.startedAt, EndTime: t.endedAt, Status: t.status === "running" ? 2 : 3, StopReason: t.stopReason };
}

/** The Get*Task calls of the relays and the webcast: the task by TaskId, running or ended. */
export function getTask(c: VolcCall, kind: string, resultKey: string): VendorReply {
  // The relays' Get calls take TaskId or UserId (model); the emulator keeps tasks by TaskId.
  if (c.params.TaskId === undefined)
    throw new VolcengineError("InvalidParameter", "TaskId is required (the emulator does not read client-SDK tasks by UserId)");
  const t = c.state.get("volcengine", relayKey(c.params));
  if (!t || t.kind !== kind)
    throw new VolcengineError("InvalidParameter.ErrorActiveTaskNotFound", `task ${relayKey(c.params)} does not exist`);
  return ok(c, { [resultKey]: taskView(t) });
}
