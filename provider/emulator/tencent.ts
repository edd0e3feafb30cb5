import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { checkRequest, vendorModels, type Problem } from "../vendors/model";
import { ALL_TENCENT_REGIONS, TASK_ID_REACH_MS, TRTC_SERVICE, TRTC_VERSION } from "../vendors/tencent/client";
import { parseTc3Authorization, tc3Date, tc3SigningKey, tc3StringToSign } from "../vendors/tencent/signer";
import { asArray, asObject, headerValue, sha256Hex } from "../util/values";
import type { VendorModule, VendorReply, VendorRequest } from "./server";
import type { EmulatedTask, EmulatorState } from "./state";

/**
 * Tencent Cloud TRTC's relay-to-CDN API (2019-07-22) as the emulator speaks it: the API 3.0 gateway
 * (TC3-HMAC-SHA256, ±5 min clock skew, region, 20 requests/s per action and SecretId) and the three
 * PublishCdnStream actions, with server-made TaskIds.
 */

/** Test credentials the emulator accepts (not secrets: they open nothing but the emulator). */
export const TENCENT_TEST_CREDENTIALS = { secretId: "AKIDEMULATOR0000000000000000000000", secretKey: "ZW11bGF0b3ItdGVuY2VudC1zZWNyZXQ" };
export const TENCENT_EMULATOR_REGION = "ap-guangzhou";

const MAX_SKEW_S = 5 * 60;
const QPS = 20;
const KIND = "PublishCdnStream";

export class TencentError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The API 3.0 envelope: everything, errors included, in an HTTP 200. */
const reply = (response: Record<string, unknown>): VendorReply => ({ status: 200, body: { Response: { ...response, RequestId: randomUUID() } } });
const fail = (e: TencentError): VendorReply => reply({ Error: { Code: e.code, Message: e.message } });

