import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedTask } from "../../provider/emulator";
import { assertNoSecrets, exampleStack, REPO_ROOT, type ExampleStack } from "./harness";

/**
 * A stack made by rtc-tasks 0.1.0 (random auto-name suffixes, no stack or generation inputs, the
 * webcast user named by the program) keeps every running task when the package is upgraded: no
 * change at preview, nothing started or stopped by up or refresh, and destroy still stops it all.
 * The checkpoint, its config and what ran are in test/e2e/fixtures/upgrade-0.1.0 (see its index.ts).
 */
const FIXTURE = "test/e2e/fixtures/upgrade-0.1.0";
const STACK = "release-0-1-0";

describe("upgrade from rtc-tasks 0.1.0: stacks keep their tasks", () => {
  let ex: ExampleStack;
  const fixture = path.join(REPO_ROOT, FIXTURE);
  const ran = JSON.parse(fs.readFileSync(path.join(fixture, "running.json"), "utf8")) as Pick<
    EmulatedTask,
    "vendor" | "kind" | "key" | "params"
  >[];

  beforeAll(async () => {
    ex = await exampleStack(FIXTURE, {
      existing: {
        stackName: STACK,
        restore: (backend, workDir) => {
          const stacks = path.join(backend, ".pulumi", "stacks", "rtc-tasks-upgrade");
          fs.mkdirSync(stacks, { recursive: true });
          fs.copyFileSync(path.join(fixture, "checkpoint.json"), path.join(stacks, `${STACK}.json`));
          fs.copyFileSync(path.join(fixture, "stack-config.yaml"), path.join(workDir, `Pulumi.${STACK}.yaml`));
        },
      },
    });
    // What the 0.1.0 run left running, as the vendors still run it.
    for (const t of ran) ex.emulator.state.start(t.vendor, t.kind, t.key, structuredClone(t.params));
  });
  afterAll(async () => {
    try {
      await ex?.dispose();
    } finally {
      fs.rmSync(path.join(fixture, `Pulumi.${STACK}.yaml`), { force: true });
    }
  });

  const starts = () => Object.fromEntries(ex.emulator.state.startsByKey);

  it("previews no change for any task, and up starts and stops nothing", async () => {
    const before = starts();
    expect(Object.keys(before)).toHaveLength(6);
    await ex.stack.preview({ expectNoChanges: true });
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).not.toHaveProperty("create");
    expect(up.summary.resourceChanges).not.toHaveProperty("replace");
    expect(up.summary.resourceChanges).not.toHaveProperty("update");
    expect(starts()).toEqual(before);
    expect(ex.running()).toHaveLength(6);
    expect(ex.emulator.state.list(true).every((t) => t.updates === 0)).toBe(true);
  });

  it("keeps the names 0.1.0 drew, the webcast's user included", async () => {
    const exported = (await ex.stack.exportStack()).deployment as { resources: { type: string; outputs: Record<string, unknown> }[] };
    const byType = (t: string) => exported.resources.find((r) => r.type.endsWith(`:${t}`))!.outputs;
    expect(byType("VolcengineMixedRelayToCdn").taskId).toMatch(/^stage-mix-[0-9a-f]{7}$/);
    expect(byType("VolcengineWebcast").userId).toBe("webcast_slides");
    expect(byType("VolcenginePublicStream").publicStreamId).toMatch(/^lobby-[0-9a-f]{7}$/);
    expect(byType("TencentRelayToCdn").agentUserId).toMatch(/^side-room-[0-9a-f]{7}$/);
  });

  it("refreshes without dropping or changing a task, and a preview afterwards is still empty", async () => {
    await ex.stack.refresh();
    expect(ex.running()).toHaveLength(6);
    await ex.stack.preview({ expectNoChanges: true });
    assertNoSecrets(ex.storedState(), [...ex.secrets, "upgrade-key-mix", "upgrade-page-token"], "the stored state after the upgrade");
  });

  it("stops every task on destroy", async () => {
    await ex.stack.destroy();
    expect(ex.running()).toEqual([]);
  });
});
