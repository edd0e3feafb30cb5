import { isRtcError, RtcError } from "../../http/errors";
import type { State, TaskKind } from "../kind";
import { AGENT_USER_ID_AUTONAME, relayToCdnSchema } from "./schema";
import { call, clashKeys, nextSequenceNumber, robotKey, startRequest, updatablePaths, updateRequest } from "./wire";

const TITLE = "Tencent TRTC relay to CDN";

/**
 * The Pulumi id is Tencent's TaskId, which the server makes. A start whose answer was lost has none:
 * its id then names the robot in the room, which is unique while the task runs.
 */
export function tencentRelayId(s: State): string {
  if (typeof s.taskId === "string" && s.taskId !== "") return s.taskId;
  if (s.startUnconfirmed) return `unconfirmed:${s.sdkAppId}/${s.roomId}/${s.agentUserId}`;
  throw new Error("no TaskId yet");
}

function cannotStopUnconfirmed(s: State): RtcError {
  const idle = (s.agentParams as { maxIdleTime?: number } | undefined)?.maxIdleTime ?? 30;
  return new RtcError(
    "RTC_INVALID",
    `its start was never confirmed, so Tencent's TaskId is unknown and it cannot be stopped through the API. ` +
      `If it runs, robot "${String(s.agentUserId)}" is in room ${String(s.roomId)} of SdkAppId ${String(s.sdkAppId)}, and the relay ends by itself ` +
      `${idle} s (agentParams.maxIdleTime) after every anchor has left the room; check the TRTC console or your relay callbacks. ` +
      `Then remove it from the stack with \`pulumi state delete <urn>\``,
    { vendor: "tencent", action: "StopPublishCdnStream" },
  );
}

export const tencentRelayToCdn: TaskKind = {
  type: "TencentRelayToCdn",
  vendor: "tencent",
  title: TITLE,
  schema: relayToCdnSchema,
  id: tencentRelayId,
  autoNames: [AGENT_USER_ID_AUTONAME],
  updatable: updatablePaths,
  clashKeys,
  // Push URLs carry stream keys; UserSigs are passwords; record storage holds cloud keys.
  secretInputs: ["publishCdnParams", "feedBackRoomParams", "agentParams", "recordParams"],
  outputKeys: ["taskId", "sequenceNumber"],
  // The server makes the TaskId: a repeated start is a second paid task, never a no-op, and only
  // the journal of this machine can find a task whose answer the checkpoint lost.
  restart: "journal",
  startKey: robotKey,
  start: async (ctx, inputs) => {
    const res = await call(ctx, "StartPublishCdnStream", startRequest(inputs), false);
    if (typeof res.TaskId !== "string" || res.TaskId === "") {
      throw new RtcError("RTC_BAD_RESPONSE", `tencent StartPublishCdnStream answered without a TaskId (request id ${String(res.RequestId)})`, {
        vendor: "tencent", action: "StartPublishCdnStream", requestId: res.RequestId as string | undefined, outcomeUnknown: true,
      });
    }
    return { taskId: res.TaskId, sequenceNumber: 0 };
  },
  update: async (ctx, olds, news) => {
    let seq = nextSequenceNumber(olds.sequenceNumber);
    for (let attempt = 1; ; attempt++) {
      try {
        await call(ctx, "UpdatePublishCdnStream", updateRequest(olds, news, seq), true);
        return { taskId: olds.taskId, sequenceNumber: seq };
      } catch (e) {
        // An earlier attempt with this number may have landed, or state missed a newer one: resend the
        // same (idempotent) settings with a higher number rather than drop them as Tencent suggests.
        if (isRtcError(e) && e.vendorCode === "FailedOperation.RequestOutdated" && attempt < 3) {
          seq = nextSequenceNumber(seq);
          continue;
        }
        if (isRtcError(e, "RTC_NOT_FOUND")) {
          throw e.withMessage(`${e.message}. The relay has ended at Tencent (it stops by itself once the anchors have left for agentParams.maxIdleTime, and TaskIds older than 30 days cannot be reached)`);
        }
        throw e;
      }
    }
  },
  stop: async (ctx, state) => {
    if (typeof state.taskId !== "string" || state.taskId === "") throw cannotStopUnconfirmed(state);
    // No RecordKey: a recording tied to one ends after its resume wait, so a replacement can continue the file.
    await call(ctx, "StopPublishCdnStream", { SdkAppId: state.sdkAppId, TaskId: state.taskId }, true);
  },
  // No read: Tencent has no call that describes a relay task (reference A.1), so refresh keeps state.
};
