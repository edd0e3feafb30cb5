import { isRtcError, RtcError } from "../../http/errors";
import { TASK_ID_REACH_MS } from "../../vendors/tencent/client";
import type { State, TaskKind } from "../kind";
import { AGENT_USER_ID_AUTONAME, relayToCdnSchema } from "./schema";
import { tencentRelayToCdnDocs } from "./relayToCdn.docs";
import { call, clashKeys, nextSequenceNumber, robotKey, startRequest, updatablePaths, updateRequest } from "./wire";

/** startedAt is taken after Tencent answers the start, on our clock: an hour of margin. */
const REACH_MARGIN_MS = 3600_000;

/** True when Tencent may no longer answer for this task: its TaskId is near 30 days old, or its age is unknown. */
export function mayBeOutOfReach(s: State, now = Date.now()): boolean {
  const started = typeof s.startedAt === "string" ? Date.parse(s.startedAt) : NaN;
  return !Number.isFinite(started) || now - started >= TASK_ID_REACH_MS - REACH_MARGIN_MS;
}

/**
 * ResourceNotFound for a task that may be past its TaskId's reach cannot be read as "stopped": the
 * relay may still push. No API call can stop it then (RemoveUser is documented for users' sessions,
 * not relay robots), so the error says how a person ends it.
 */
function outOfReach(e: RtcError, s: State): RtcError {
  const started = typeof s.startedAt === "string" ? Date.parse(s.startedAt) : NaN;
  const age = Number.isFinite(started)
    ? `was started ${Math.floor((Date.now() - started) / 86_400_000)} days ago`
    : "has no start time in state, so it may be older than 30 days";
  const idle = (s.agentParams as { maxIdleTime?: number } | undefined)?.maxIdleTime ?? 30;
  return new RtcError(
    "RTC_UNREACHABLE",
    `${e.message}. This relay ${age}: Tencent's API reaches a TaskId for 30 days only, and answers ResourceNotFound after that while the relay runs on ` +
      `until every mixed anchor has left room ${String(s.roomId)} of SdkAppId ${String(s.sdkAppId)} (or become audience) for agentParams.maxIdleTime (${idle} s). ` +
      `It may still push to your CDN, and no API call can stop it now. To end it at once, end the anchors' sessions in that room ` +
      `(or dismiss the room with DismissRoom / DismissRoomByStrRoomId, which ends everyone's); check in the TRTC console or your relay callbacks ` +
      `that robot "${String(s.agentUserId)}" has left the room; then remove the resource with \`pulumi state delete <urn>\``,
    { vendor: "tencent", action: e.action, vendorCode: e.vendorCode, requestId: e.requestId },
  );
}

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
    "RTC_UNCONFIRMED",
    `its start was never confirmed, so Tencent's TaskId is unknown and it cannot be stopped through the API. ` +
      `If it runs, robot "${String(s.agentUserId)}" is in room ${String(s.roomId)} of SdkAppId ${String(s.sdkAppId)}, and the relay ends by itself ` +
      `${idle} s (agentParams.maxIdleTime) after every anchor has left the room; check the TRTC console or your relay callbacks. ` +
      `Then remove it from the stack with \`pulumi state delete <urn>\``,
    { vendor: "tencent", action: ACTIONS.stop },
  );
}

/** The vendor calls behind each step. */
const ACTIONS = { start: "StartPublishCdnStream", update: "UpdatePublishCdnStream", stop: "StopPublishCdnStream" } as const;

