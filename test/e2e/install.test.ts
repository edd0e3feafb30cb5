import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumiCommand, pulumiRoot } from "../../scripts/lib/pulumi";
import { freePortRun } from "../unit/fixtures/ports";
import { REPO_ROOT, assertNoSecrets, readTree, runProcess, type CommandRun } from "./harness";

/**
 * rtc-tasks as a user gets it: `npm pack` of this repository, installed from the tarball into a new
 * Pulumi program in a temporary directory outside the repository, with its own package.json,
 * node_modules and Pulumi.yaml. The emulator is the installed package's `npx rtc-tasks emulator`, and
 * the program's stack config is exactly the `pulumi config set` lines it prints. Nothing here reads
 * the repository's node_modules or dist/ except through the tarball.
 */

const PROGRAM_PACKAGE = {
  name: "launch-event",
  private: true,
  main: "index.ts",
  dependencies: { "@pulumi/pulumi": ">=3.248.0 <3.249.0", "rtc-tasks": "file:../pack/rtc-tasks-0.1.0.tgz" },
  // Pulumi runs a TypeScript program with the program's own typescript and ts-node.
  devDependencies: { "@types/node": "^20.19.0", "ts-node": "^10.9.2", typescript: "~5.9.3" },
};

const PULUMI_YAML = `name: launch-event
runtime: nodejs
description: A live event's relays, one per vendor
`;

const INDEX_TS = `import * as pulumi from "@pulumi/pulumi";
import * as rtc from "rtc-tasks";

const config = new pulumi.Config();

const host = new rtc.VolcengineSingleRelayToCdn("host-camera", {
  appId: "launch-app",
  roomId: "main-stage",
  pushUrl: config.requireSecret("hostPushUrl"),
  stream: { userId: "host" },
});

const side = new rtc.TencentRelayToCdn("side-room", {
  sdkAppId: 1400000001,
  roomId: "side-room",
  roomIdType: 1,
  withTranscoding: 1,
  audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
  videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000, gop: 2 } },
  publishCdnParams: [{ publishCdnUrl: config.requireSecret("sidePushUrl"), isTencentCdn: 1 }],
});

const guest = new rtc.ZegoCdnTransferRule("guest", { streamId: "guest-1", cdnUrl: config.requireSecret("guestCdnUrl") });

export const hostTaskId = host.taskId;
export const sideTaskId = side.taskId;
export const guestRule = guest.id;
`;

const PROGRAM_SECRETS: Record<string, string> = {
  hostPushUrl: "rtmp://push.example.com/live/host?txSecret=install-host-5e1f0c",
  sidePushUrl: "rtmp://push.example.com/live/side?txSecret=install-side-82b4aa",
  guestCdnUrl: "rtmp://cdn.example.net/live/guest?auth_key=install-guest-d61c3e",
};

interface Task {
  vendor: string;
  kind: string;
  key: string;
}

