import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ENDED_NOTE,
  HANDOVER_TEXT,
  UNKNOWN_VALUE,
  analyzePreview,
  parsePreview,
  renderMarkdown,
  renderText,
  type Report,
  type TaskRow,
} from "../../provider/report";
import { run, type Io } from "../../provider/cli/main";
import type { EmulatedTask } from "../../provider/emulator";
import { PreviewFailed, assertNoSecrets, exampleStack, previewJson, runRtcTasks, type ExampleStack } from "./harness";

/**
 * `rtc-tasks preview-report` on preview JSON printed by the real engine (`pulumi preview --json`
 * against the emulator, after a real `up`): one pull request that starts, changes in place, replaces
 * with and without handover, and stops streams. Then `up` shows the report told the truth.
 * Set PREVIEW_REPORT_DUMP=<dir> to keep the JSON and the reports (the README quotes them).
 */

// Stream keys in the two places CDNs put them: a path segment (YouTube, Twitch) and a query parameter.
// The path-segment ones are not caught by the report's URL redaction: only secret marking hides them.
const KEYS = {
  lobby: "lby-9q4w-7e2r-5t1y",
  main: "mst-k7m2-qx9p-4f2a",
  side1: "7e1d9c0b5a4f3e2d1c0b",
  side2: "9c1e8b7a6f5e4d3c2b1a",
  backstage: "bks-3h8j-2k5l-6m1n",
  afterParty: "aft-5r6t-7y8u-9i0o",
  overflow: "ovf-1a2s-3d4f-5g6h",
};
const PUSH_URLS = {
  lobbyPushUrl: `rtmp://a.rtmp.youtube.com/live2/${KEYS.lobby}`,
  mainPushUrl: `rtmp://a.rtmp.youtube.com/live2/${KEYS.main}`,
  sidePushUrl: `rtmp://push.example.com/live/side?txSecret=${KEYS.side1}&txTime=6A0B1C2D`,
  backstagePushUrl: `rtmp://live.twitch.tv/app/${KEYS.backstage}`,
  afterPartyPushUrl: `rtmp://live.twitch.tv/app/${KEYS.afterParty}`,
  overflowPushUrl: `rtmp://a.rtmp.youtube.com/live2/${KEYS.overflow}`,
};
const SIDE_PUSH_URL_2 = `rtmp://push.example.com/live/side-b?txSecret=${KEYS.side2}&txTime=6A0B1C2D`;

/** What the pull request changes in Pulumi.<stack>.yaml. */
const PULL_REQUEST = {
  mainBackground: "#203040", // updates in place
  backstageMaxIdleTime: 600, // replaces, same push URL: stops first
  afterParty: "false", // stops
  overflow: "true", // starts, under a new component
  runSheet: "doors at 18:30", // a non-task resource
};

