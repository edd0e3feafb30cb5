import { isRtcError } from "../../http/errors";
import { rtmpUrl, vendorId } from "../schema";
import { volcengineCall } from "../../vendors/volcengine/client";
import { vendorModels } from "../../vendors/model";
import type { Inputs, LiveStatus, PushStatus, State, TaskContext, TaskReading, VendorTaskStatus } from "../kind";
import { fromVendorFields, toVendorFields } from "../kind";

export const VOLCENGINE_VERSION = "2023-11-01";

/** Volcengine spells these acronyms in capitals. */
export const VOLCENGINE_RENAMES: Readonly<Record<string, string>> = {
  pushUrl: "PushURL",
  sourceUrl: "SourceURL",
  seiConfig: "SEIConfig",
  seiPayLoadType: "SEIPayLoadType",
  seiPayloadUuid: "SEIPayloadUUID",
  seiContentMode: "SEIContentMode",
  passthroughRtcSeiMessage: "PassthroughRTCSEIMessage",
};

export const body = (inputs: Inputs): Record<string, unknown> => toVendorFields(inputs, VOLCENGINE_RENAMES) as Record<string, unknown>;

export async function post(ctx: TaskContext, action: string, params: Record<string, unknown>, idempotent: boolean): Promise<unknown> {
  const { result } = await volcengineCall({ action, version: VOLCENGINE_VERSION, method: "POST", params, idempotent, redact: ctx.redact });
  return result;
}

/**
 * The start of a task whose TaskId the caller picks: a repeated start with the TaskId of a running
 * task is answered "already started" (https://www.volcengine.com/docs/6348/1188218), so the transport may retry it and a create that
 * runs again after a crash finds the same task. `params` builds the body where the action needs more
 * than the inputs.
 */
export const repeatableStart = (action: string, params: (inputs: Inputs) => Record<string, unknown> = body) => ({
  restart: "repeat" as const,
  startKey: taskKey,
  start: async (ctx: TaskContext, inputs: Inputs): Promise<State> => {
    await post(ctx, action, params(inputs), true);
    return {};
  },
});

/**
 * Stop calls are idempotent: stopping a stopped task answers ErrorActiveTaskNotFound, which the
 * lifecycle accepts. `keys` name the state fields the call takes, each sent when the task has it.
 */
export const stopBy =
  (action: string, keys: readonly string[]) =>
  async (ctx: TaskContext, s: State): Promise<void> => {
    const params: Record<string, unknown> = {};
    for (const k of keys) if (s[k] !== undefined) params[k.charAt(0).toUpperCase() + k.slice(1)] = s[k];
    await post(ctx, action, params, true);
  };

/** Volcengine's Status codes 0-4 (model: PushMixedStreamToCDNTask.Status). */
const TASK_STATUS: readonly VendorTaskStatus[] = ["unknown", "starting", "running", "ended", "failed"];
/** Volcengine's PushStreamState codes 0-6 (model: PushMixedStreamToCDNTask.PushStreamState). */
const PUSH_STATUS: readonly PushStatus[] = ["unknown", "not-pushing", "connecting", "reconnecting", "connected", "pushing", "stopped"];
/** The fields of a Get*Task answer that say how the task stands; the others are its settings. */
const STATUS_FIELDS = ["StartTime", "EndTime", "Status", "PushStreamState", "StopReason"];

type Answer = Record<string, unknown>;
const ms = (v: unknown): string | undefined => (typeof v === "number" && v > 0 ? new Date(v).toISOString() : undefined);

/** What a Get*Task answer says about the task (https://www.volcengine.com/docs/6348/196883; the model's PushMixedStreamToCDNTask). */
export function liveOf(task: Answer): LiveStatus {
  const taskStatus = TASK_STATUS[typeof task.Status === "number" ? task.Status : 0] ?? "unknown";
  const push = typeof task.PushStreamState === "number" ? PUSH_STATUS[task.PushStreamState] : undefined;
  return {
    taskStatus,
    // Meaningful only while the task runs (Status 2): 6 once it ended, 0 otherwise.
    ...(taskStatus === "running" && push ? { pushStatus: push } : {}),
    ...(ms(task.StartTime) ? { taskStartTime: ms(task.StartTime) } : {}),
    ...(ms(task.EndTime) ? { taskEndTime: ms(task.EndTime) } : {}),
    ...(typeof task.StopReason === "string" && task.StopReason !== "" ? { stopReason: task.StopReason } : {}),
  };
}

