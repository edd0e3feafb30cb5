import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedTask } from "../../provider/emulator";
import { assertNoSecrets, exampleStack, runPulumi, runRtcTasksOn, spawnRtcTasksOn, type CommandRun, type ExampleStack } from "./harness";

/**
 * `rtc-tasks status` as an operator runs it during an event (issue 14): on a stack of all six kinds
 * (the fleet example, one of each), reading the stack and its credentials through the real `pulumi`
 * CLI, in text, Markdown and JSON, with hints labelled, its exit code when a task is not on air,
 * and --watch ended by Ctrl-C. About 1 minute on a shared 2-core machine.
 */
const SIX = {
  VolcengineMixedRelayToCdn: 1,
  VolcengineSingleRelayToCdn: 1,
  VolcengineWebcast: 1,
  VolcenginePublicStream: 1,
  TencentRelayToCdn: 1,
  ZegoCdnTransferRule: 1,
};
/** Keys the fleet example puts in its push and page URLs. */
const PROGRAM_SECRETS = ["fleet-key-0", "fleet-token-0"];

describe("rtc-tasks status on a stack of all six kinds", () => {
  let ex: ExampleStack;
  const task = (kind: string): EmulatedTask => ex.running().find((t) => t.kind === kind)!;
  const status = async (...args: string[]): Promise<CommandRun> => {
    const run = await runRtcTasksOn(ex, ["status", "--stack", ex.stack.name, ...args]);
    assertNoSecrets(`${run.stdout}\n${run.stderr}`, [...ex.secrets, ...PROGRAM_SECRETS], `rtc-tasks status ${args.join(" ")}`);
    return run;
  };

  beforeAll(async () => {
    ex = await exampleStack("fleet", { config: { counts: JSON.stringify(SIX) } });
    await ex.stack.up();
    await ex.admin("POST", "tasks/live", { vendor: "volcengine", key: task("PublicStream").key, subscribers: 12 });
  });
  afterAll(async () => ex?.dispose());

  it("prints a row per task in text: on air, what cannot be known, and hints as hints; exit 0", async () => {
    const run = await status();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^Stack ${ex.stack.name}: 3 of 6 tasks on air · 3 cannot be known \\(checked .*Z\\)$`));
    expect(lines[2]).toMatch(/^Resource +Kind +Identity +Status +CDN push +Running since +Notes$/);
    expect(lines.slice(3).map((l) => l.split(/\s{2,}/)[0])).toEqual(["mix-0", "public-0", "single-0", "trtc-0", "webcast-0", "zego-0"]);
    expect(run.stdout).toMatch(
      /^mix-0 +Volcengine mixed relay to CDN +fleet-app\/hall-0\/mix-0-[0-9a-f]{8} +running +pushing +\d{4}-\d\d-\d\dT[\d:]+Z$/m,
    );
    expect(run.stdout).toMatch(/^webcast-0 +Volcengine cloud webcast .* running +- +\d{4}-/m);
    expect(run.stdout).toMatch(/^public-0 .*\(cannot be known\).*hint \(ListRealTimePublicStreamInfo\): 12 subscribers in the 30 s from /m);
    expect(run.stdout).toMatch(/^trtc-0 .*\(cannot be known\).*Tencent Cloud TRTC has no call that reads a relay to CDN back/m);
    expect(run.stdout).toMatch(
      /^zego-0 +ZEGO CDN transfer rule +stream-0\/\[secret\] .*hint \(DescribeRTCStreamState\): source stream stream-0 is published to ZEGO/m,
    );
    expect(run.stdout).not.toContain("\x1b["); // stdout is a pipe: no colour codes
  });

  it("prints Markdown, and JSON with a verdict and the hints apart from the status", async () => {
    const md = await status("--format", "markdown");
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("| Resource | Kind | Identity | Status | CDN push | Running since | Notes |");
    expect(md.stdout.match(/^\| (mix|single|webcast|public|trtc|zego)-0 \|/gm)).toHaveLength(6);
    expect(md.stdout).toMatch(/^\| public-0 \| .*hint \(ListRealTimePublicStreamInfo\): 12 subscribers/m);

    const json = await status("--format", "json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { stack: string; onAir: boolean; counts: object; tasks: Record<string, unknown>[] };
    expect(report).toMatchObject({ stack: ex.stack.name, onAir: true, counts: { onAir: 3, notOnAir: 0, unknown: 3 } });
    expect(report.tasks.find((t) => t.resource === "single-0")).toMatchObject({
      status: "running",
      pushStatus: "pushing",
      onAir: true,
      hint: null,
    });
    expect(report.tasks.find((t) => t.resource === "public-0")).toMatchObject({
      status: null,
      onAir: null,
      hint: { source: "ListRealTimePublicStreamInfo", text: expect.stringMatching(/^12 subscribers/) },
    });
  });

  it("exits 1 when a declared task is not on air, and says why", async () => {
    await ex.admin("POST", "tasks/live", { vendor: "volcengine", key: task("PushMixedStreamToCDN").key, pushState: 3 });
    await ex.endTasks((t) => t.kind === "Webcast", "ExceedMaxRunningTime");
    const run = await status();
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(/1 of 6 tasks on air · 2 not on air · 3 cannot be known/);
    expect(run.stdout).toMatch(/^mix-0 .* running +reconnecting +\d{4}-\S+ +not on air: it runs, but does not push to its CDN$/m);
    expect(run.stdout).toMatch(
      /^webcast-0 .* ended +- +- +stop reason: ExceedMaxRunningTime; ended at the vendor: the next `pulumi up` starts it again$/m,
    );
  });

  it("reads an export file piped in, with the stack's config for the credentials", async () => {
    const exported = await runPulumi(ex, ["stack", "export"]);
    expect(exported.code).toBe(0);
    const run = await runRtcTasksOn(ex, ["status", "--input", "-", "--stack", ex.stack.name, "--format", "json"], exported.stdout);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { tasks: unknown[] }).tasks).toHaveLength(6);
  });

  it("--watch checks again every interval, and ends cleanly on Ctrl-C with the last check's code", async () => {
    const child = spawnRtcTasksOn(ex, ["status", "--stack", ex.stack.name, "--watch", "--interval", "1"]);
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`two checks did not come in 60 s: ${stdout}${stderr}`)), 60_000);
      child.stdout!.on("data", (c: Buffer) => {
        stdout += c.toString();
        if ((stdout.match(/tasks on air/g) ?? []).length >= 2) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const interrupted = Date.now();
    child.kill("SIGINT");
    expect(await exit).toBe(1);
    expect(Date.now() - interrupted).toBeLessThan(5000);
    expect(stderr).toBe("");
    expect(stdout).not.toContain("\x1b["); // not a terminal: rounds appended, without colour or redraws
    assertNoSecrets(stdout, [...ex.secrets, ...PROGRAM_SECRETS], "rtc-tasks status --watch");
  });
});
