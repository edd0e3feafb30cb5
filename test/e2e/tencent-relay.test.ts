import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedTask } from "../../provider/emulator";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";

const PUSH_KEY = "txSecret=5f1e2d3c4b5a69788796";
const pushUrl = (n: number) => `rtmp://push.example.com/live/stage${n}?${PUSH_KEY}${n}`;
const BACKUP_URL = "rtmp://backup.example.net/live/stage?key=b4ckup-k3y-0123";
const USERSIG = "eJwtjEELgjAYhv-K2-robot-usersig-0123456789";

describe("Tencent Cloud TRTC relay to CDN through the real Pulumi engine", () => {
  let ex: ExampleStack;
  beforeAll(async () => {
    ex = await exampleStack("tencent-relay", { secretConfig: { pushUrl: pushUrl(1), userSig: USERSIG } });
  });
  afterAll(async () => ex?.dispose());

  const tencent = (): EmulatedTask[] => ex.running().filter((t) => t.vendor === "tencent");
  const only = (): EmulatedTask => {
    const running = tencent();
    expect(running).toHaveLength(1);
    return running[0]!;
  };
  const robotOf = (t: EmulatedTask) => (t.params.AgentParams as { UserId: string; UserSig?: string }).UserId;

  it("starts the task on up, and a second preview shows no changes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 }); // the stack and the task
    const task = only();
    expect(task.key).toBe(`1400000001/${String(up.outputs.taskId!.value)}`);
    expect(robotOf(task)).toMatch(/^stage-relay-[0-9a-f]{8}$/);
    expect(up.outputs.robotUserId!.value).toBe(robotOf(task));
    expect(task.params).toMatchObject({
      RoomId: "stage-1",
      WithTranscoding: 1,
      AgentParams: { UserSig: USERSIG, MaxIdleTime: 300 },
      PublishCdnParams: [{ PublishCdnUrl: pushUrl(1), IsTencentCdn: 1 }],
    });
    expect(up.outputs.sequenceNumber!.value).toBe(0);
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("updates the CDN list and video settings in place, with a growing SequenceNumber", async () => {
    const before = only();
    await ex.setConfig({ backupUrl: BACKUP_URL }, true);
    await ex.setConfig({ videoBitRate: 3000, layoutMode: 1 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    expect(preview.changeSummary.replace ?? 0).toBe(0);
    const up = await ex.stack.up();
    const after = only();
    expect(after.key).toBe(before.key);
    expect(after.updates).toBe(1);
    expect(after.params.PublishCdnParams).toEqual([
      { PublishCdnUrl: pushUrl(1), IsTencentCdn: 1 },
      { PublishCdnUrl: BACKUP_URL, IsTencentCdn: 0 },
    ]);
    expect((after.params.VideoParams as { VideoEncode: { BitRate: number } }).VideoEncode.BitRate).toBe(3000);
    const seq = up.outputs.sequenceNumber!.value as number;
    expect(seq).toBeGreaterThan(0);
    expect(after.params.SequenceNumber).toBe(seq);

    await ex.setConfig({ layoutMode: 3 });
    const again = await ex.stack.up();
    expect(again.outputs.sequenceNumber!.value as number).toBeGreaterThan(seq);
    expect(only().updates).toBe(2);
  });

  it("replaces on the audio encoding, stopping first since the CDN URLs stay the same", async () => {
    const old = only();
    await ex.setConfig({ audioBitRate: 128 });
    const preview = await ex.stack.preview();
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    await ex.stack.up();
    const fresh = only();
    expect(fresh.key).not.toBe(old.key);
    expect(robotOf(fresh)).not.toBe(robotOf(old)); // a fresh robot, auto-named
    const ended = ex.emulator.state.get("tencent", old.key)!;
    expect(ended).toMatchObject({ status: "ended", stopReason: "StopByAPI" });
    expect(ended.endedAt).toBeLessThanOrEqual(fresh.startedAt); // one URL cannot take two publishers
  });

  it("replaces start-first when the URLs change too, so the new stream is up before the old one stops", async () => {
    const old = only();
    await ex.setConfig({ pushUrl: pushUrl(2) }, true);
    await ex.stack.workspace.removeConfig(ex.stack.name, "backupUrl");
    await ex.setConfig({ maxIdleTime: 600 });
    await ex.stack.up();
    const fresh = only();
    expect(fresh.params.PublishCdnParams).toEqual([{ PublishCdnUrl: pushUrl(2), IsTencentCdn: 1 }]);
    expect(ex.emulator.state.get("tencent", old.key)!.endedAt).toBeGreaterThanOrEqual(fresh.startedAt);
  });

  it("replaces when the relay switches to audio only and back, videoParams forcing it", async () => {
    /** The properties the engine says force the task's replacement in a preview. */
    const replaceKeys = async (): Promise<string[] | undefined> => {
      let keys: string[] | undefined;
      const preview = await ex.stack.preview({
        onEvent: (e) => {
          const m = e.resourcePreEvent?.metadata;
          if (m?.type.endsWith("TencentRelayToCdn") && m.op === "replace") keys = m.keys;
        },
      });
      expect(preview.changeSummary).toMatchObject({ replace: 1 });
      return keys;
    };
    const old = only();
    await ex.setConfig({ audioOnly: "true" });
    expect(await replaceKeys()).toEqual(["videoParams"]);
    const down = await ex.stack.up();
    const audio = only();
    expect(audio.key).not.toBe(old.key);
    expect(audio.params.VideoParams).toBeUndefined();
    expect(audio.updates).toBe(0);
    expect(down.outputs.sequenceNumber!.value).toBe(0);

    await ex.setConfig({ audioOnly: "false" });
    expect(await replaceKeys()).toEqual(["videoParams"]);
    await ex.stack.up();
    const video = only();
    expect(video.key).not.toBe(audio.key);
    expect(video.updates).toBe(0);
    expect(video.params.VideoParams).toMatchObject({ VideoEncode: { Width: 1280, Height: 720 } });
    expect(ex.emulator.state.get("tencent", audio.key)).toMatchObject({ status: "ended", stopReason: "StopByAPI" });
    await ex.stack.preview({ expectNoChanges: true });
  });

  it("keeps credentials, push-URL keys and UserSigs out of the state at rest", async () => {
    // What the backend stores (the Automation API's exportStack decrypts secrets on purpose).
    const stored = ex.storedState();
    expect(stored).toContain("TencentRelayToCdn");
    expect(stored).toContain("rtc-tasks:tencentSecretKey"); // the config is there, encrypted
    expect(stored).toContain("ciphertext");
    assertNoSecrets(stored, [...ex.secrets, PUSH_KEY, USERSIG, "b4ckup-k3y-0123"], "the stored stack state");
  });

  it("fails a bad input at preview, naming the property and the rule, and starts nothing new", async () => {
    const before = only();
    await ex.setConfig({ videoBitRate: 20000 });
    const err = await ex.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/videoParams\.videoEncode\.bitRate: must be between 1 and 10000/);
    await ex.setConfig({ videoBitRate: 3000 });
    expect(only().key).toBe(before.key);
  });

  it("warns at preview as the TaskId nears its 30 days, and past them keeps the relay in state at destroy", async () => {
    const DAY = 86_400_000;
    const task = only();
    const emulatedStart = task.startedAt;
    const original = await ex.stack.exportStack();
    /** The stack's state with the relay's start time moved back by `days`. */
    const startedDaysAgo = async (days: number) => {
      const deployment = structuredClone(original);
      const resources = (deployment.deployment as { resources: { type: string; outputs?: Record<string, unknown> }[] }).resources;
      const relay = resources.find((r) => r.type.endsWith("TencentRelayToCdn"))!;
      relay.outputs!.startedAt = new Date(Date.parse(String(relay.outputs!.startedAt)) - days * DAY).toISOString();
      await ex.stack.importStack(deployment);
    };
    try {
      await startedDaysAgo(25);
      const preview = await ex.stack.preview({ expectNoChanges: true });
      expect(preview.stdout).toMatch(
        /rtc-tasks: warning: Tencent Cloud TRTC relay to CDN \S+: Tencent Cloud TRTC reaches a task through its API for 30 days from its start, and [45] days of it are left/,
      );

      await startedDaysAgo(31);
      ex.emulator.state.get("tencent", task.key)!.startedAt -= 31 * DAY;
      const refresh = await ex.stack.refresh();
      expect(refresh.stdout).toMatch(/past its reach/);
      expect(refresh.summary.resourceChanges?.delete ?? 0).toBe(0);
      const err = await ex.stack.destroy().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/ResourceNotFound.*Tencent's API reaches a TaskId for 30 days only/s);
      expect(err?.message).toMatch(/pulumi state delete <urn>/);
      expect(only().key).toBe(task.key); // still pushing at the (emulated) vendor
      expect(JSON.stringify((await ex.stack.exportStack()).deployment)).toContain("TencentRelayToCdn"); // still in state
    } finally {
      ex.emulator.state.get("tencent", task.key)!.startedAt = emulatedStart;
      await ex.stack.importStack(original);
    }
  });

  it("keeps a task that ended on its own at refresh (Tencent cannot read it back), and destroy still succeeds", async () => {
    await ex.endTasks((t) => t.vendor === "tencent");
    expect(tencent()).toHaveLength(0);
    const refresh = await ex.stack.refresh();
    expect(refresh.summary.resourceChanges?.delete ?? 0).toBe(0);
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 2 });
  });

  it("stops every stream on destroy", async () => {
    await ex.stack.up();
    expect(tencent()).toHaveLength(1);
    const out = await ex.stack.destroy();
    expect(out.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect(tencent()).toHaveLength(0);
  });
});
