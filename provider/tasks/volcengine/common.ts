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

/** Stop calls are idempotent: stopping a stopped task answers ErrorActiveTaskNotFound, which the lifecycle accepts. */
export const stopBy = (action: string, keys: readonly string[]) => async (ctx: TaskContext, s: State): Promise<void> => {
  const params: Record<string, unknown> = {};
  for (const k of keys) params[k.charAt(0).toUpperCase() + k.slice(1)] = s[k];
  await post(ctx, action, params, true);
};

/** Status codes of the Get*Task calls: 0 unknown, 1 not started, 2 running, 3 ended, 4 failed. */
export const readBy = (action: string, resultKey: string) => async (ctx: TaskContext, s: State): Promise<TaskStatus> => {
  try {
    const { result } = await volcengineCall({
      action, version: VOLCENGINE_VERSION, method: "GET", idempotent: true, redact: ctx.redact,
      params: { AppId: s.appId, RoomId: s.roomId, TaskId: s.taskId },
    });
    const task = (result as Record<string, { Status?: number } | undefined> | undefined)?.[resultKey];
    // Only tasks of the last 72 h can be read; an empty answer means the task is not there.
    if (!task || task.Status === 3 || task.Status === 4) return "gone";
    return "running";
  } catch (e) {
    if (isRtcError(e, "RTC_NOT_FOUND")) return "gone";
    throw e;
  }
};

export const taskKey = (i: Inputs): string => `task:${i.appId}/${i.roomId}/${i.taskId}`;
export const taskIdOf = (s: State): string => `${s.appId}/${s.roomId}/${s.taskId}`;

/** Volcengine's TaskId pattern: the auto-name keeps inside it. */
export const TASK_ID_AUTONAME = { field: "taskId", maxLength: 128, disallowed: /[^a-zA-Z0-9_@\-.]/g };

/** The inputs every relay to CDN (mixed or single) starts with: its identity and where it pushes. */
export const relayIdentityFields = {
  appId: vendorId("appId"),
  roomId: vendorId("roomId"),
  taskId: vendorId("taskId"),
  pushUrl: rtmpUrl,
  businessId: vendorId("businessId").optional(),
};
