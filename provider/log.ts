/**
 * Progress lines from the provider. Inside the dynamic-provider process console output reaches the
 * Pulumi CLI as diagnostics (SDK >= 3.146); RTC_TASKS_LOG=quiet silences them (tests, benchmarks).
 * Warnings are never silenced: they say something a person must know (a task left running).
 */
export const log = {
  info(message: string): void {
    if (process.env.RTC_TASKS_LOG !== "quiet") console.log(`rtc-tasks: ${message}`);
  },
  /** Something a person must act on: printed even when progress lines are quiet. */
  warn(message: string): void {
    console.log(`rtc-tasks: warning: ${message}`);
  },
};
