import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { analyzePreview, parsePreview, renderText, type Report } from "../provider/report";
import { startEmulator, type RunningEmulator } from "../provider/emulator";
import { CREDENTIAL_CONFIG, localBackendEnv, pulumiCommand, pulumiRoot } from "./lib/pulumi";
import { banner, bold, dim, engineLines, say, showRunning, summaryLine } from "./lib/demoOutput";

/**
 * `npm run demo`: the product with no vendor account. Against the emulator, on a local file backend,
 * the root Pulumi.yaml program (examples/demo/) declares a live event at three vendors; `up` starts
 * it; a "pull request" (a stack config change) is previewed as the preview report shows it, then
 * applied; `destroy` stops everything. It checks each step against the emulator and fails otherwise.
 */
const ROOT = path.resolve(__dirname, "../..");
const STACK = "demo";
const PROJECT = "rtc-tasks-demo";

const EVENT_CONFIG: Record<string, string> = {
  mainPushUrl: "rtmp://push.example.com/live/main-stage?txSecret=demo-main-7f3a",
  slidesUrl: "https://slides.example.com/launch/deck-v1?token=demo-deck-41c2",
  sidePushUrl: "rtmp://push.example.com/live/side-room?txSecret=demo-side-0b9e",
  guestCdnUrl: "rtmp://cdn.example.net/live/guest-1?auth_key=demo-guest-5d77",
};

/** The pull request: what it changes in the stack's config, and what each change means. */
const PULL_REQUEST: { key: string; value: string; secret: boolean; why: string }[] = [
  {
    key: "mainPushUrl",
    value: "rtmp://push-backup.example.com/live/main-stage?txSecret=demo-main-2c81",
    secret: true,
    why: "the main stage moves to the backup CDN ingest (a new push URL: Volcengine replaces the task)",
  },
  {
    key: "slidesUrl",
    value: "https://slides.example.com/launch/deck-v2?token=demo-deck-93ad",
    secret: true,
    why: "the slides page becomes the final deck (a webcast cannot change: it is replaced)",
  },
  {
    key: "sideVideoBitRate",
    value: "3000",
    secret: false,
    why: "the side room's video bitrate goes from 2000 to 3000 kbps (Tencent updates a running relay)",
  },
  { key: "guestOnAir", value: "false", secret: false, why: "the remote guest goes off air (their ZEGO relay is no longer declared)" },
];

/** What the report must say of each stream, by resource name: the demo fails on anything else. */
const EXPECTED_REPORT: Record<string, string> = {
  "main-stage": "interrupt/hands-over",
  slides: "interrupt/goes-dark",
  "side-room": "change",
  guest: "stop",
};

