import { expect } from "vitest";
import type { ExampleStack } from "./harness";

/**
 * Steps that several kinds' end-to-end suites take in the same words, written once. Each assumes the
 * example declares exactly one task.
 */

/** Changing the push URL replaces the task start-first: the new stream is up before the old stops. */
export async function replacesStartFirstOnNewPushUrl(ex: ExampleStack, url: string): Promise<void> {
  const old = ex.onlyRunning();
  await ex.setConfig({ pushUrl: url }, true);
  await ex.stack.up();
  const fresh = ex.onlyRunning();
  expect(fresh.params.PushURL).toBe(url);
  expect(ex.emulator.state.get(old.vendor, old.key)!.endedAt).toBeGreaterThanOrEqual(fresh.startedAt);
}

/**
 * A task that ended on its own is marked so at refresh, and the next up starts it again as a new
 * task, under a new name (a vendor may not take a task id again).
 */
export async function refreshMarksEndedTask(ex: ExampleStack): Promise<void> {
  const [key] = await ex.endTasks(() => true);
  expect(ex.running()).toHaveLength(0);
  const refresh = await ex.stack.refresh();
  expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
  const preview = await ex.stack.preview();
  expect(preview.changeSummary).toMatchObject({ replace: 1 });
  const up = await ex.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
  expect(ex.onlyRunning().key).not.toBe(key);
  await ex.stack.preview({ expectNoChanges: true });
}

/** Destroy stops the task, also when it had already stopped at the vendor. */
export async function destroyStopsTask(ex: ExampleStack, { alreadyEnded }: { alreadyEnded: boolean }): Promise<void> {
  if (alreadyEnded) {
    await ex.stack.up();
    await ex.endTasks(() => true);
  }
  const out = await ex.stack.destroy();
  expect(out.summary.resourceChanges).toMatchObject({ delete: 2 }); // the stack and the task
  expect(ex.running()).toHaveLength(0);
}
