import { numberSetting } from "../config";
import type { RetryPolicy } from "../http/transport";

/** Deadlines shared by every vendor client, adjustable per stack (`rtc-tasks:requestTimeoutMs`...). */
export function httpPolicy(): Partial<RetryPolicy> {
  return {
    attemptTimeoutMs: numberSetting({ key: "requestTimeoutMs", env: ["RTC_TASKS_REQUEST_TIMEOUT_MS"] }, 15_000),
    deadlineMs: numberSetting({ key: "callDeadlineMs", env: ["RTC_TASKS_CALL_DEADLINE_MS"] }, 90_000),
  };
}
