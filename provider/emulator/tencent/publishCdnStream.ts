import { randomBytes } from "node:crypto";
import { TencentTranscoding } from "../../tasks/tencent/constants";
import { asArray, asObject, type Obj } from "../../util/values";
import { TASK_ID_REACH_MS } from "../../vendors/tencent/client";
import type { VendorReply } from "../server";
import type { EmulatedTask, EmulatorState } from "../state";
import { reply, TencentError, type TencentHandler } from "./gateway";

/** TRTC's relay to CDN: the three PublishCdnStream actions, with server-made TaskIds. */

const KIND = "PublishCdnStream";

/** Server-made task ids look like the documentation's sample: base64 with "-" and "." in it. */
const newTaskId = () => randomBytes(54).toString("base64").replace(/\//g, "-").replace(/=/g, ".");

const invalid = (message: string) => new TencentError("InvalidParameter", message);

/** Both mixing lists or neither ("黑白名单必须同时填写"). */
function checkAudioLists(audio: Obj): void {
  if ((audio.SubscribeAudioList === undefined) !== (audio.UnSubscribeAudioList === undefined)) {
    throw invalid("SubscribeAudioList and UnSubscribeAudioList must be given together.");
  }
}

/** A start names exactly one destination: CDN URLs or rooms to push back into. */
function checkDestinations(p: Obj): void {
  if ((p.PublishCdnParams === undefined) === (p.FeedBackRoomParams === undefined))
    throw invalid("Exactly one of PublishCdnParams and FeedBackRoomParams is required.");
}

/** Video settings the model cannot state: the encoding is required with video, and a layout entry stays inside the output. */
function checkVideo(video: unknown): void {
  const encode = asObject(asObject(video)?.VideoEncode);
  if (!encode) throw new TencentError("MissingParameter", "VideoParams.VideoEncode is required when video is output.");
  const list = asObject(asObject(video)?.LayoutParams)?.MixLayoutList;
  asArray(list).forEach((entry, i) => {
    const e = asObject(entry) ?? {};
    const n = (v: unknown) => (typeof v === "number" ? v : 0);
    if (n(e.LocationX) + n(e.ImageWidth) > n(encode.Width))
      throw invalid(`MixLayoutList[${i}]: LocationX + ImageWidth exceeds VideoEncode.Width.`);
    if (n(e.LocationY) + n(e.ImageHeight) > n(encode.Height))
      throw invalid(`MixLayoutList[${i}]: LocationY + ImageHeight exceeds VideoEncode.Height.`);
    const crop = asObject(e.CustomCrop);
    if (crop && (n(crop.LocationX) + n(crop.Width) > 10000 || n(crop.LocationY) + n(crop.Height) > 10000))
      throw invalid(`MixLayoutList[${i}].CustomCrop: location plus size exceeds 10000.`);
  });
}

const taskKey = (sdkAppId: unknown, taskId: unknown) => `${String(sdkAppId)}/${String(taskId)}`;

function startPublishCdnStream(p: Obj, state: EmulatorState): VendorReply {
  const robot = asObject(p.AgentParams)!.UserId;
  checkAudioLists(asObject(p.AudioParams)!);
  if (p.VideoParams !== undefined) checkVideo(p.VideoParams);
  if (p.SingleSubscribeParams !== undefined && p.WithTranscoding !== TencentTranscoding.Off)
    throw invalid("SingleSubscribeParams needs WithTranscoding 0.");
  checkDestinations(p);
  // The robot is a user in the room: a second one with the same UserId would take its place.
  const clash = state
    .list()
    .find(
      (t) =>
        t.vendor === "tencent" &&
        t.params.SdkAppId === p.SdkAppId &&
        t.params.RoomId === p.RoomId &&
        asObject(t.params.AgentParams)?.UserId === robot,
    );
  if (clash)
    throw new TencentError(
      "FailedOperation",
      `AgentParams.UserId ${String(robot)} is already used by a relay task in room ${String(p.RoomId)}; choose another UserId.`,
    );
  const taskId = newTaskId();
  const task = state.start("tencent", KIND, taskKey(p.SdkAppId, taskId), structuredClone(p));
  task.params.SequenceNumber = 0;
  return reply({ TaskId: taskId });
}

/** A task of this SdkAppId by TaskId: unknown, or out of the TaskId's reach → ResourceNotFound; ended → the caller's code. */
function existingTask(p: Obj, state: EmulatorState, endedCode: string): EmulatedTask {
  const t = state.get("tencent", taskKey(p.SdkAppId, p.TaskId));
  if (!t || Date.now() - t.startedAt >= TASK_ID_REACH_MS)
    throw new TencentError("ResourceNotFound", `Task ${String(p.TaskId)} does not exist.`);
  if (t.status !== "running") throw new TencentError(endedCode, `Task ${String(p.TaskId)} has already finished.`);
  return t;
}

const UPDATABLE = ["WithTranscoding", "VideoParams", "SingleSubscribeParams", "PublishCdnParams", "SeiParams", "FeedBackRoomParams"];

/** Incremental at every depth ("不填表示不更新"): what the request leaves out keeps its value; a list is replaced whole. */
function merged(old: unknown, update: unknown): unknown {
  const o = asObject(old);
  const u = asObject(update);
  if (!o || !u) return structuredClone(update);
  const out: Obj = { ...o };
  for (const [k, v] of Object.entries(u)) out[k] = merged(o[k], v);
  return out;
}

function updatePublishCdnStream(p: Obj, state: EmulatorState): VendorReply {
  const t = existingTask(p, state, "FailedOperation.TaskFinished");
  const seq = p.SequenceNumber as number;
  if (seq <= (t.params.SequenceNumber as number)) {
    throw new TencentError(
      "FailedOperation.RequestOutdated",
      `SequenceNumber ${seq} is not greater than the last one, ${String(t.params.SequenceNumber)}.`,
    );
  }
  const audio = asObject(p.AudioParams);
  if (audio) {
    checkAudioLists(audio);
    if (
      audio.AudioEncode !== undefined &&
      JSON.stringify(audio.AudioEncode) !== JSON.stringify(asObject(t.params.AudioParams)?.AudioEncode)
    ) {
      throw invalid("The audio codec, sample rate, bitrate and channels cannot be updated.");
    }
  }
  if (p.VideoParams !== undefined) {
    if (t.params.VideoParams === undefined) throw invalid("A task cannot switch between audio-only and audio+video.");
    if (p.WithTranscoding !== TencentTranscoding.On) throw invalid("VideoParams can be updated only while transcoding.");
    checkVideo(merged(t.params.VideoParams, p.VideoParams));
  }
  if (p.SingleSubscribeParams !== undefined && p.WithTranscoding !== TencentTranscoding.Off)
    throw invalid("SingleSubscribeParams can be updated only without transcoding.");
  for (const k of UPDATABLE) if (p[k] !== undefined) t.params[k] = merged(t.params[k], p[k]);
  if (audio?.SubscribeAudioList !== undefined) {
    t.params.AudioParams = {
      ...asObject(t.params.AudioParams),
      SubscribeAudioList: audio.SubscribeAudioList,
      UnSubscribeAudioList: audio.UnSubscribeAudioList,
    };
  }
  t.params.SequenceNumber = seq;
  t.updates++;
  return reply({ TaskId: p.TaskId });
}

function stopPublishCdnStream(p: Obj, state: EmulatorState): VendorReply {
  // An ended or unknown task answers ResourceNotFound, the one not-found code Stop declares (https://cloud.tencent.com/document/api/647/81478).
  const t = existingTask(p, state, "ResourceNotFound");
  state.end(t, "StopByAPI");
  return reply({ TaskId: p.TaskId });
}

export const publishCdnStreamActions: Record<string, TencentHandler> = {
  StartPublishCdnStream: startPublishCdnStream,
  UpdatePublishCdnStream: updatePublishCdnStream,
  StopPublishCdnStream: stopPublishCdnStream,
};
