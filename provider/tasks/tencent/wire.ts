import { UNKNOWN } from "../../lifecycle/changes";
import { tencentCall } from "../../vendors/tencent/client";
import type { Inputs, State, TaskContext } from "../kind";
import { toVendorFields } from "../kind";
import { asObject, type Obj } from "../../util/values";
import { TencentTranscoding } from "./constants";

/**
 * The PublishCdnStream requests, built from a task's inputs. Our camelCase maps onto Tencent's
 * PascalCase by capitalising the first letter only (SdkAppId, BackGroundColor, EnableStreamSEI...),
 * so no renames are needed.
 */
const vendor = (v: unknown) => toVendorFields(v) as Record<string, unknown>;

const obj = asObject;

/** Tencent wants both mixing lists or neither ("黑白名单必须同时填写"); an empty list means "no list". */
function audioLists(audio: Obj | undefined, always: boolean): Obj {
  const white = audio?.subscribeAudioList;
  const black = audio?.unSubscribeAudioList;
  if (!always && white === undefined && black === undefined) return {};
  return { SubscribeAudioList: vendor(white ?? []), UnSubscribeAudioList: vendor(black ?? []) };
}

export function startRequest(i: Inputs): Obj {
  const audio = obj(i.audioParams);
  const agent = obj(i.agentParams) ?? {};
  const body: Obj = {
    SdkAppId: i.sdkAppId,
    RoomId: i.roomId,
    RoomIdType: i.roomIdType,
    AgentParams: vendor({ userId: i.agentUserId, userSig: agent.userSig, maxIdleTime: agent.maxIdleTime }),
    WithTranscoding: i.withTranscoding,
    AudioParams: { AudioEncode: vendor(audio?.audioEncode), ...audioLists(audio, false) },
  };
  for (const k of ["videoParams", "singleSubscribeParams", "publishCdnParams", "seiParams", "feedBackRoomParams", "recordParams"]) {
    if (i[k] !== undefined) body[k.charAt(0).toUpperCase() + k.slice(1)] = vendor(i[k]);
  }
  return body;
}

/**
 * UpdatePublishCdnStream is incremental: what it leaves out keeps its old value. So it always names
 * everything that can change, as declared now (the old guidance: "to turn transcoding on or off, still
 * send all the other parameters"); removals that cannot be said this way replace the task instead
 * (see `updatablePaths`). The audio encoding cannot change, so only the mixing lists go.
 */
export function updateRequest(state: State, news: Inputs, sequenceNumber: number): Obj {
  const body: Obj = {
    SdkAppId: news.sdkAppId,
    TaskId: state.taskId,
    SequenceNumber: sequenceNumber,
    WithTranscoding: news.withTranscoding,
    AudioParams: audioLists(obj(news.audioParams), true),
  };
  // Video settings change only while transcoding; a single stream only while not.
  if (news.videoParams !== undefined && news.withTranscoding === TencentTranscoding.On) body.VideoParams = vendor(news.videoParams);
  for (const k of ["singleSubscribeParams", "publishCdnParams", "seiParams", "feedBackRoomParams"]) {
    if (news[k] !== undefined) body[k.charAt(0).toUpperCase() + k.slice(1)] = vendor(news[k]);
  }
  return body;
}

/**
 * Dotted input paths UpdatePublishCdnStream changes (https://cloud.tencent.com/document/api/647/81477). Its
 * update is incremental at every depth ("不填表示不更新", model notes): a field it is not sent keeps its
 * value. So only what the new inputs name can change in place, down to each leaf: a removed field,
 * however deep (seiParams.passThrough.interval, a watermark's zOrder), cannot be said in an update
 * and replaces the task, rather than being planned as a change the vendor would never make. Lists are
 * sent whole, so a shorter one is said in place (waterMarkList: [] drops the watermarks), and so are
 * the mixing lists, which an update always sends, empty when not declared: that clears them.
 * Video settings change in place only on a task that already carries video: adding or removing
 * `videoParams` switches between audio-only and audio+video, which Tencent refuses on a running task.
 */
export function updatablePaths(news: Inputs, olds: State): string[] {
  const paths = ["withTranscoding", "audioParams.subscribeAudioList", "audioParams.unSubscribeAudioList"];
  const video = news.withTranscoding === TencentTranscoding.On && obj(olds.videoParams) ? ["videoParams"] : [];
  for (const k of ["publishCdnParams", "feedBackRoomParams", "singleSubscribeParams", "seiParams", ...video])
    paths.push(...leafPaths(news[k], k));
  return paths;
}

/** The robot in its room: what names a relay before Tencent gives it a TaskId. */
export const robotKey = (i: Inputs): string => `robot:${String(i.sdkAppId)}/${String(i.roomId)}/${String(i.agentUserId)}`;

/** The dotted paths of the values a declared input holds: objects walked, lists and scalars whole. */
function leafPaths(v: unknown, at: string): string[] {
  if (v === undefined) return [];
  const o = obj(v);
  if (!o) return [at];
  return Object.entries(o).flatMap(([k, x]) => leafPaths(x, `${at}.${k}`));
}

/** Keys two running tasks cannot share: the robot user in the room, each CDN URL, each push-back user. */
export function clashKeys(i: Inputs): string[] {
  const keys = [robotKey(i)];
  const each = (list: unknown, key: (e: Obj) => string, name: string) => {
    // An entry not known yet (preview) may turn out to be any URL or room: a key that may clash.
    if (Array.isArray(list)) for (const e of list) keys.push(e === UNKNOWN ? `${name}:${UNKNOWN}` : key(obj(e) ?? {}));
    else if (list === UNKNOWN) keys.push(`${name}:${UNKNOWN}`); // not known yet: may clash
  };
  each(i.publishCdnParams, (p) => `push:${String(p.publishCdnUrl)}`, "push");
  each(i.feedBackRoomParams, (f) => `feedback:${i.sdkAppId}/${String(f.roomId)}/${String(f.userId)}`, "feedback");
  return keys;
}

/**
 * UpdatePublishCdnStream orders requests by SequenceNumber, which must grow on every update of a task.
 * State keeps the last one; the clock (in seconds, so it stays a 32-bit integer until 2038) makes it
 * grow also when that state was lost, e.g. after an update that ran but whose answer did not arrive.
 */
export function nextSequenceNumber(last: unknown, now = Date.now()): number {
  const prev = typeof last === "number" && Number.isFinite(last) ? last : 0;
  return Math.max(prev + 1, Math.floor(now / 1000));
}

export async function call(ctx: TaskContext, action: string, params: Obj, idempotent: boolean): Promise<Obj> {
  const { response } = await tencentCall({ action, params, idempotent, redact: ctx.redact });
  return response;
}
