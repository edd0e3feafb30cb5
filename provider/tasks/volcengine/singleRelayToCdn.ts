import { z } from "zod";
import type { TaskKind } from "../kind";
import { int, internalInputs, oneOfConstant, vendorId } from "../schema";
import { VolcengineMediaType, VolcengineStreamType } from "./constants";
import { volcengineSingleRelayToCdnDocs } from "./singleRelayToCdn.docs";
import { body, readsBack, relayIdentityFields, repeatableStart, stopBy, taskIdOf, taskKey, TASK_ID_AUTONAME } from "./common";

/**
 * Volcengine single-stream relay to CDN (https://www.volcengine.com/docs/6348/1188206): pushes one user's stream, video
 * untouched and audio re-encoded to AAC, to an RTMP URL. The vendor has no update call, so every
 * change replaces the task.
 */
const schema = z.strictObject({
  ...internalInputs,
  ...relayIdentityFields,
  stream: z.strictObject(
    {
      userId: vendorId(),
      streamType: oneOfConstant({ VolcengineStreamType }, "0 camera, 1 screen").optional(),
    },
    { error: "must be an object with the userId of the stream to relay" },
  ),
  control: z
    .strictObject({
      maxIdleTime: int(10, 86400).optional(),
      mediaType: oneOfConstant({ VolcengineMediaType }, "0 audio and video, 1 audio only", [
        VolcengineMediaType.AudioAndVideo,
        VolcengineMediaType.AudioOnly,
      ]).optional(),
    })
    .optional(),
});

/** The vendor calls behind each step. */
const ACTIONS = { start: "StartPushSingleStreamToCDN", stop: "StopPushStreamToCDN", read: "GetPushSingleStreamToCDNTask" } as const;

export const volcengineSingleRelayToCdn: TaskKind = {
  type: "VolcengineSingleRelayToCdn",
  vendor: "volcengine",
  name: "single-stream relay to CDN",
  summary:
    "A Volcengine RTC single-stream relay to CDN (StartPushSingleStreamToCDN): pushes one user's stream, video untouched, to an RTMP URL. The vendor has no update call: every change replaces the task, stopping the old one first when the task id or push URL stays the same.",
  identity: ["appId", "roomId", "taskId"],
  docs: volcengineSingleRelayToCdnDocs,
  actions: ACTIONS,
  schema,
  id: taskIdOf,
  autoNames: [TASK_ID_AUTONAME],
  // No `updatable`: StartPushSingleStreamToCDN has no update call, so any change is Stop + Start.
  clashKeys: (i) => [taskKey(i), `push:${i.pushUrl}`],
  secretInputs: ["pushUrl"],
  outputs: {},
  // The API declares Control required; an empty one means the vendor's defaults.
  ...repeatableStart(ACTIONS.start, (inputs) => ({ ...body(inputs), Control: body({ ...(inputs.control as object | undefined) }) })),
  // Single and mixed relays share one stop call.
  stop: stopBy(ACTIONS.stop, ["appId", "roomId", "taskId"]),
  ...readsBack(ACTIONS.read, "PushSingleStreamToCDNTask"),
};
