import type { Obj } from "../../util/values";
import { vendorModels } from "../../vendors/model";
import { echoOf } from "../echo";
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

/** A relay pushes as soon as it runs: the emulator stands in for a room with publishers (the admin API sets other states). */
const PUSHING = 5;
const STOPPED = 6;

/**
 * How Get*Task reports a task (model: PushMixedStreamToCDNTask): Status 2 running, 3 ended, or 4
 * failed when it stopped with StartTaskFailed; PushStreamState meaningful while it runs, 6 once it
 * ended; times in ms, EndTime 0 while it runs.
 */
export function statusView(t: EmulatedTask): Obj {
  const running = t.status === "running";
  return {
    StartTime: t.startedAt,
    EndTime: t.endedAt,
    Status: running ? 2 : t.stopReason === "StartTaskFailed" ? 4 : 3,
    PushStreamState: running ? (t.live?.pushState ?? PUSHING) : STOPPED,
    StopReason: t.stopReason,
  };
}

/** The task as its Get call answers it: its settings with the vendor's defaults filled in, and its status. */
export function taskView(t: EmulatedTask, type: string, settings: Obj = t.params): Obj {
  return echoOf(vendorModels.volcengine, type, settings, statusView(t));
}

/** The Get*Task calls of the relays and the webcast: the task by TaskId, running or ended. */
export function getTask(c: VolcCall, kind: string, resultKey: string, type: string, settings = (t: EmulatedTask) => t.params): VendorReply {
  // The relays' Get calls take TaskId or UserId (model); the emulator keeps tasks by TaskId.
  if (c.params.TaskId === undefined)
    throw new VolcengineError("InvalidParameter", "TaskId is required (the emulator does not read client-SDK tasks by UserId)");
  const t = c.state.get("volcengine", relayKey(c.params));
  if (!t || t.kind !== kind)
    throw new VolcengineError("InvalidParameter.ErrorActiveTaskNotFound", `task ${relayKey(c.params)} does not exist`);
  return ok(c, { [resultKey]: taskView(t, type, settings(t)) });
}
