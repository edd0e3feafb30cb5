import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzePreview, parsePreview } from "../../provider/report";
import { assertNoSecrets, exampleStack, previewJson, runRtcTasks, type ExampleStack } from "./harness";

/**
 * Refactoring a program never touches a running stream (issue 10, defects 1 and 2). One auto-named
 * task of every kind (examples/refactor) is renamed, moved into a component, then renamed and moved
 * again, each time with `aliases` naming where it was. Each time the real engine's preview shows no
 * change, the preview report finds no impact (`--fail-on any-impact` passes), `up` changes nothing,
 * and the emulator saw no start and no stop: every task keeps the identity it was started with.
 */
const KINDS = ["mix", "single", "slides", "lobby", "relay", "rule"];

describe("refactoring a program (rename, re-parent, both) through the real Pulumi engine", () => {
  let ex: ExampleStack;
  let identities: Record<string, string>;
  let starts: Record<string, number>;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);

  beforeAll(async () => {
    ex = await exampleStack("refactor");
  });
  afterAll(async () => ex?.dispose());

  /** Starts per task identity over the emulator's life, as its admin API reports them. */
  const startsByKey = async (): Promise<Record<string, number>> => {
    const stats = (await (await fetch(`${ex.emulator.baseUrl}/_emulator/stats`)).json()) as { startsByKey: Record<string, number> };
    return stats.startsByKey;
  };
  /** Resource names in state, by type, without the project/stack prefix of their URNs. */
  const urns = async (): Promise<string[]> => {
    const deployment = await ex.stack.exportStack();
    const resources = (deployment.deployment as { resources: { urn: string; type: string }[] }).resources;
    return resources
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/rtc:"))
      .map((r) => r.urn.split("::").slice(2).join("::"))
      .sort();
  };

  it("starts one auto-named task of every kind", async () => {
    const up = await ex.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 9 }); // the stack, two components, six tasks
    identities = Object.fromEntries(Object.entries(up.outputs.identities!.value as Record<string, string>));
    expect(Object.keys(identities).sort()).toEqual([...KINDS].sort());
    expect(identities.slides).toMatch(/ as webcast_slides$/);
    expect(identities.relay).toMatch(/ as relay-[0-9a-f]{8}$/);
    expect(ex.running()).toHaveLength(6);
    starts = await startsByKey();
    expect(Object.values(starts)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  /**
   * Moves every task to `place`, naming where it was, and proves the move touched nothing: the
   * preview is empty (the engine's own check, and the report's), up changes nothing, no task
   * started or stopped, and state holds the tasks under their new names with their old identities.
   */
  async function refactor(
    place: { suffix: string; parent: string },
    was: { suffix: string; parent: string },
    expectedUrn: (kind: string) => string,
  ) {
    await ex.setConfig({ suffix: place.suffix, parent: place.parent, aliases: JSON.stringify([was]) });

    // The engine's own verdict: `expectNoChanges` fails the preview on any step but "same".
    await ex.stack.preview({ expectNoChanges: true, onOutput });

    // The report a pull-request job posts, from the real `pulumi preview --json`, via the compiled CLI.
    const json = await previewJson(ex);
    const report = analyzePreview(parsePreview(json));
    expect(report.rows).toEqual([]);
    expect(report.summary).toBe("No live stream changes.");
    const gate = await runRtcTasks(["preview-report", "--fail-on", "any-impact", "--format", "text"], json);
    expect(gate, gate.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(gate.stdout).toMatch(/^No live stream changes\./);

    const up = await ex.stack.up({ onOutput });
    const changes = up.summary.resourceChanges ?? {};
    expect(
      Object.keys(changes).filter((op) => op !== "same"),
      JSON.stringify(changes),
    ).toEqual([]);
    expect(await startsByKey()).toEqual(starts);
    expect(ex.emulator.state.list(true).filter((t) => t.status !== "running")).toEqual([]);
    expect(up.outputs.identities!.value).toEqual(identities);
    expect(await urns()).toEqual(KINDS.map(expectedUrn).sort());
  }

  it("(a) renames every task with aliases: no change, nothing started or stopped", async () => {
    await refactor({ suffix: "-renamed", parent: "root" }, { suffix: "", parent: "root" }, (k) => `${typeOf(k)}::${k}-renamed`);
  });

  it("(b) moves every task into a component (parent + alias): no change, nothing started or stopped", async () => {
    await refactor(
      { suffix: "-renamed", parent: "stage" },
      { suffix: "-renamed", parent: "root" },
      (k) => `refactor:index:Stage$${typeOf(k)}::${k}-renamed`,
    );
  });

  it("(c) renames and moves every task to another component at once: no change, nothing started or stopped", async () => {
    await refactor(
      { suffix: "-moved", parent: "backstage" },
      { suffix: "-renamed", parent: "stage" },
      (k) => `refactor:index:Stage$${typeOf(k)}::${k}-moved`,
    );
  });

  it("then a real change still shows: a new push URL for the mix replaces it, under its kept lineage", async () => {
    // The aliases are still declared: they must not hide a change the vendor would see.
    await ex.setConfig({ mixPushUrl: "rtmp://push.example.com/live/mix-b?txSecret=refactor-key-mix-b" }, true);
    const json = await previewJson(ex);
    const report = analyzePreview(parsePreview(json));
    expect(report.rows.map((r) => [r.impact, r.name, r.forcedBy])).toEqual([["interrupt", "mix-moved", ["pushUrl"]]]);
    const gate = await runRtcTasks(["preview-report", "--fail-on", "any-impact"], json);
    expect(gate.code).toBe(1);
  });

  it("stops every task on destroy, and nothing printed or stored holds a push key", async () => {
    const out = await ex.stack.destroy({ onOutput });
    expect(out.summary.resourceChanges).toMatchObject({ delete: 9 });
    expect(ex.running()).toEqual([]);
    // Every task was stopped by the API (not ended some other way), once.
    for (const t of ex.emulator.state.list(true)) expect(t.stopReason, t.key).toMatch(/ByAPI$/);
    const secrets = [...ex.secrets, "refactor-key-", "refactor-page-token"];
    assertNoSecrets(ex.storedState(), secrets, "the stored stack state");
    assertNoSecrets(output.join(""), secrets, "the output of preview, up and destroy");
  });
});

const TYPES: Record<string, string> = {
  mix: "VolcengineMixedRelayToCdn",
  single: "VolcengineSingleRelayToCdn",
  slides: "VolcengineWebcast",
  lobby: "VolcenginePublicStream",
  relay: "TencentRelayToCdn",
  rule: "ZegoCdnTransferRule",
};
const typeOf = (kind: string): string => `pulumi-nodejs:dynamic/rtc:${TYPES[kind]}`;