/** Checks a TC3-HMAC-SHA256 signature as the gateway does, over the headers the request says it signed. */
export function verifyTc3(req: VendorRequest, nowS = Math.floor(Date.now() / 1000)): { secretId: string } {
  const auth = headerValue(req.headers, "authorization");
  if (!auth) throw new TencentError("AuthFailure.SignatureFailure", "The request has no Authorization header.");
  const parsed = parseTc3Authorization(auth);
  if (!parsed) throw new TencentError("AuthFailure.InvalidAuthorization", "The Authorization header is not a TC3-HMAC-SHA256 signature.");
  const tsText = headerValue(req.headers, "x-tc-timestamp");
  if (!tsText || !/^\d{1,12}$/.test(tsText)) throw new TencentError("MissingParameter", "The X-TC-Timestamp header is missing or is not a number.");
  const ts = Number(tsText);
  if (Math.abs(nowS - ts) > MAX_SKEW_S) throw new TencentError("AuthFailure.SignatureExpire", `The signature expired: X-TC-Timestamp ${ts} is more than 5 minutes from server time ${nowS}.`);
  if (parsed.secretId !== TENCENT_TEST_CREDENTIALS.secretId) throw new TencentError("AuthFailure.SecretIdNotFound", "The SecretId does not exist.");
  const signed = parsed.signedHeaders;
  if (!signed.includes("content-type") || !signed.includes("host") || [...signed].sort().join(";") !== signed.join(";")) {
    throw new TencentError("AuthFailure.SignatureFailure", "SignedHeaders must list content-type and host, sorted.");
  }
  // The service is the first label of the host the request was sent to, as the official SDK takes it
  // from its endpoint ("trtc" for trtc.tencentcloudapi.com, "127" for 127.0.0.1:<port>); "trtc" is
  // also accepted, which is what this package signs when pointed at the emulator.
  const host = (headerValue(req.headers, "host") ?? "").trim().toLowerCase();
  if (parsed.date !== tc3Date(ts) || ![TRTC_SERVICE, host.split(".")[0]].includes(parsed.service)) {
    throw new TencentError("AuthFailure.SignatureFailure", "The credential scope does not match the timestamp's UTC date, or names a service other than trtc or the host's first label.");
  }
  // The Host header carries the port of a non-default one; the official SDK signs the host name without it.
  const given = Buffer.from(parsed.signature, "hex");
  const matches = [host, host.replace(/:\d+$/, "")].some((signedHost) => {
    const canonicalHeaders = signed.map((h) => `${h}:${h === "host" ? signedHost : (headerValue(req.headers, h) ?? "").trim().toLowerCase()}\n`).join("");
    const query = req.method === "POST" ? "" : req.url.search.slice(1);
    const canonical = [req.method, req.url.pathname, query, canonicalHeaders, signed.join(";"), sha256Hex(req.body)].join("\n");
    const toSign = tc3StringToSign(ts, `${parsed.date}/${parsed.service}/tc3_request`, canonical);
    const expected = createHmac("sha256", tc3SigningKey(TENCENT_TEST_CREDENTIALS.secretKey, parsed.date, parsed.service)).update(toSign).digest();
    return timingSafeEqual(expected, given);
  });
  if (!matches) {
    throw new TencentError("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
  }
  return { secretId: parsed.secretId };
}

/** Server-made task ids look like the documentation's sample: base64 with "-" and "." in it. */
const newTaskId = () => randomBytes(54).toString("base64").replace(/\//g, "-").replace(/=/g, ".");

type Params = Record<string, unknown>;
const invalid = (message: string) => new TencentError("InvalidParameter", message);

const MODEL = vendorModels.tencent;

/** API 3.0's common codes for each way a parameter can be wrong. */
const CODES: Record<Problem, string> = {
  missing: "MissingParameter", unknown: "UnknownParameter", type: "InvalidParameter",
  range: "InvalidParameterValue", enum: "InvalidParameterValue", pattern: "InvalidParameterValue", length: "InvalidParameterValue", items: "InvalidParameterValue",
};

/** The gateway's parameter check, from the vendor's model (provider/vendors/tencent): the first problem found. */
function checkAgainstModel(action: string, p: Params): void {
  const [issue] = checkRequest(MODEL, action, p);
  if (!issue) return;
  const message = issue.problem === "missing" ? `The request is missing a required parameter \`${issue.path}\`.`
    : issue.problem === "unknown" ? `The parameter \`${issue.path}\` is not recognized.`
    : `The value of parameter \`${issue.path}\` is invalid: it ${issue.message}.`;
  throw new TencentError(CODES[issue.problem], message);
}

/** Both mixing lists or neither ("黑白名单必须同时填写"). */
function checkAudioLists(audio: Params): void {
  if ((audio.SubscribeAudioList === undefined) !== (audio.UnSubscribeAudioList === undefined)) {
    throw invalid("SubscribeAudioList and UnSubscribeAudioList must be given together.");
  }
}

/** A start names exactly one destination: CDN URLs or rooms to push back into. */
function checkDestinations(p: Params): void {
  if ((p.PublishCdnParams === undefined) === (p.FeedBackRoomParams === undefined)) throw invalid("Exactly one of PublishCdnParams and FeedBackRoomParams is required.");
}

/** Video settings the model cannot state: the encoding is required with video, and a layout entry stays inside the output. */
function checkVideo(video: unknown): void {
  const encode = asObject(asObject(video)?.VideoEncode);
  if (!encode) throw new TencentError("MissingParameter", "VideoParams.VideoEncode is required when video is output.");
  const list = asObject(asObject(video)?.LayoutParams)?.MixLayoutList;
  asArray(list).forEach((entry, i) => {
    const e = asObject(entry) ?? {};
    const n = (v: unknown) => (typeof v === "number" ? v : 0);
    if (n(e.LocationX) + n(e.ImageWidth) > n(encode.Width)) throw invalid(`MixLayoutList[${i}]: LocationX + ImageWidth exceeds VideoEncode.Width.`);
    if (n(e.LocationY) + n(e.ImageHeight) > n(encode.Height)) throw invalid(`MixLayoutList[${i}]: LocationY + ImageHeight exceeds VideoEncode.Height.`);
    const crop = asObject(e.CustomCrop);
    if (crop && (n(crop.LocationX) + n(crop.Width) > 10000 || n(crop.LocationY) + n(crop.Height) > 10000)) throw invalid(`MixLayoutList[${i}].CustomCrop: location plus size exceeds 10000.`);
  });
}

const taskKey = (sdkAppId: unknown, taskId: unknown) => `${String(sdkAppId)}/${String(taskId)}`;

function startPublishCdnStream(p: Params, state: EmulatorState): VendorReply {
  const robot = asObject(p.AgentParams)!.UserId;
  checkAudioLists(asObject(p.AudioParams)!);
  if (p.VideoParams !== undefined) checkVideo(p.VideoParams);
  if (p.SingleSubscribeParams !== undefined && p.WithTranscoding !== 0) throw invalid("SingleSubscribeParams needs WithTranscoding 0.");
  checkDestinations(p);
  // The robot is a user in the room: a second one with the same UserId would take its place.
  const clash = state.list().find((t) => t.vendor === "tencent" && t.params.SdkAppId === p.SdkAppId && t.params.RoomId === p.RoomId && asObject(t.params.AgentParams)?.UserId === robot);
  if (clash) throw new TencentError("FailedOperation", `AgentParams.UserId ${String(robot)} is already used by a relay task in room ${String(p.RoomId)}; choose another UserId.`);
  const taskId = newTaskId();
  const task = state.start("tencent", KIND, taskKey(p.SdkAppId, taskId), structuredClone(p));
  task.params.SequenceNumber = 0;
  return reply({ TaskId: taskId });
}

/** A task of this SdkAppId by TaskId: unknown, or out of the TaskId's reach → ResourceNotFound; ended → the caller's code. */
function existingTask(p: Params, state: EmulatorState, endedCode: string): EmulatedTask {
  const t = state.get("tencent", taskKey(p.SdkAppId, p.TaskId));
  if (!t || Date.now() - t.startedAt >= TASK_ID_REACH_MS) throw new TencentError("ResourceNotFound", `Task ${String(p.TaskId)} does not exist.`);
  if (t.status !== "running") throw new TencentError(endedCode, `Task ${String(p.TaskId)} has already finished.`);
  return t;
}

const UPDATABLE = ["WithTranscoding", "VideoParams", "SingleSubscribeParams", "PublishCdnParams", "SeiParams", "FeedBackRoomParams"];

/** Incremental at every depth ("不填表示不更新"): what the request leaves out keeps its value; a list is replaced whole. */
function merged(old: unknown, update: unknown): unknown {
  const o = asObject(old);
  const u = asObject(update);
  if (!o || !u) return structuredClone(update);
  const out: Params = { ...o };
  for (const [k, v] of Object.entries(u)) out[k] = merged(o[k], v);
  return out;
}

function updatePublishCdnStream(p: Params, state: EmulatorState): VendorReply {
  const t = existingTask(p, state, "FailedOperation.TaskFinished");
  const seq = p.SequenceNumber as number;
  if (seq <= (t.params.SequenceNumber as number)) {
    throw new TencentError("FailedOperation.RequestOutdated", `SequenceNumber ${seq} is not greater than the last one, ${String(t.params.SequenceNumber)}.`);
  }
  const audio = asObject(p.AudioParams);
  if (audio) {
    checkAudioLists(audio);
    if (audio.AudioEncode !== undefined && JSON.stringify(audio.AudioEncode) !== JSON.stringify(asObject(t.params.AudioParams)?.AudioEncode)) {
      throw invalid("The audio codec, sample rate, bitrate and channels cannot be updated.");
    }
  }
  if (p.VideoParams !== undefined) {
    if (t.params.VideoParams === undefined) throw invalid("A task cannot switch between audio-only and audio+video.");
    if (p.WithTranscoding !== 1) throw invalid("VideoParams can be updated only while transcoding.");
    checkVideo(merged(t.params.VideoParams, p.VideoParams));
  }
  if (p.SingleSubscribeParams !== undefined && p.WithTranscoding !== 0) throw invalid("SingleSubscribeParams can be updated only without transcoding.");
  for (const k of UPDATABLE) if (p[k] !== undefined) t.params[k] = merged(t.params[k], p[k]);
  if (audio?.SubscribeAudioList !== undefined) {
    t.params.AudioParams = { ...asObject(t.params.AudioParams), SubscribeAudioList: audio.SubscribeAudioList, UnSubscribeAudioList: audio.UnSubscribeAudioList };
  }
  t.params.SequenceNumber = seq;
  t.updates++;
  return reply({ TaskId: p.TaskId });
}

function stopPublishCdnStream(p: Params, state: EmulatorState): VendorReply {
  // An ended or unknown task answers ResourceNotFound, the one not-found code Stop declares (reference A.2).
  const t = existingTask(p, state, "ResourceNotFound");
  state.end(t, "StopByAPI");
  return reply({ TaskId: p.TaskId });
}

export const tencentActions: Record<string, (p: Params, state: EmulatorState) => VendorReply> = {
  StartPublishCdnStream: startPublishCdnStream,
  UpdatePublishCdnStream: updatePublishCdnStream,
  StopPublishCdnStream: stopPublishCdnStream,
};

export const tencentEmulator: VendorModule = {
  vendor: "tencent",
  action: (req) => headerValue(req.headers, "x-tc-action"),
  throttled: () => fail(new TencentError("RequestLimitExceeded", "Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.")),
  internalError: () => fail(new TencentError("InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us.")),
  idleStopReason: "AllAnchorsLeftForMaxIdleTime",
  describe: (endpoint) => ({ endpoint, region: TENCENT_EMULATOR_REGION, regions: ALL_TENCENT_REGIONS, ...TENCENT_TEST_CREDENTIALS }),
  env: (endpoint) => ({
    TENCENTCLOUD_ENDPOINT: endpoint,
    TENCENTCLOUD_REGION: TENCENT_EMULATOR_REGION,
    TENCENTCLOUD_SECRET_ID: TENCENT_TEST_CREDENTIALS.secretId,
    TENCENTCLOUD_SECRET_KEY: TENCENT_TEST_CREDENTIALS.secretKey,
  }),
  handle(req, action, state) {
    try {
      if (req.method !== "POST") throw new TencentError("UnsupportedProtocol", "The emulator serves POST requests with a JSON body.");
      const { secretId } = verifyTc3(req);
      const handler = Object.hasOwn(tencentActions, action) ? tencentActions[action] : undefined;
      if (!handler) throw new TencentError("InvalidAction", `The action \`${action}\` does not exist.`);
      const version = headerValue(req.headers, "x-tc-version");
      if (version !== TRTC_VERSION) throw new TencentError("NoSuchVersion", `The API version \`${version ?? ""}\` does not exist.`);
      const region = headerValue(req.headers, "x-tc-region");
      if (!region) throw new TencentError("MissingParameter", "The request is missing a required parameter `Region`.");
      if (!ALL_TENCENT_REGIONS.includes(region)) throw new TencentError("UnsupportedRegion", `The action \`${action}\` does not support the region \`${region}\`.`);
      if (!state.admit(`tencent:${secretId}:${action}`, QPS)) {
        throw new TencentError("RequestLimitExceeded", `Your current request times exceed the frequency limit \`${QPS}\` for a second for ${action}.`);
      }
      let params: Params;
      try {
        params = asObject(JSON.parse(req.body)) ?? {};
      } catch {
        throw new TencentError("InvalidParameter", "The request body is not valid JSON.");
      }
      checkAgainstModel(action, params);
      return handler(params, state);
    } catch (e) {
      if (e instanceof TencentError) {
        if (e.code.startsWith("AuthFailure")) state.stats.rejectedSignatures++;
        return fail(e);
      }
      throw e;
    }
  },
};