export const tencentRelayToCdn: TaskKind = {
  type: "TencentRelayToCdn",
  vendor: "tencent",
  name: "relay to CDN",
  summary:
    "A Tencent Cloud TRTC relay to CDN (StartPublishCdnStream): a robot joins a TRTC room and pushes its streams, mixed or single, to RTMP CDN URLs or back into TRTC rooms. The mixing lists, video settings, single stream, CDN URLs, SEI, push-back rooms and transcoding switch update in place; the room, robot, recording, audio encoding, and adding or removing video (a switch between audio-only and audio+video) replace the task. Tencent cannot read a relay task back, so `pulumi refresh` keeps what state says.",
  identity: ["sdkAppId", "roomId", "taskId"],
  docs: tencentRelayToCdnDocs,
  actions: ACTIONS,
  schema: relayToCdnSchema,
  id: tencentRelayId,
  autoNames: [AGENT_USER_ID_AUTONAME],
  updatable: updatablePaths,
  clashKeys,
  // Push URLs carry stream keys; UserSigs are passwords; record storage holds cloud keys.
  secretInputs: ["publishCdnParams", "feedBackRoomParams", "agentParams", "recordParams"],
  outputs: {
    taskId: { type: "string", doc: "The TaskId Tencent made; its update and stop calls need it, for 30 days from the start." },
    sequenceNumber: { type: "number", doc: "The SequenceNumber of the last update (0 before any); each update sends a greater one." },
  },
  // The server makes the TaskId: a repeated start is a second paid task, never a no-op, and only
  // the journal of this machine can find a task whose answer the checkpoint lost.
  restart: "journal",
  startKey: robotKey,
  reachMs: TASK_ID_REACH_MS,
  start: async (ctx, inputs) => {
    const res = await call(ctx, ACTIONS.start, startRequest(inputs), false);
    if (typeof res.TaskId !== "string" || res.TaskId === "") {
      throw new RtcError(
        "RTC_BAD_RESPONSE",
        `tencent StartPublishCdnStream answered without a TaskId (request id ${String(res.RequestId)})`,
        {
          vendor: "tencent",
          action: ACTIONS.start,
          requestId: res.RequestId as string | undefined,
          outcomeUnknown: true,
        },
      );
    }
    return { taskId: res.TaskId, sequenceNumber: 0 };
  },
  update: async (ctx, olds, news) => {
    let seq = nextSequenceNumber(olds.sequenceNumber);
    for (let attempt = 1; ; attempt++) {
      try {
        await call(ctx, ACTIONS.update, updateRequest(olds, news, seq), true);
        return { taskId: olds.taskId, sequenceNumber: seq };
      } catch (e) {
        // An earlier attempt with this number may have landed, or state missed a newer one: resend the
        // same (idempotent) settings with a higher number rather than drop them as Tencent suggests.
        if (isRtcError(e) && e.vendorCode === "FailedOperation.RequestOutdated" && attempt < 3) {
          seq = nextSequenceNumber(seq);
          continue;
        }
        // TaskFinished says the task ended; ResourceNotFound may also mean the TaskId is out of reach.
        if (isRtcError(e, "RTC_NOT_FOUND") && e.vendorCode !== "FailedOperation.TaskFinished" && mayBeOutOfReach(olds))
          throw outOfReach(e, olds);
        if (isRtcError(e, "RTC_NOT_FOUND")) {
          throw e.withMessage(
            `${e.message}. The relay has ended at Tencent (it stops by itself once the anchors have left for agentParams.maxIdleTime, and TaskIds older than 30 days cannot be reached)`,
          );
        }
        throw e;
      }
    }
  },
  stop: async (ctx, state) => {
    if (typeof state.taskId !== "string" || state.taskId === "") throw cannotStopUnconfirmed(state);
    try {
      // No RecordKey: a recording tied to one ends after its resume wait, so a replacement can continue the file.
      await call(ctx, ACTIONS.stop, { SdkAppId: state.sdkAppId, TaskId: state.taskId }, true);
    } catch (e) {
      // Stop answers ResourceNotFound both for an ended task and for one past its TaskId's reach.
      if (isRtcError(e, "RTC_NOT_FOUND") && mayBeOutOfReach(state)) throw outOfReach(e, state);
      throw e;
    }
  },
  // No read: Tencent has no call that describes a relay task, so refresh keeps state.
};
