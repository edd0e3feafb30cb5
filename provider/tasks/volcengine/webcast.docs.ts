import { adopt, DERIVED_NAME, REPLACES, VOLCENGINE_ID, VOLCENGINE_READ_WINDOW } from "../docs";

/**
 * What each input of a Volcengine cloud webcast means (the Args' doc comments): facts from the
 * README's table and the vendor's model (StartWebcastRequest and the types it names), in our words.
 * The vendor has no update call: every change replaces the task.
 */
const checkInterval = (what: string) => `How often Volcengine checks the page for ${what}, in seconds: 0 (off, the default) or 2 to 30.`;

export const volcengineWebcastDocs: Readonly<Record<string, string>> = {
  adopt: adopt("appId, roomId and taskId", VOLCENGINE_READ_WINDOW),
  appId: `The Volcengine RTC app (AppId) of the room the page publishes into: ${VOLCENGINE_ID} ${REPLACES}`,
  roomId: `The room the page joins and publishes into: ${VOLCENGINE_ID} ${REPLACES}`,
  taskId: `The task's id; appId, roomId and taskId name the task at Volcengine: ${VOLCENGINE_ID} ${DERIVED_NAME} ${REPLACES} A pinned taskId makes a replacement stop the old page before the new one starts.`,
  userId: `The user the page publishes as: ${VOLCENGINE_ID} A user who joins the room with the same id pushes the earlier one out. Left out: webcast_<resource name> (characters outside the rule become -), kept across replacements so that the app or a mix layout can name the page's stream. ${REPLACES} A replacement that keeps the room and userId stops the old page first.`,
  sourceUrl:
    "The page to render: http(s)://, at most 1024 bytes (the vendor's limit is 1024 characters); it must work in the vendor's Chrome 117. Stored as a secret, since its query may carry an access token. Changing it replaces the task.",
  businessId: `A business identifier (BusinessId) of your choosing that Volcengine keeps with the task: ${VOLCENGINE_ID} Left out: none. ${REPLACES}`,
  maxRunningTime: `Seconds after which Volcengine ends the task: 10 to 86400. Default 86400 (a day). A refresh then finds it ended, and the next up starts it again. ${REPLACES}`,
  videoSolutions: `The page's video encodings: at most 2, and two turn on simulcast. Left out or empty: one entry with the defaults. ${REPLACES}`,
  "videoSolutions[].width":
    "Width of the video, in pixels: an even number from 50 to 1920 (ours even: the vendor rounds odd sizes). Default 1280.",
  "videoSolutions[].height":
    "Height of the video, in pixels: an even number from 50 to 1080 (ours even: the vendor rounds odd sizes). Default 720.",
  "videoSolutions[].frameRate": "Frame rate, in frames per second: 1 to 60. Default 15.",
  "videoSolutions[].bitrate": "Video bitrate, in kbps: 0 to 10000. Default 0, which lets the vendor choose.",
  eventNotifyConfig: `Lets the page itself say when capture starts. Left out: off. ${REPLACES}`,
  "eventNotifyConfig.enableEventNotify": "When true, capture starts once the page calls onWebcastStart(). Default false.",
  "eventNotifyConfig.startTimeout":
    "How long to wait for the page's onWebcastStart(), in seconds: 0 to 60. Default 0 (no limit). Only with enableEventNotify.",
  monitorConfig: `Checks Volcengine runs on the rendered page. Left out: none. ${REPLACES}`,
  "monitorConfig.blankCheckInterval": checkInterval("a blank screen"),
  "monitorConfig.freezeCheckInterval": checkInterval("a frozen picture"),
  "monitorConfig.crashCheckInterval": "How often Volcengine checks whether the page has crashed, in seconds: 0 (off, the default) to 30.",
};
