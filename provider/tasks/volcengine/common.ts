import { isRtcError } from "../../http/errors";
import { rtmpUrl, vendorId } from "../schema";
import { volcengineCall } from "../../vendors/volcengine/client";
import type { Inputs, State, TaskContext, TaskStatus } from "../kind";
import { toVendorFields } from "../kind";

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

/** Status codes of the Get*Task calls: 0 unknown, 1 not started, 2 running, 3 ended, 4 failed. */
export const readBy =
  (action: string, resultKey: string) =>
  async (ctx: TaskContext, s: State): Promise<TaskStatus> => {
    try {
      const { result } = await volcengineCall({
        action,
        version: VOLCENGINE_VERSION,
        method: "GET",
        idempotent: true,
        redact: ctx.redact,
        params: { AppId: s.appId, RoomId: s.roomId, TaskId: s.taskId },
      });
      const task = (result as Record<string, { Status?: number } | undefined> | undefined)?.[resultKey];
      if (task?.Status === 3 || task?.Status === 4) return "gone";
      return task ? "running" : missing(s);
    } catch (e) {
      if (isRtcError(e, "RTC_NOT_FOUND")) return missing(s);
      throw e;
    }
  };

/** Get*Task sees only tasks started in the last 72 hours (reference 1e). */
const READ_WINDOW_MS = 72 * 3600_000;

/**
 * A task the vendor does not find has ended, if it started inside the read window. An older one
 * (or one of unknown age, such as an adopted task) may still run: the lifecycle keeps it in state
 * rather than let the next up start a second stream beside it.
 */
function missing(s: State): TaskStatus {
  const started = typeof s.startedAt === "string" ? Date.parse(s.startedAt) : NaN;
  return Number.isFinite(started) && Date.now() - started < READ_WINDOW_MS - 3600_000 ? "gone" : "unknown";
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
