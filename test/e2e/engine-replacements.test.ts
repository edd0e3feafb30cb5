import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedTask } from "../../provider/emulator";
import { REPLACE_ON_CHANGES_IGNORED } from "../../provider/resources/taskResource";
import { exampleStack, runPulumi, type ExampleStack } from "./harness";

/**
 * Replacements the engine makes without asking the provider for the order (issue 10, "also
 * defend"): `pulumi up --replace <urn>` and a user's `deleteBeforeReplace`; and `replaceOnChanges`,
 * which the engine cannot apply to a dynamic provider's resources.
 * The program is examples/refactor: one auto-named task of every kind. Whatever the engine does,
 * afterwards every stream runs, exactly once, with the settings state says it has; and destroy
 * stops them all.
 */
const KIND_OF: Record<string, string> = {
  mix: "PushMixedStreamToCDN",
  single: "PushSingleStreamToCDN",
  slides: "Webcast",
  lobby: "PublicStream",
  relay: "PublishCdnStream",
  rule: "CDNTransferRule",
};

interface StoredTask {
  urn: string;
  type: string;
  outputs: Record<string, unknown>;
}

describe("replacements the engine makes without asking the provider", () => {
  let ex: ExampleStack;
  let firstMixKey: string;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);

  beforeAll(async () => {
    ex = await exampleStack("refactor");
  });
  afterAll(async () => ex?.dispose());

  const stored = async (): Promise<Map<string, StoredTask>> => {
    const deployment = await ex.stack.exportStack();
    const resources = ((deployment.deployment as { resources?: StoredTask[] }).resources ?? []).filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/rtc:"),
    );
    return new Map(resources.map((r) => [r.urn.split("::").pop()!, r]));
  };
  /** The one running task of each resource; fails when a resource has none, or two. */
  const runningByResource = (): Record<string, EmulatedTask> => {
    const out: Record<string, EmulatedTask> = {};
    for (const [name, kind] of Object.entries(KIND_OF)) {
      const tasks = ex.running().filter((t) => t.kind === kind);
      expect(
        tasks.map((t) => t.key),
        `${name}: running tasks`,
      ).toHaveLength(1);
      out[name] = tasks[0]!;
    }
    return out;
  };
  /** Every stream runs exactly once, as state says: same identity, nothing else running. */
  const expectStateMatchesWhatRuns = async () => {
    expect(ex.running()).toHaveLength(6);
    const running = runningByResource();
    const state = await stored();
    expect([...state.keys()].sort()).toEqual(Object.keys(KIND_OF).sort());
    const outs = (n: string) => state.get(n)!.outputs;
    expect(running.mix!.key).toBe(`refactor-app/main/${outs("mix").taskId}`);
    expect(running.single!.key).toBe(`refactor-app/main/${outs("single").taskId}`);
    expect(running.slides!.key).toBe(`refactor-app/main/${outs("slides").taskId}`);
    expect(running.lobby!.key).toBe(`refactor-app/${outs("lobby").publicStreamId}`);
    expect(running.relay!.key).toBe(`1400000001/${outs("relay").taskId}`);
    expect(running.relay!.params.AgentParams).toMatchObject({ UserId: outs("relay").agentUserId });
    expect(running.rule!.key).toBe("main/rtmp://push.example.com/live/rule");
    for (const n of ["mix", "single", "slides", "lobby", "relay"]) expect(outs(n).startUnconfirmed, n).toBeUndefined();
    await ex.stack.preview({ expectNoChanges: true });
    return running;
  };

  it("starts one auto-named task of every kind", async () => {
    await ex.stack.up({ onOutput });
    firstMixKey = (await expectStateMatchesWhatRuns()).mix!.key;
  });

  it("`pulumi up --replace` of every task keeps every stream running, once, and state holds it", async () => {
    const urns = [...(await stored()).values()].map((r) => r.urn);
    const up = await runPulumi(ex, ["up", "--yes", "--skip-preview", ...urns.flatMap((u) => ["--replace", u])]);
    output.push(up.stdout, up.stderr);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    await expectStateMatchesWhatRuns();
    // None of them went dark: nothing was stopped.
    expect(
      ex.emulator.state
        .list(true)
        .filter((t) => t.status !== "running")
        .map((t) => t.key),
    ).toEqual([]);
    expect(ex.emulator.state.stats.doubleStarts).toBe(0);
  });

  it("`replaceOnChanges`, which the engine cannot apply to a dynamic provider, is said so at preview; the change is made in place, nothing restarts", async () => {
    await ex.setConfig({ replaceOnChanges: JSON.stringify(["encode", "videoParams"]), bitrate: 2500 });
    const before = ex.emulator.state.list(true).length;
    const preview = await runPulumi(ex, ["preview"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    // Once per task, under the task's name, in the engine's diagnostics.
    const warnings = preview.stdout
      .slice(preview.stdout.indexOf("Diagnostics:"))
      .split("\n")
      .filter((l) => l.includes(REPLACE_ON_CHANGES_IGNORED.slice(0, 40)));
    expect(warnings).toHaveLength(6);
    const up = await ex.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 3 });
    expect(up.summary.resourceChanges?.replace).toBeUndefined();
    const running = await expectStateMatchesWhatRuns();
    expect(ex.emulator.state.list(true)).toHaveLength(before); // nothing started or stopped
    expect(running.mix!.params.Encode).toMatchObject({ VideoBitrate: 2500 });
    expect(running.lobby!.params.Encode).toMatchObject({ VideoConfig: { Bitrate: 2500 } });
    expect(running.relay!.params.VideoParams).toMatchObject({ VideoEncode: { BitRate: 2500 } });
  });

  it("a user's `deleteBeforeReplace` with `--replace`: every stream goes dark briefly, then runs once", async () => {
    await ex.setConfig({ deleteBeforeReplace: "true" });
    await ex.stack.up({ onOutput }); // the option itself changes nothing
    const urns = [...(await stored()).values()].map((r) => r.urn);
    const up = await runPulumi(ex, ["up", "--yes", "--skip-preview", ...urns.flatMap((u) => ["--replace", u])]);
    output.push(up.stdout, up.stderr);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    await expectStateMatchesWhatRuns();
  });

  it("`--replace` of a task already replaced once: it gets its first name again (the engine shows the provider no old state), and the stream hands over to it", async () => {
    await ex.stack.removeAllConfig(["refactor:deleteBeforeReplace", "refactor:replaceOnChanges"]);
    await ex.setConfig({ mixPushUrl: "rtmp://push.example.com/live/mix-b?txSecret=replace-key-b" }, true);
    await ex.stack.up({ onOutput }); // a new push URL: replaced start-first under a new name
    const before = runningByResource().mix!;
    const mix = (await stored()).get("mix")!;
    const up = await runPulumi(ex, ["up", "--yes", "--skip-preview", "--replace", mix.urn]);
    output.push(up.stdout, up.stderr);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const after = (await expectStateMatchesWhatRuns()).mix!;
    expect(before.key).not.toBe(firstMixKey);
    expect(after.key).toBe(firstMixKey);
    expect(ex.emulator.state.get("volcengine", before.key)!.endedAt).toBeGreaterThanOrEqual(after.startedAt);
  });

  it("`retainOnDelete` and `pulumi state delete` let go of tasks that run on unseen; declaring them again takes each running task over, starting none twice", async () => {
    await ex.setConfig({ retainOnDelete: "true" });
    await ex.stack.up({ onOutput });
    await ex.setConfig({ omit: JSON.stringify(["mix", "single", "slides", "lobby", "rule"]) });
    const let_go = await ex.stack.up({ onOutput });
    expect(let_go.summary.resourceChanges).toMatchObject({ delete: 5 });
    const relay = (await stored()).get("relay")!;
    const removed = await runPulumi(ex, ["state", "delete", relay.urn, "--yes"]);
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    expect(await stored()).toEqual(new Map());
    expect(ex.running()).toHaveLength(6); // every stream runs on, unseen by the stack
    const starts = new Map(ex.emulator.state.startsByKey);

    await ex.setConfig({ omit: "[]" });
    const again = await ex.stack.up({ onOutput });
    expect(again.summary.resourceChanges).toMatchObject({ create: 6 });
    await expectStateMatchesWhatRuns();
    expect(ex.emulator.state.startsByKey).toEqual(starts);
    expect(ex.emulator.state.stats.doubleStarts).toBe(0);
    await ex.setConfig({ retainOnDelete: "false" });
    await ex.stack.up({ onOutput });
  });

  it("destroy stops every task", async () => {
    const out = await ex.stack.destroy({ onOutput });
    expect(out.summary.resourceChanges).toMatchObject({ delete: 9 });
    expect(ex.running()).toEqual([]);
  });
});