/**
 * The Get*Task calls of relays and webcasts: how the task stands, and the settings it runs with in
 * our names. Status 3 (ended, e.g. IdleTimeOut) or 4 (failed) is gone; so is a task the vendor does
 * not find, inside its read window.
 */
export const readBy =
  (action: string, resultKey: string) =>
  async (ctx: TaskContext, s: State): Promise<TaskReading> => {
    let task: Answer | undefined;
    try {
      const { result } = await volcengineCall({
        action,
        version: VOLCENGINE_VERSION,
        method: "GET",
        idempotent: true,
        redact: ctx.redact,
        params: { AppId: s.appId, RoomId: s.roomId, TaskId: s.taskId },
      });
      task = (result as Record<string, Answer | undefined> | undefined)?.[resultKey];
    } catch (e) {
      if (!isRtcError(e, "RTC_NOT_FOUND")) throw e;
    }
    if (!task) return missing(s);
    const live = liveOf(task);
    const settings = Object.fromEntries(Object.entries(task).filter(([k]) => !STATUS_FIELDS.includes(k)));
    return {
      status: live.taskStatus === "ended" || live.taskStatus === "failed" ? "gone" : "running",
      live,
      settings: fromVendorFields(settings, VOLCENGINE_RENAMES) as Inputs,
    };
  };

/**
 * A kind's read call and what drift and status take from it, from the one type its Get call answers:
 * the CDN push status is read where the vendor's model has `PushStreamState` (relays; not webcasts).
 */
export const readsBack = (action: string, type: string) => ({
  read: readBy(action, type),
  readBack: { type, renames: VOLCENGINE_RENAMES, pushStatus: "PushStreamState" in (vendorModels.volcengine.types[type] ?? {}) },
});

/** Get*Task sees only tasks started in the last 72 hours (https://www.volcengine.com/docs/6348/196883). */
const READ_WINDOW_MS = 72 * 3600_000;

/**
 * A task the vendor does not find has ended, if it started inside the read window. An older one, or
 * one whose start nobody knows (an adopted task never read back), may still run: the lifecycle keeps
 * it in state rather than let the next up start a second stream beside it. The start is ours
 * (`startedAt`), else the vendor's as a read last saw it (`taskStartTime`, an adopted task's).
 */
function missing(s: State): TaskReading {
  const when = (v: unknown) => (typeof v === "string" ? Date.parse(v) : NaN);
  const started = Number.isFinite(when(s.startedAt)) ? when(s.startedAt) : when(s.taskStartTime);
  const inWindow = Number.isFinite(started) && Date.now() - started < READ_WINDOW_MS - 3600_000;
  // Not found inside the window: it ended, and the vendor keeps no record of how.
  return inWindow ? { status: "gone", live: { taskStatus: "ended" } } : { status: "unknown", live: { taskStatus: "unknown" } };
}

export const taskKey = (i: Inputs): string => `task:${i.appId}/${i.roomId}/${i.taskId}`;
export const taskIdOf = (s: State): string => `${s.appId}/${s.roomId}/${s.taskId}`;

/** Volcengine's TaskId pattern: the auto-name keeps inside it. */
export const TASK_ID_AUTONAME = { field: "taskId", maxLength: 128, disallowed: /[^a-zA-Z0-9_@\-.]/g };

/** The inputs every relay to CDN (mixed or single) starts with: its identity and where it pushes. */
export const relayIdentityFields = {
  appId: vendorId(),
  roomId: vendorId(),
  taskId: vendorId(),
  pushUrl: rtmpUrl,
  businessId: vendorId().optional(),
};