describe("rtc-tasks packed and installed into a new Pulumi program", () => {
  // Outside the repository (the repository is not under the OS temp directory), so that Node's
  // lookup of node_modules up the directory tree can never reach the repository's. Its name holds
  // "rtc-tasks" on purpose, as a user's project folder might (see the state check below).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-install-"));
  const pack = path.join(tmp, "pack");
  let programDir = path.join(tmp, "launch-event");
  const env = userEnvironment(tmp);
  const secrets = Object.values(PROGRAM_SECRETS);
  const outputs: string[] = [];
  let emulator: ChildProcess | undefined;
  let adminUrl = "";
  let packed: string[] = [];

  const run = async (file: string, args: string[], cwd = programDir): Promise<CommandRun> => {
    const r = await runProcess(file, args, { cwd, env });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const ok = async (file: string, args: string[], cwd = programDir): Promise<CommandRun> => {
    const r = await run(file, args, cwd);
    if (r.code !== 0) throw new Error(`${file} ${args.join(" ")} exited ${r.code}\n${r.stderr}\n${r.stdout}`.slice(0, 8000));
    return r;
  };
  const pulumi = (...args: string[]) => ok(path.join(pulumiRoot(), "bin", "pulumi"), [...args, "--stack", "dev", "--non-interactive"]);
  const running = async (): Promise<Task[]> => ((await (await fetch(`${adminUrl}/_emulator/tasks`)).json()) as { tasks: Task[] }).tasks;
  const resolveFromProgram = async (id: string): Promise<string> =>
    (await ok("node", ["-p", `require.resolve(${JSON.stringify(id)})`])).stdout.trim();

  beforeAll(async () => {
    await pulumiCommand(); // a missing CLI fails here, saying how to install it
    expect(path.relative(REPO_ROOT, tmp).startsWith("..")).toBe(true);
    fs.mkdirSync(pack);
    // `npm pack` runs the package's prepare script (tsc) first, as a publish would.
    const packRun = await ok("npm", ["pack", "--json", "--pack-destination", pack], REPO_ROOT);
    const listing = JSON.parse(packRun.stdout.slice(packRun.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    expect(listing[0]!.filename).toBe("rtc-tasks-0.1.0.tgz");
    packed = listing[0]!.files.map((f) => f.path);
  });

  afterAll(async () => {
    // The emulator runs as `npx`, which starts node under it: end the process group this test made.
    if (emulator?.pid && emulator.exitCode === null && emulator.signalCode === null) {
      const exited = new Promise((r) => emulator!.once("exit", r));
      process.kill(-emulator.pid, "SIGINT");
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("packs the built package, its README and package.json, and nothing else", () => {
    const outside = packed.filter((p) => !p.startsWith("dist/provider/") && !["package.json", "README.md", "LICENSE"].includes(p));
    expect(outside).toEqual([]);
    expect(packed.filter((p) => p.endsWith(".map") || /\.test\.|(^|\/)test\//.test(p))).toEqual([]);
    for (const needed of [
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/lifecycle/runtime.js",
      "dist/provider/cli/main.js",
      "dist/provider/cli/commands/emulator.js",
      "dist/provider/emulator/index.d.ts",
      "dist/provider/vendors/volcengine/model.json",
      "dist/provider/vendors/volcengine/types.json",
      "dist/provider/vendors/tencent/model.json",
      "dist/provider/vendors/zego/model.json",
    ])
      expect(packed, needed).toContain(needed);
  });

  it("installs from the tarball into the program's own node_modules", async () => {
    fs.mkdirSync(programDir);
    fs.writeFileSync(path.join(programDir, "package.json"), `${JSON.stringify(PROGRAM_PACKAGE, null, 2)}\n`);
    fs.writeFileSync(path.join(programDir, "Pulumi.yaml"), PULUMI_YAML);
    fs.writeFileSync(path.join(programDir, "index.ts"), INDEX_TS);
    // From the npm cache where it holds the versions (offline-friendly), from the registry otherwise.
    await ok("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"]);

    for (const id of ["rtc-tasks/runtime", "rtc-tasks", "@pulumi/pulumi", "@pulumi/pulumi/cmd/dynamic-provider"])
      expect(await resolveFromProgram(id), id).toContain(path.join(programDir, "node_modules") + path.sep);
    expect(fs.existsSync(path.join(programDir, "node_modules/rtc-tasks/dist/provider/lifecycle/runtime.js.map"))).toBe(false);

    const help = await ok("npx", ["--no-install", "rtc-tasks", "emulator", "--help"]);
    expect(help.stdout).toContain("Usage: rtc-tasks emulator");
  });

  it("starts the installed emulator, and the stack config it prints points the stack at it", async () => {
    const base = await freePortRun();
    emulator = spawn("npx", ["--no-install", "rtc-tasks", "emulator", "--ports", String(base)], {
      cwd: programDir,
      env,
      detached: true, // its own process group, ended in afterAll
      stdio: ["ignore", "pipe", "pipe"],
    });
    const printed = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      emulator!.stdout!.on("data", (c: Buffer) => {
        out += c.toString("utf8");
        if (out.includes("Serving until Ctrl-C.")) resolve(out);
      });
      emulator!.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
      emulator!.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before serving:\n${err}\n${out}`)));
    });
    adminUrl = /admin API +(\S+)/.exec(printed)![1]!;
    expect(adminUrl).toBe(`http://127.0.0.1:${base}`);

    await pulumi("stack", "init");
    const lines = [...printed.matchAll(/^ {2}pulumi (config set .+)$/gm)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const line of lines) await pulumi(...line.split(" "));
    for (const [key, value] of Object.entries(PROGRAM_SECRETS)) await pulumi("config", "set", "--secret", key, value);
    const stackConfig = fs.readFileSync(path.join(programDir, "Pulumi.dev.yaml"), "utf8");
    expect(stackConfig).toContain(`rtc-tasks:volcengineEndpoint: http://127.0.0.1:${base + 1}`);
    expect(stackConfig).toMatch(/rtc-tasks:zegoServerSecret:\n\s+secure: /);
    secrets.push(...[...printed.matchAll(/--secret rtc-tasks:\w+(?:Secret|SecretKey) (\S+)/g)].map((m) => m[1]!));
    assertNoSecrets(stackConfig, secrets, "Pulumi.dev.yaml");
  });

  it("runs up, a preview with no changes, and destroy", async () => {
    await pulumi("up", "--yes");
    expect((await running()).map((t) => t.vendor).sort()).toEqual(["tencent", "volcengine", "zego"]);

    await pulumi("preview", "--expect-no-changes");

    // What state keeps of the provider is a bare require of the installed package, with no folder in
    // it. This program's folder has "rtc-tasks" in its name, which leads Pulumi's serializer to the
    // file's own path (see provider/resources/taskResource.ts); the package exports that path too.
    const state = (await pulumi("stack", "export")).stdout;
    expect(state).toContain('require(\\"rtc-tasks/dist/provider/lifecycle/runtime.js\\")');
    expect(state).not.toContain(tmp);
    expect(state).not.toContain(REPO_ROOT);

    await pulumi("destroy", "--yes");
    expect(await running()).toEqual([]);
  });

  it("destroys from the program's new place after the directory moved", async () => {
    await pulumi("up", "--yes");
    expect(await running()).toHaveLength(3);

    const moved = path.join(tmp, "launch-event-moved");
    fs.renameSync(programDir, moved);
    programDir = moved;
    expect(await resolveFromProgram("rtc-tasks/runtime")).toBe(
      path.join(moved, "node_modules/rtc-tasks/dist/provider/lifecycle/runtime.js"),
    );

    await pulumi("destroy", "--yes");
    expect(await running()).toEqual([]);
    await pulumi("stack", "rm", "--yes");
  });

  it("kept every secret out of the commands' output and the backend", () => {
    assertNoSecrets(outputs.join("\n"), secrets, "the output of npm and pulumi");
    assertNoSecrets(readTree(path.join(tmp, "backend")), secrets, "the backend");
  });
});

/**
 * The environment a user's shell would give: this machine's PATH and home, a local file backend, and
 * nothing of the repository's (npm's run-script variables, its node_modules/.bin on PATH, NODE_PATH)
 * nor any vendor credentials, which must come from the stack config alone.
 */
function userEnvironment(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) continue;
    if (/^(VOLCENGINE|TENCENTCLOUD|ZEGO|RTC_TASKS|PULUMI|VITEST)_|^INIT_CWD$/.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !path.resolve(dir).startsWith(REPO_ROOT))
    .join(path.delimiter);
  env.NODE_PATH = "";
  if (process.env.PULUMI_HOME) env.PULUMI_HOME = process.env.PULUMI_HOME;
  Object.assign(env, {
    PULUMI_BACKEND_URL: `file://${path.join(tmp, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "install-test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    RTC_TASKS_JOURNAL_DIR: path.join(tmp, "journal"),
  });
  fs.mkdirSync(path.join(tmp, "backend"), { recursive: true });
  return env;
}
