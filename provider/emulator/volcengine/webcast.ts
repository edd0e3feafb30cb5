import type { EmulatorState } from "../state";
import { ok, type Handler, type VolcAction, type VolcCall } from "./gateway";
import { getTask, relayKey, runningTask, startTask } from "./tasks";

/** Cloud webcast: a web page rendered into an RTC room (https://www.volcengine.com/docs/6348/1188207). */

export const WEBCAST = "Webcast";
const DEFAULT_MAX_RUNNING_TIME_S = 86400;

/**
 * A webcast ends by itself MaxRunningTime seconds (default 86400) after it started, with StopReason
 * ExceedMaxRunningTime. The emulator has no clock of its own, so each webcast call settles this first.
 */
export function expireWebcasts(state: EmulatorState, now = Date.now()): void {
  for (const t of state.list()) {
    if (t.vendor !== "volcengine" || t.kind !== WEBCAST) continue;
    const limit = typeof t.params.MaxRunningTime === "number" ? t.params.MaxRunningTime : DEFAULT_MAX_RUNNING_TIME_S;
    const deadline = t.startedAt + limit * 1000;
    if (now >= deadline) {
      state.end(t, "ExceedMaxRunningTime");
      t.endedAt = deadline;
    }
  }
}

const onWebcastClock =
  (h: Handler): Handler =>
  (c) => {
    expireWebcasts(c.state);
    return h(c);
  };

/**
 * Two participants with one UserId in one room: the vendor removes the one that joined earlier.
 * What becomes of the earlier webcast task is not documented; the emulator ends it, so that a
 * provider that starts a clashing page before stopping the old one is caught in tests.
 */
function kickSameUser(c: VolcCall, key: string): void {
  const p = c.params;
  for (const t of c.state.list()) {
    if (
      t.vendor === "volcengine" &&
      t.kind === WEBCAST &&
      t.key !== key &&
      t.params.AppId === p.AppId &&
      t.params.RoomId === p.RoomId &&
      t.params.UserId === p.UserId
    ) {
      c.state.end(t, "UnknownStopReason");
    }
  }
}

export const webcastActions: Record<string, VolcAction> = {
  StartWebcast: {
    qps: 150,
    handler: onWebcastClock((c) => {
      const key = relayKey(c.params);
      // A repeat for the running task is answered "already started" and changes nothing.
      if (!c.state.running("volcengine", key)) kickSameUser(c, key);
      return startTask(c, WEBCAST, key);
    }),
  },
  StopWebcast: {
    qps: 150,
    handler: onWebcastClock((c) => {
      c.state.end(runningTask(c, relayKey(c.params), [WEBCAST]), "StopByAPI");
      return ok(c, "ok");
    }),
  },
  // Left out or empty, VideoSolutions is answered as one default entry (model: WebCastTask.VideoSolutions).
  GetWebCastTask: {
    qps: 60,
    handler: onWebcastClock((c) =>
      getTask(c, WEBCAST, "WebCastTask", "WebCastTask", (t) =>
        Array.isArray(t.params.VideoSolutions) && t.params.VideoSolutions.length > 0 ? t.params : { ...t.params, VideoSolutions: [{}] },
      ),
    ),
  },
};
