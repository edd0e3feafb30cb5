import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";
import { destroyStopsTask, refreshMarksEndedTask, replacesStartFirstOnNewPushUrl } from "./scenarios";

const PUSH_KEY = "txSecret=0c1d2e3f4a5b6c7d8e9f";
const pushUrl = (n: number) => `rtmp://push.example.com/live/stage${n}?${PUSH_KEY}${n}`;

describe("Volcengine mixed relay through the real Pulumi engine", () => {
  let ex: ExampleStack;
  beforeAll(async () => {
    ex = await exampleStack("volcengine-mixed-relay", { secretConfig: { pushUrl: pushUrl(1) } });
  });
  afterAll(async () => ex?.dispose());

  it("starts the task on up, and a second preview shows no changes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 }); // the stack and the task
    const task = ex.onlyRunning();
    expect(task.key).toMatch(/^demo-app\/stage-1\/stage-mix-[0-9a-f]{8}$/);
    expect(task.params.PushURL).toBe(pushUrl(1));
    expect(up.outputs.taskId!.value).toBe(task.key.split("/")[2]);
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("updates a mutable field in place without restarting the stream", async () => {
    const before = ex.onlyRunning();
    await ex.setConfig({ background: "#112233", guestWidth: 600 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.changeSummary.replace ?? 0).toBe(0);
    await ex.stack.up();
    const after = ex.onlyRunning();
    expect(after.key).toBe(before.key);
    expect(after.updates).toBe(1);
    expect(ex.emulator.state.startsByKey.get(`volcengine:${after.key}`)).toBe(1);
    expect((after.params.Layout as { CustomLayout: { Canvas: { Background: string } } }).CustomLayout.Canvas.Background).toBe("#112233");
  });

  it("replaces on an immutable field, stopping first when the push URL stays the same", async () => {
    const old = ex.onlyRunning();
    await ex.setConfig({ maxIdleTime: 600 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await ex.stack.up();
    const fresh = ex.onlyRunning();
    expect(fresh.key).not.toBe(old.key);
    const ended = ex.emulator.state.get("volcengine", old.key)!;
    expect(ended.status).toBe("ended");
    expect(ended.endedAt).toBeLessThanOrEqual(fresh.startedAt); // the same URL cannot take two publishers
  });

  it("replaces start-first when the push URL changes, so the new stream is up before the old stops", async () => {
    await replacesStartFirstOnNewPushUrl(ex, pushUrl(2));
  });

  it("marks a task that ended on its own at refresh, and starts it again under a new name on the next up", async () => {
    await refreshMarksEndedTask(ex);
  });

  it("keeps credentials and push-URL keys out of the stored state", async () => {
    // What the backend keeps at rest (the Automation API's exportStack decrypts secrets on purpose).
    const stored = ex.storedState();
    expect(stored).toContain("VolcengineMixedRelayToCdn");
    expect(stored).toContain("rtc-tasks:volcengineSecretKey"); // the config is there, encrypted
    assertNoSecrets(stored, [...ex.secrets, PUSH_KEY], "the stored stack state");
  });

  it("fails a bad input at preview, naming the property and the rule, and starts nothing", async () => {
    await ex.setConfig({ videoBitrate: 20000 });
    const err = await ex.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/encode\.videoBitrate: must be between 0 and 10000/);
    await ex.setConfig({ videoBitrate: 2500 });
  });

  it("stops every stream on destroy", async () => {
    await destroyStopsTask(ex, { alreadyEnded: false });
  });

  it("destroys a task that had already stopped at the vendor", async () => {
    await destroyStopsTask(ex, { alreadyEnded: true });
  });
});
