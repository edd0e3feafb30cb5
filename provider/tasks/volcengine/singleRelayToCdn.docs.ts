import { adopt, DERIVED_NAME, REPLACES, VOLCENGINE_ID, VOLCENGINE_READ_WINDOW } from "../docs";

/**
 * What each input of a Volcengine single-stream relay to CDN means (the Args' doc comments): facts
 * from the README's table and the vendor's model (StartPushSingleStreamToCDNRequest, SingleControl,
 * SingleStream), in our words. The vendor has no update call: every change replaces the task.
 */
export const volcengineSingleRelayToCdnDocs: Readonly<Record<string, string>> = {
  adopt: adopt("appId, roomId and taskId", VOLCENGINE_READ_WINDOW),
  appId: `The Volcengine RTC app (AppId) whose room holds the stream: ${VOLCENGINE_ID} ${REPLACES}`,
  roomId: `The room the stream is published in: ${VOLCENGINE_ID} ${REPLACES}`,
  taskId: `The task's id; appId, roomId and taskId name the task at Volcengine: ${VOLCENGINE_ID} ${DERIVED_NAME} ${REPLACES} A pinned taskId makes a replacement stop the old task before the new one starts.`,
  pushUrl:
    "The RTMP address the stream is pushed to: rtmp:// or rtmps:// (RTMP over TLS), with a host. Stored as a secret, since it usually carries the stream key. Changing it replaces the task; a replacement that keeps it stops the old task first.",
  businessId: `A business identifier (BusinessId) of your choosing that Volcengine keeps with the task: ${VOLCENGINE_ID} Left out: none. ${REPLACES}`,
  stream: `The stream to relay: its video passes through untouched, its audio is re-encoded to AAC. Required. ${REPLACES}`,
  "stream.userId": `The user who publishes the stream: ${VOLCENGINE_ID}`,
  "stream.streamType": "Which of the user's streams: VolcengineStreamType.Camera (0, the default) or VolcengineStreamType.Screen (1).",
  control: `How the task runs. Left out: the vendor's defaults (an empty Control is sent, since the vendor requires one). ${REPLACES}`,
  "control.maxIdleTime": "Seconds the task goes on with nobody publishing before Volcengine ends it: 10 to 86400. Default 180.",
  "control.mediaType":
    "What the task pushes: VolcengineMediaType.AudioAndVideo (0, the default) or AudioOnly (1); the vendor has no video only.",
};