async function main(): Promise<void> {
  const started = Date.now();
  say(bold("rtc-tasks demo: a live event at Volcengine RTC, Tencent Cloud TRTC and ZEGO, as a Pulumi stack"));
  say("Declaring the event starts its streams; a pull request is previewed as a report of which streams");
  say("change in place, hand over, go dark or stop, then applied; destroy stops every stream. No vendor");
  say("account: the vendors' APIs are the emulator's (`npx rtc-tasks emulator`), signatures checked.");
  const emu = await startEmulator();
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-demo-"));
  say(dim(`Emulator ${emu.baseUrl}; stack state in ${backend} (a local file backend)`));

  const env = emu.env();
  const credentialEnv = Object.keys(env).filter((k) => k in CREDENTIAL_CONFIG);
  const envVars = { ...localBackendEnv(backend), ...Object.fromEntries(Object.entries(env).filter(([k]) => !credentialEnv.includes(k))) };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: STACK, workDir: ROOT },
    { pulumiCommand: await pulumiCommand(), envVars },
  );
  let destroyed = false;
  try {
    const config: ConfigMap = {};
    for (const k of credentialEnv) config[CREDENTIAL_CONFIG[k]!] = { value: env[k]!, secret: true };
    for (const [k, v] of Object.entries(EVENT_CONFIG)) config[`${PROJECT}:${k}`] = { value: v, secret: true };
    await stack.setAllConfig(config);

    banner("1/6", "pulumi up: declaring the event starts its streams");
    await up(stack);
    banner("2/6", "live at each vendor");
    showRunning(emu);
    expectRunning(emu, { volcengine: 2, tencent: 1, zego: 1 });
    const sideRelay = emu.state.list().find((t) => t.vendor === "tencent")!.key;

    banner("3/6", "a pull request edits the stack's config");
    for (const change of PULL_REQUEST) say(`  ${change.key}: ${change.why}`);
    const pr: ConfigMap = {};
    for (const c of PULL_REQUEST) pr[`${PROJECT}:${c.key}`] = { value: c.value, secret: c.secret };
    await stack.setAllConfig(pr);

    banner("4/6", "its preview: pulumi preview --json | rtc-tasks preview-report --format text");
    const report = analyzePreview(parsePreview(await previewJson(envVars)));
    say(renderText(report).trimEnd().replace(/^/gm, "  "));
    expectReport(report);

    banner("5/6", "pulumi up: the pull request merged and applied");
    await up(stack);
    say();
    showRunning(emu);
    expectRunning(emu, { volcengine: 2, tencent: 1, zego: 0 });
    const side = emu.state.list().find((t) => t.vendor === "tencent")!;
    if (side.key !== sideRelay || side.updates !== 1) throw new Error("the side room's relay should have been updated in place, once");

    banner("6/6", "pulumi destroy: tearing the stack down stops every stream");
    const destroyStart = Date.now();
    const result = await stack.destroy({ onEvent: engineLines, color: "never" });
    destroyed = true;
    say(summaryLine(result.summary.resourceChanges, destroyStart));
    say();
    showRunning(emu);
    expectRunning(emu, { volcengine: 0, tencent: 0, zego: 0 });
    say();
    say(
      bold(
        `Done in ${((Date.now() - started) / 1000).toFixed(0)} s: every stream started on up, changed as previewed, stopped on destroy.`,
      ),
    );
  } finally {
    if (!destroyed) await stack.destroy({ color: "never" }).catch(() => undefined);
    await stack.workspace.removeStack(STACK).catch(() => undefined);
    await emu.close();
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

async function up(stack: Stack): Promise<void> {
  const at = Date.now();
  const result = await stack.up({ onEvent: engineLines, color: "never" });
  say(summaryLine(result.summary.resourceChanges, at));
}

/** `pulumi preview --json` from the real CLI, as a pull-request job runs it (the Automation API returns no digest). */
async function previewJson(envVars: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(
    path.join(pulumiRoot(), "bin", "pulumi"),
    ["preview", "--json", "--stack", STACK, "--non-interactive", "--color", "never"],
    { cwd: ROOT, env: { ...process.env, ...envVars }, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

function expectRunning(emu: RunningEmulator, counts: Record<string, number>): void {
  const tasks = emu.state.list();
  for (const [vendor, n] of Object.entries(counts)) {
    const found = tasks.filter((t) => t.vendor === vendor).length;
    if (found !== n) throw new Error(`expected ${n} task(s) running at ${vendor}, found ${found}`);
  }
}

function expectReport(report: Report): void {
  const seen: Record<string, string> = Object.fromEntries(
    report.rows.map((r) => [r.name, r.handover ? `${r.impact}/${r.handover}` : r.impact]),
  );
  const names = new Set([...Object.keys(seen), ...Object.keys(EXPECTED_REPORT)]);
  if (report.errors.length > 0 || [...names].some((n) => seen[n] !== EXPECTED_REPORT[n]))
    throw new Error(`the report should read ${JSON.stringify(EXPECTED_REPORT)}, but reads ${JSON.stringify(seen)}`);
}

main().catch((e: unknown) => {
  console.error(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
