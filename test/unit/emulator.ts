import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";

/**
 * One emulator for the enclosing describe (or file), with the provider pointed at it. Each test gets
 * the emulator's environment afresh, plus `env` (undefined removes a variable), and a reset emulator;
 * whatever a test changes in process.env is undone after it, so no test leaks into the next.
 */
export function useEmulator(env: Record<string, string | undefined> = {}): { readonly emu: RunningEmulator } {
  const holder = {} as { emu: RunningEmulator };
  const saved = { ...process.env };
  const restore = () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  };
  beforeAll(async () => {
    holder.emu = await startEmulator();
  });
  beforeEach(() => {
    restore();
    // A journal of its own for each test: what one test started is no other test's earlier start.
    const journal = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-journal-"));
    Object.assign(process.env, holder.emu.env(), { RTC_TASKS_LOG: "quiet", RTC_TASKS_JOURNAL_DIR: journal });
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    holder.emu.state.reset();
  });
  afterEach(restore);
  afterAll(async () => holder.emu.close());
  return holder;
}
