import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";
import { destroyStopsTask, refreshMarksEndedTask, replacesStartFirstOnNewPushUrl } from "./scenarios";

const PUSH_KEY = "txSecret=5a6b7c8d9e0f1a2b3c4d";
const pushUrl = (n: number) => `rtmp://push.example.com/live/host${n}?${PUSH_KEY}${n}`;

describe("Volcengine single-stream relay through the real Pulumi engine", () => {
  let ex: ExampleStack;
  beforeAll(async () => {
    ex = await exampleStack("volcengine-single-relay", { secretConfig: { pushUrl: pushUrl(1) } });
  });
  afterAll(async () => ex?.dispose());

  it("starts the relay on up, and a second preview shows no changes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 }); // the stack and the task
    const task = ex.onlyRunning();
    expect(task.kind).toBe("PushSingleStreamToCDN");
    expect(task.key).toMatch(/^demo-app\/stage-1\/host-feed-[0-9a-f]{8}$/);
    expect(task.params).toMatchObject({
      PushURL: pushUrl(1),
      Stream: { UserId: "host", StreamType: 0 },
      Control: { MaxIdleTime: 300, MediaType: 0 },
    });
    expect(up.outputs.taskId!.value).toBe(task.key.split("/")[2]);
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("replaces on any change, stopping the old task first when the push URL stays", async () => {
    const old = ex.onlyRunning();
    await ex.setConfig({ maxIdleTime: 600 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await ex.stack.up();
    const fresh = ex.onlyRunning();
    expect(fresh.key).not.toBe(old.key);
    expect((fresh.params.Control as { MaxIdleTime: number }).MaxIdleTime).toBe(600);
    const ended = ex.emulator.state.get("volcengine", old.key)!;
    expect(ended.stopReason).toBe("StopByAPI");
    expect(ended.endedAt).toBeLessThanOrEqual(fresh.startedAt); // one URL cannot take two publishers
  });

  it("replaces start-first when the push URL changes, so the CDN gets the new stream before the old stops", async () => {
    await replacesStartFirstOnNewPushUrl(ex, pushUrl(2));
  });

  it("marks a relay that ended on its own at refresh, and starts it again under a new name on the next up", async () => {
    await refreshMarksEndedTask(ex);
  });

  it("keeps credentials and push-URL keys out of the stored state", async () => {
    const state = ex.storedState(); // what the backend keeps: checkpoint, history and backups
    expect(state).toContain("VolcengineSingleRelayToCdn");
    expect(state).toContain("ciphertext");
    assertNoSecrets(state, [...ex.secrets, PUSH_KEY], "the stored state");
  });

  it("fails a bad input at preview, naming the property and the rule, and changes nothing", async () => {
    const before = ex.onlyRunning();
    await ex.setConfig({ mediaType: 2 });
    const err = await ex.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/control\.mediaType: must be one of 0, 1/);
    await ex.setConfig({ mediaType: 0 });
    expect(ex.onlyRunning().key).toBe(before.key);
  });

  it("stops the relay on destroy", async () => {
    await destroyStopsTask(ex, { alreadyEnded: false });
  });

  it("destroys a relay that had already stopped at the vendor", async () => {
    await destroyStopsTask(ex, { alreadyEnded: true });
  });
});