describe("preview-report on real `pulumi preview --json`", () => {
  let ex: ExampleStack;
  let secrets: string[];
  let before: Map<string, EmulatedTask>;
  let changeJson: string;
  let report: Report;
  let markdown: string;
  let text: string;

  beforeAll(async () => {
    ex = await exampleStack("preview-report", { secretConfig: { ...PUSH_URLS } });
    secrets = [...ex.secrets, SIDE_PUSH_URL_2, ...Object.values(KEYS)];
  });
  afterAll(async () => ex?.dispose());

  const dump = (name: string, content: string) => {
    const dir = process.env.PREVIEW_REPORT_DUMP;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
  };
  /** Running tasks by room (each stage has its own room). */
  const byRoom = () => new Map(ex.running().map((t) => [t.key.split("/")[1]!, t]));
  const row = (name: string): TaskRow => {
    const found = report.rows.find((r) => r.name === name);
    if (!found) throw new Error(`no row for ${name} in: ${report.rows.map((r) => r.name).join(", ")}`);
    return found;
  };
  const change = (r: TaskRow, name: string) => r.changes.find((c) => c.name === name);

  it("starts the event's streams", async () => {
    const up = await ex.stack.up();
    // the stack, five tasks, the run sheet
    expect(up.summary.resourceChanges).toMatchObject({ create: 7 });
    before = byRoom();
    expect([...before.keys()].sort()).toEqual(["after-party", "backstage", "lobby", "main", "side"]);
  });

  it("reports every impact class of a pull request from the engine's preview JSON", async () => {
    await ex.setConfig(PULL_REQUEST);
    await ex.setConfig({ sidePushUrl: SIDE_PUSH_URL_2 }, true); // replaces, new URL: hands over
    changeJson = await previewJson(ex);
    dump("preview.json", changeJson);
    // The engine masks secrets itself; the report must keep it that way.
    assertNoSecrets(changeJson, secrets, "the engine's preview JSON");

    report = analyzePreview(parsePreview(changeJson));
    markdown = renderMarkdown(report);
    text = renderText(report);
    dump("report.md", markdown);
    dump("report.txt", text);

    expect(report.summary).toBe("1 stream starts · 1 changes in place · 2 interrupted · 1 stops");
    expect(report.rows.map((r) => `${r.impact} ${r.name}`)).toEqual([
      "interrupt backstage",
      "interrupt side-stage",
      "stop after-party",
      "change main-stage",
      "start overflow",
    ]);
    // The engine's default JSON leaves out resources that stay the same (the lobby): see --show-sames below.
    expect(report.unchanged).toBe(0);

    // Stop-first replacement: same push URL, maxIdleTime cannot change in place. The new task's
    // derived name is a consequence, not a cause, and it is the name `up` will use (checked below).
    const backstage = row("backstage");
    expect(backstage).toMatchObject({ vendor: "Volcengine", kind: "mixed relay to CDN", handover: "goes-dark", forcedBy: ["control"] });
    expect(backstage.identity).toMatch(new RegExp(`^${before.get("backstage")!.key} → pr-app/backstage/backstage-[0-9a-f]{8}$`));
    expect(backstage.changes).toHaveLength(2);
    expect(change(backstage, "control.maxIdleTime")).toEqual({ name: "control.maxIdleTime", old: "300", new: "600" });
    expect(change(backstage, "taskId")).toEqual({
      name: "taskId",
      old: before.get("backstage")!.key.split("/")[2],
      new: backstage.identity.split("/").pop(),
    });

    // Start-first replacement: a new push URL, so the new task can start before the old one stops.
    const side = row("side-stage");
    expect(side).toMatchObject({ handover: "hands-over", forcedBy: ["pushUrl"] });
    expect(side.identity).toMatch(new RegExp(`^${before.get("side")!.key} → pr-app/side/side-stage-[0-9a-f]{8}$`));
    expect(change(side, "pushUrl")).toEqual({ name: "pushUrl", old: "[secret]", new: "[secret]" });

    const afterParty = row("after-party");
    expect(afterParty.identity).toBe(before.get("after-party")!.key);

    // In place: the dynamic provider reports no changed keys; the report diffs the inputs, down to
    // the value that changed.
    const main = row("main-stage");
    expect(main.identity).toBe(before.get("main")!.key);
    expect(main.changes).toEqual([{ name: "layout.customLayout.canvas.background", old: "#000000", new: "#203040" }]);

    expect(row("overflow").identity).toMatch(/^pr-app\/overflow\/overflow-[0-9a-f]{8}$/);

    // Non-task resources: the overflow component (create), the run sheet (update), the stack.
    expect(report.other).toEqual({ create: 1, update: 1, unchanged: 1 });
    expect(report.otherLine).toBe("Other resources: 1 create, 1 update, 1 unchanged");
    expect(report.errors).toEqual([]);
  });

  it("renders both formats with handover and forcing property, and no secret", () => {
    for (const [format, out] of [
      ["Markdown", markdown],
      ["text", text],
    ] as const) {
      expect(out, format).toContain(HANDOVER_TEXT["goes-dark"]);
      expect(out, format).toContain(HANDOVER_TEXT["hands-over"]);
      expect(out, format).toContain("Other resources: 1 create, 1 update, 1 unchanged");
      expect(out, format).not.toContain(UNKNOWN_VALUE);
      expect(out, format).not.toContain("__provider");
      expect(out, format).not.toContain("exports.handler");
      assertNoSecrets(out, secrets, `the ${format} report`);
    }
    expect(markdown.split("\n")[0]).toBe("**1 stream starts · 1 changes in place · 2 interrupted · 1 stops**");
    const mdRow = (name: string) =>
      markdown
        .split("\n")
        .find((l) => l.startsWith(`| ${name} |`))
        ?.split(" | ");
    expect(mdRow("backstage")?.slice(1, 5)).toEqual([
      "Volcengine mixed relay to CDN",
      row("backstage").identity,
      "goes dark (stops first)",
      "control",
    ]);
    expect(mdRow("backstage")?.[5]).toContain("control.maxIdleTime: 300 → 600");
    expect(mdRow("side-stage")?.slice(3, 5)).toEqual(["hands over (new starts first)", "pushUrl"]);
    expect(mdRow("side-stage")?.[5]).toContain("pushUrl: [secret] → [secret]");
    expect(mdRow("main-stage")?.[3]).toBe("layout.customLayout.canvas.background: #000000 → #203040 |");
    const sections = [...markdown.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(["Interrupted", "Stop", "Change in place", "Start"]);
    expect(text.split("\n")[0]).toBe("1 stream starts · 1 changes in place · 2 interrupted · 1 stops");
  });

  it("--fail-on interrupt fails the check on this preview; the compiled bin does the same from stdin", async () => {
    const io = captureIo(changeJson);
    expect(await run(["preview-report", "--fail-on", "interrupt"], io.io)).toBe(1);
    expect(io.out()).toBe(markdown);
    expect(io.err()).toContain("--fail-on interrupt met: 1 stream starts · 1 changes in place · 2 interrupted · 1 stops");

    const bin = await runRtcTasks(["preview-report", "--format", "text", "--fail-on", "stop"], changeJson);
    expect(bin.code).toBe(1);
    expect(bin.stdout).toBe(text);
    expect(bin.stderr).toContain("--fail-on stop met");
    assertNoSecrets(bin.stdout + bin.stderr, secrets, "the compiled CLI's output");
    const ok = await runRtcTasks(["preview-report", "--fail-on", "any-impact", "--input", "-"], JSON.stringify({ steps: [] }));
    expect(ok).toMatchObject({ code: 0, stdout: "**No live stream changes.**\n\nOther resources: none.\n" });
  });

  it("reads the same change from --show-replacement-steps --show-sames output, counting unchanged streams", async () => {
    const json = await previewJson(ex, ["--show-replacement-steps", "--show-sames"]);
    dump("preview-replacement-steps.json", json);
    const ops = (JSON.parse(json) as { steps: { op: string }[] }).steps.map((s) => s.op);
    expect(ops).toEqual(expect.arrayContaining(["create-replacement", "delete-replaced", "replace"]));
    const r = analyzePreview(parsePreview(json));
    expect(r.summary).toBe(report.summary);
    expect(r.rows.map((x) => [x.name, x.impact, x.handover, x.forcedBy])).toEqual(
      report.rows.map((x) => [x.name, x.impact, x.handover, x.forcedBy]),
    );
    expect(r.otherLine).toBe(report.otherLine);
    expect(r.unchanged).toBe(1); // the lobby
    expect(renderMarkdown(r)).toContain("Unchanged streams: 1");
    assertNoSecrets(renderMarkdown(r), secrets, "the Markdown report of --show-replacement-steps");
  });

  it("up does what the report said: handover, going dark, change in place, stop and start, under the names it showed", async () => {
    await ex.stack.up();
    const after = byRoom();
    const promised = (name: string) => row(name).identity.split(" → ").pop();
    expect(after.get("backstage")!.key).toBe(promised("backstage"));
    expect(after.get("side")!.key).toBe(promised("side-stage"));
    expect(after.get("overflow")!.key).toBe(promised("overflow"));
    expect([...after.keys()].sort()).toEqual(["backstage", "lobby", "main", "overflow", "side"]);
    const ended = (room: string) => ex.emulator.state.get("volcengine", before.get(room)!.key)!;

    expect(after.get("lobby")!.key).toBe(before.get("lobby")!.key);
    expect(after.get("main")!.key).toBe(before.get("main")!.key);
    expect(after.get("main")!.updates).toBe(1);
    // hands over: the old side stream ended only after the new one started
    expect(after.get("side")!.key).toMatch(/^pr-app\/side\/side-stage-[0-9a-f]{8}$/);
    expect(after.get("side")!.key).not.toBe(before.get("side")!.key);
    expect(ended("side").endedAt).toBeGreaterThanOrEqual(after.get("side")!.startedAt);
    // goes dark: the old backstage stream ended before the new one started
    expect(after.get("backstage")!.key).not.toBe(before.get("backstage")!.key);
    expect(ended("backstage").endedAt).toBeLessThanOrEqual(after.get("backstage")!.startedAt);
    expect(ended("after-party").status).toBe("ended");
    expect(after.get("overflow")!.key).toMatch(/^pr-app\/overflow\/overflow-[0-9a-f]{8}$/);
  });

  it("a preview with no changes reports none and passes --fail-on", async () => {
    const json = await previewJson(ex);
    dump("preview-no-changes.json", json);
    const r = analyzePreview(parsePreview(json));
    expect(r.summary).toBe("No live stream changes.");
    expect(r.rows).toEqual([]);
    expect(r.otherLine).toBe("Other resources: 1 unchanged"); // the stack: the engine lists it even when the same
    const io = captureIo(json);
    expect(await run(["preview-report", "--fail-on", "interrupt,stop"], io.io)).toBe(0);
    expect(io.out()).toBe("**No live stream changes.**\n\nOther resources: 1 unchanged\n");
    expect(io.err()).toBe("");
  });

  it("with --refresh, a stream that ended on its own shows as starting again", async () => {
    const [ended] = await ex.endTasks((t) => t.key.startsWith("pr-app/lobby/"));
    expect(ended).toBeDefined();
    const json = await previewJson(ex, ["--refresh"]);
    dump("preview-refresh.json", json);
    const r = analyzePreview(parsePreview(json));
    expect(r.summary).toBe("1 stream starts");
    expect(r.rows.map((x) => [x.impact, x.name, x.notes])).toEqual([["start", "lobby", [ENDED_NOTE]]]);
    // Started again as a new task, under a new name (a vendor may not take an ended task's id again).
    expect(r.rows[0]!.identity).toMatch(/^pr-app\/lobby\/lobby-[0-9a-f]{8}$/);
    expect(r.rows[0]!.identity).not.toBe(ended);
    expect(r.unchanged).toBe(4);
    expect(r.otherLine).toBe("Other resources: 3 unchanged"); // refreshed, so listed: the stack, the component, the run sheet
  });

  it("a preview that fails is no all-clear: the report names the errors, fails --fail-on, and leaks no secret", async () => {
    // A push URL (secret, key in the path) with the wrong scheme. The engine stops at the first
    // failed check, so one bad input is enough.
    const badUrl = `http://a.rtmp.youtube.com/live2/${KEYS.lobby}`;
    await ex.setConfig({ lobbyPushUrl: badUrl }, true);
    const failed = await previewJson(ex).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(PreviewFailed);
    const json = (failed as PreviewFailed).stdout;
    dump("preview-failed.json", json);
    assertNoSecrets(json, [...secrets, badUrl], "the engine's JSON of a failed preview");
    const r = analyzePreview(parsePreview(json));
    dump("report-failed.md", renderMarkdown(r));
    const messages = r.errors.map((e) => e.message).join("\n");
    expect(messages).toMatch(/resource 'lobby'.*pushUrl: must be an rtmp:\/\/ or rtmps:\/\/ URL/);
    expect(r.summary).toBe("Preview failed (1 error): live stream changes unknown.");
    assertNoSecrets(renderMarkdown(r) + renderText(r), [...secrets, badUrl], "the report of a failed preview");
    const io = captureIo(json);
    expect(await run(["preview-report", "--fail-on", "interrupt"], io.io)).toBe(1);
    await ex.setConfig({ lobbyPushUrl: PUSH_URLS.lobbyPushUrl }, true);
  });
});

function captureIo(stdin: string): { io: Io; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: { stdin: async () => stdin, stdout: (t) => void (out += t), stderr: (t) => void (err += t) },
    out: () => out,
    err: () => err,
  };
}
