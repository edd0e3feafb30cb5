import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { LocalWorkspace, type ConfigMap } from "@pulumi/pulumi/automation";
import { analyzePreview, parsePreview, renderText } from "../provider/report";
import { startEmulator, type RunningEmulator } from "../provider/emulator";
import { CREDENTIAL_CONFIG, localBackendEnv, pulumiCommand, pulumiRoot } from "./lib/pulumi";

/**
 * `npm run demo`: the whole product with no vendor account. Starts the emulator, runs the root
 * Pulumi.yaml program with `pulumi up` on a local file backend, shows what is live, previews a
 * change, destroys the stack, and shows that nothing is left running.
 */
const ROOT = path.resolve(__dirname, "../..");

function banner(text: string): void {
  console.log(`\n\u2501\u2501\u2501 ${text} ${"\u2501".repeat(Math.max(3, 72 - text.length))}`);
}

function showRunning(emu: RunningEmulator): void {
  const tasks = emu.state.list();
  if (tasks.length === 0) {
    console.log("  (nothing running at the emulator)");
    return;
  }
  for (const t of tasks) {
    console.log(
      `  \u25cf ${t.vendor.padEnd(10)} ${t.kind.padEnd(24)} ${t.key}  running for ${((Date.now() - t.startedAt) / 1000).toFixed(1)} s`,
    );
  }
}

async function main(): Promise<void> {
  const emu = await startEmulator();
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-demo-"));
  let destroyed = false;
  console.log(
    `Emulator at ${emu.baseUrl} (vendor endpoints: ${Object.entries(emu.endpoints)
      .map(([v, u]) => `${v} ${u}`)
      .join(", ")})`,
  );
  console.log(`Stack state in ${backend} (a local file backend)`);

  const env = emu.env();
  const credentialEnv = Object.keys(env).filter((k) => k in CREDENTIAL_CONFIG);
  const envVars = { ...localBackendEnv(backend), ...Object.fromEntries(Object.entries(env).filter(([k]) => !credentialEnv.includes(k))) };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", workDir: ROOT },
    { pulumiCommand: await pulumiCommand(), envVars },
  );
  const print = (line: string) => process.stdout.write(line);
  try {
    const config: ConfigMap = {
      "rtc-tasks-demo:pushUrl": { value: "rtmp://push.example.com/live/keynote?txSecret=demo-stream-key-7f3a", secret: true },
    };
    for (const k of credentialEnv) config[CREDENTIAL_CONFIG[k]!] = { value: env[k]!, secret: true };
    await stack.setAllConfig(config);

    banner("1/5  pulumi up: declaring the tasks starts them");
    await stack.up({ onOutput: print, color: "always" });

    banner("2/5  live at the emulator");
    showRunning(emu);

    banner("3/5  a change, as a pull request would show it: pulumi preview --json | rtc-tasks preview-report");
    console.log("  Changing the canvas background (updates in place) and the push URL (replaces the task).\n");
    await stack.setAllConfig({
      "rtc-tasks-demo:background": { value: "#203040" },
      "rtc-tasks-demo:pushUrl": { value: "rtmp://push.example.com/live/keynote-b?txSecret=demo-stream-key-9c1e", secret: true },
    });
    const { stdout } = await promisify(execFile)(
      path.join(pulumiRoot(), "bin", "pulumi"),
      ["preview", "--json", "--stack", "demo", "--non-interactive"],
      {
        cwd: ROOT,
        env: { ...process.env, ...envVars },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    console.log(renderText(analyzePreview(parsePreview(stdout))).replace(/^/gm, "  "));

    banner("4/5  pulumi destroy: tearing the stack down stops every stream");
    await stack.destroy({ onOutput: print, color: "always" });
    destroyed = true;

    banner("5/5  live at the emulator after destroy");
    showRunning(emu);
    if (emu.state.list().length > 0) throw new Error("streams are still running after destroy");
    console.log("\nDone: every stream started on up and stopped on destroy.");
  } finally {
    if (!destroyed) await stack.destroy().catch(() => undefined);
    await stack.workspace.removeStack("demo").catch(() => undefined);
    await emu.close();
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
