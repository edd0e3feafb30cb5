import { UNKNOWN } from "../../lifecycle/changes";
import { asArray, asObject } from "../../util/values";
import {
  TencentAudioCodec,
  TencentLayoutBackgroundRenderMode,
  TencentMixLayoutMode,
  TencentRoomIdType,
  TencentTranscoding,
  TencentUniRecord,
  TencentWaterMarkType,
} from "./constants";

/**
 * The rules of a Tencent relay's inputs that tie properties together (the schema in ./schema.ts checks
 * each property alone). Written over unknown values: they run on any input, at preview too, where some
 * values are not known yet.
 */

export type Issue = { path: (string | number)[]; message: string };
const known = (v: unknown) => v !== undefined && v !== UNKNOWN;
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** A room id must be written the way its type says: 1-4294967294 for integer rooms, 1-64 bytes for string rooms. */
function roomIdRule(roomId: unknown, type: unknown): string | undefined {
  if (typeof roomId !== "string" || roomId === UNKNOWN || roomId.includes(UNKNOWN)) return undefined;
  if (type === TencentRoomIdType.Integer && !(/^[1-9]\d{0,9}$/.test(roomId) && Number(roomId) <= 4_294_967_294))
    return "must be a whole number from 1 to 4294967294 when roomIdType is 0 (integer room id)";
  if (type === TencentRoomIdType.String && Buffer.byteLength(roomId, "utf8") > 64) return "must be at most 64 bytes (string room id)";
  return undefined;
}

/** Rules that tie properties together; written over unknown values, since they run on any input. */
export function crossFieldIssues(v: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });

  const roomRule = roomIdRule(v.roomId, v.roomIdType);
  if (roomRule) add(["roomId"], roomRule);
  asArray(v.feedBackRoomParams).forEach((f, i) => {
    const rule = roomIdRule(asObject(f)?.roomId, asObject(f)?.roomIdType);
    if (rule) add(["feedBackRoomParams", i, "roomId"], rule);
  });

  // Exactly one destination: CDN URLs, or TRTC rooms to push back into.
  const cdn = known(v.publishCdnParams);
  const rooms = known(v.feedBackRoomParams);
  if (v.publishCdnParams === undefined && v.feedBackRoomParams === undefined)
    add(["publishCdnParams"], "is required (or feedBackRoomParams, to push back into TRTC rooms)");
  if (cdn && rooms)
    add(["feedBackRoomParams"], "cannot be given together with publishCdnParams: a task pushes either to CDNs or back into rooms");
  // URLs not known yet (preview) cannot be compared: they may well differ.
  const urls = asArray(v.publishCdnParams)
    .map((p) => asObject(p)?.publishCdnUrl)
    .filter((u) => typeof u === "string" && u !== UNKNOWN);
  if (new Set(urls).size !== urls.length) add(["publishCdnParams"], "must not list the same URL twice");

  if (known(v.singleSubscribeParams) && num(v.withTranscoding) === TencentTranscoding.On) {
    add(["singleSubscribeParams"], "needs withTranscoding 0: a single stream is relayed without transcoding");
  }

  const enc = asObject(asObject(v.audioParams)?.audioEncode);
  if (enc) {
    if (enc.codec === TencentAudioCodec.HEv2 && enc.channel === 1)
      add(["audioParams", "audioEncode", "channel"], "must be 2: HE-AACv2 (codec 2) is stereo only");
    if ((enc.codec === TencentAudioCodec.HE || enc.codec === TencentAudioCodec.HEv2) && enc.sampleRate === 8000)
      add(["audioParams", "audioEncode", "sampleRate"], "must be 16000 or more with HE-AAC (codec 1 or 2)");
  }

  const video = asObject(v.videoParams);
  const canvas = asObject(video?.videoEncode);
  const layout = asObject(video?.layoutParams);
  if (layout && known(layout.mixLayoutList) && layout.mixLayoutMode !== TencentMixLayoutMode.Custom && layout.mixLayoutMode !== UNKNOWN) {
    add(["videoParams", "layoutParams", "mixLayoutList"], "applies only to mixLayoutMode 4 (custom layout)");
  }
  asArray(layout?.mixLayoutList).forEach((entry, i) => {
    const e = asObject(entry);
    if (!e) return;
    const at = ["videoParams", "layoutParams", "mixLayoutList", i];
    const fits = (offset: unknown, size: unknown, total: unknown) =>
      num(offset) === undefined || num(total) === undefined || num(offset)! + (num(size) ?? 0) <= num(total)!;
    if (!fits(e.locationX, e.imageWidth, canvas?.width))
      add([...at, "locationX"], "locationX + imageWidth must not exceed videoEncode.width");
    if (!fits(e.locationY, e.imageHeight, canvas?.height))
      add([...at, "locationY"], "locationY + imageHeight must not exceed videoEncode.height");
    const crop = asObject(e.customCrop);
    if (
      crop &&
      ((num(crop.locationX) ?? 0) + (num(crop.width) ?? 0) > 10000 || (num(crop.locationY) ?? 0) + (num(crop.height) ?? 0) > 10000)
    ) {
      add([...at, "customCrop"], "location plus size must not exceed 10000");
    }
    if (e.backgroundRenderMode === TencentLayoutBackgroundRenderMode.Custom && e.backgroundCustomRender === undefined)
      add([...at, "backgroundCustomRender"], "is required with backgroundRenderMode 4 (custom render)");
  });
  asArray(video?.waterMarkList).forEach((w, i) => {
    const m = asObject(w);
    if (!m || m.waterMarkType === UNKNOWN) return;
    const text = m.waterMarkType === TencentWaterMarkType.Text;
    const needed = text ? "waterMarkText" : "waterMarkImage";
    if (m[needed] === undefined)
      add(["videoParams", "waterMarkList", i, needed], `is required with waterMarkType ${text ? "1 (text)" : "0 (image, the default)"}`);
  });

  const pass = asObject(asObject(v.seiParams)?.passThrough);
  if (pass?.payloadType === 5 && pass.payloadUuid === undefined)
    add(["seiParams", "passThrough", "payloadUuid"], "is required with payloadType 5");

  const rec = asObject(v.recordParams);
  if (rec && typeof rec.uniRecord === "number" && rec.uniRecord !== TencentUniRecord.Parameters) {
    for (const k of ["recordWaitTime", "recordFormat", "maxMediaFileDuration", "streamType", "mcuStorageParams"]) {
      if (rec[k] !== undefined) add(["recordParams", k], "applies only with uniRecord 3 (record with these parameters)");
    }
  }
  const storage = asObject(rec?.mcuStorageParams);
  if (storage && storage.cloudStorage !== undefined && storage.mcuCloudVod !== undefined) {
    add(["recordParams", "mcuStorageParams"], "must name one storage: cloudStorage or mcuCloudVod, not both");
  }
  return issues;
}
