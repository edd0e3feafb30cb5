import { z } from "zod";
import type { TaskKind } from "../kind";
import { evenInt, httpUrl, int, internalInputs, vendorId } from "../schema";
import { readsBack, repeatableStart, stopBy, taskIdOf, taskKey, TASK_ID_AUTONAME } from "./common";
import { volcengineWebcastDocs } from "./webcast.docs";

/** 0 turns a page check off; otherwise the vendor takes 2 to 30 seconds. */
const checkInterval = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .refine((n) => n === 0 || (n >= 2 && n <= 30), "must be 0 (off) or between 2 and 30 seconds");

/**
 * Volcengine cloud webcast (https://www.volcengine.com/docs/6348/1188207): renders a web page in the vendor's browser and publishes
 * it into a room as `userId`. The vendor has no update call, so every change replaces the task.
 */
const schema = z.strictObject({
  ...internalInputs,
  appId: vendorId(),
  roomId: vendorId(),
  taskId: vendorId(),
  userId: vendorId(),
  sourceUrl: httpUrl(1024),
  businessId: vendorId().optional(),
  maxRunningTime: int(10, 86400).optional(),
  videoSolutions: z
    .array(
      z.strictObject({
        // The vendor rounds odd sizes to even ones; asking for even ones keeps state equal to what runs.
        width: evenInt(50, 1920).optional(),
        height: evenInt(50, 1080).optional(),
        frameRate: int(1, 60).optional(),
        bitrate: int(0, 10000).optional(),
      }),
      { error: "must be a list of video solutions" },
    )
    .max(2, "must have at most 2 entries (two turn on simulcast)")
    .optional(),
  eventNotifyConfig: z
    .strictObject({
      enableEventNotify: z.boolean({ error: "must be true or false" }).optional(),
      startTimeout: int(0, 60).optional(),
    })
    .optional(),
  monitorConfig: z
    .strictObject({
      blankCheckInterval: checkInterval.optional(),
      freezeCheckInterval: checkInterval.optional(),
      crashCheckInterval: int(0, 30).optional(),
    })
    .optional(),
});

/** The vendor calls behind each step. */
const ACTIONS = { start: "StartWebcast", stop: "StopWebcast", read: "GetWebCastTask" } as const;

export const volcengineWebcast: TaskKind = {
  type: "VolcengineWebcast",
  vendor: "volcengine",
  name: "cloud webcast",
  summary:
    "A Volcengine RTC cloud webcast (StartWebcast): renders a web page and publishes it into a room. The vendor has no update call: every change replaces the task, stopping the old page first when the task id, or the room and userId, stay the same.",
  identity: ["appId", "roomId", "taskId"],
  docs: volcengineWebcastDocs,
  actions: ACTIONS,
  schema,
  id: taskIdOf,
  // The page's user: `webcast_<resource name>`, the prefix the vendor suggests, kept across renames
  // and replacements so that other resources and the app can name the page's stream.
  autoNames: [TASK_ID_AUTONAME, { field: "userId", prefix: "webcast_", stable: true, maxLength: 128, disallowed: /[^a-zA-Z0-9_@\-.]/g }],
  // No `updatable`: the vendor has no update call for webcasts, so any change is Stop + Start.
  // Two pages publishing as one user in one room kick each other out (the earlier one leaves), so a
  // replacement keeping room and userId must stop the old page first.
  clashKeys: (i) => [taskKey(i), `user:${i.appId}/${i.roomId}/${i.userId}`],
  // The page URL often carries its own access token in the query string (the vendor suggests it).
  secretInputs: ["sourceUrl"],
  outputs: {},
  ...repeatableStart(ACTIONS.start),
  stop: stopBy(ACTIONS.stop, ["appId", "roomId", "taskId"]),
  // Status 3 (ended, e.g. ExceedMaxRunningTime) or 4 (failed) reads as gone.
  ...readsBack(ACTIONS.read, "WebCastTask"),
};
