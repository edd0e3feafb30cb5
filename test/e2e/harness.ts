import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { CREDENTIAL_CONFIG, localBackendEnv, pulumiCommand, pulumiRoot } from "../../scripts/lib/pulumi";
import { startEmulator, type RunningEmulator, type EmulatedTask, type FaultRule } from "../../provider/emulator";

/**
 * Runs example programs with the real Pulumi engine (Automation API, local file backend) against the
 * emulator, the way a user runs them: credentials as secret stack config, endpoints from the environment.
 */
export const REPO_ROOT = path.resolve(__dirname, "../..");
export interface ExampleStack {
  stack: Stack;
  emulator: RunningEmulator;
  /** Credentials and keys that must never appear in state or output in plaintext. */
  secrets: string[];
  setConfig(values: Record<string, string | number>, secret?: boolean): Promise<void>;
  /** Tasks running at the emulator now. */
  running(): EmulatedTask[];
  /** The one task running at the emulator; fails when there is not exactly one. */
  onlyRunning(): EmulatedTask;
  /** Ends running tasks at the emulator as if they went idle, or with the stop reason given. */
  endTasks(filter: (t: EmulatedTask) => boolean, reason?: string): Promise<string[]>;
  /** The emulator's admin API (`/_emulator/<route>`), as a test or a person drives it; fails on an error answer. */
  admin(method: string, route: string, body?: unknown): Promise<unknown>;
  faults(rules: FaultRule[]): Promise<void>;
  /** Everything the backend stores for the stack (checkpoint, history, backups), as text. */
  storedState(): string;
  dispose(): Promise<void>;
  /** Environment the stack's commands run with (backend, emulator endpoints); credentials are stack config. */
  envVars: Record<string, string>;
}

export interface ExampleOptions {
  /** Program config (under the project's namespace); strings given in `secretConfig` are stored as secrets. */
  config?: Record<string, string | number>;
  secretConfig?: Record<string, string>;
  emulator?: RunningEmulator;
  env?: Record<string, string>;
  /**
   * An existing stack to take over: its name, and what to put in place before the engine sees it
   * (a checkpoint in the backend directory, the stack's config file beside the program).
   */
  existing?: { stackName: string; restore(backendDir: string, workDir: string): void };
}

export async function exampleStack(example: string, opts: ExampleOptions = {}): Promise<ExampleStack> {
  const emulator = opts.emulator ?? (await startEmulator());
  const ownsEmulator = !opts.emulator;
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-e2e-"));
  const emuEnv = emulator.env();
  const credentialEnv = Object.keys(emuEnv).filter((k) => k in CREDENTIAL_CONFIG);
  const envVars: Record<string, string> = {
    ...localBackendEnv(backend),
    // The journal of starts (provider/lifecycle/journal.ts) kept with the stack, not in the home directory.
    RTC_TASKS_JOURNAL_DIR: path.join(backend, "journal"),
    ...Object.fromEntries(Object.entries(emuEnv).filter(([k]) => !credentialEnv.includes(k))),
    ...opts.env,
  };
  // `example` names a folder of examples/, or a program folder relative to the repository.
  const workDir = path.join(REPO_ROOT, example.includes("/") ? example : path.join("examples", example));
  opts.existing?.restore(backend, workDir);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.existing?.stackName ?? `e2e-${randomBytes(3).toString("hex")}`, workDir },
    { envVars, pulumiCommand: await pulumiCommand() },
  );
  const project = (await stack.workspace.projectSettings()).name;
  const config: ConfigMap = {};
  for (const k of credentialEnv) config[CREDENTIAL_CONFIG[k]!] = { value: emuEnv[k]!, secret: true };
  for (const [k, v] of Object.entries(opts.config ?? {})) config[`${project}:${k}`] = { value: String(v) };
  for (const [k, v] of Object.entries(opts.secretConfig ?? {})) config[`${project}:${k}`] = { value: v, secret: true };
  await stack.setAllConfig(config);

  const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${emulator.baseUrl}/_emulator/${route}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as unknown;
    if (!res.ok) throw new Error(`emulator admin ${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    stack,
    emulator,
    secrets: [
      ...credentialEnv.filter((k) => !/APP_ID|ACCESS_KEY$|SECRET_ID/.test(k)).map((k) => emuEnv[k]!),
      ...Object.values(opts.secretConfig ?? {}),
    ],
    setConfig: async (values, secret = false) => {
      const m: ConfigMap = {};
      for (const [k, v] of Object.entries(values)) m[`${project}:${k}`] = { value: String(v), secret };
      await stack.setAllConfig(m);
    },
    running: () => emulator.state.list(),
    onlyRunning: () => {
      const running = emulator.state.list();
      if (running.length !== 1)
        throw new Error(`expected exactly one running task, found ${running.length}: ${running.map((t) => t.key).join(", ")}`);
      return running[0]!;
    },
    endTasks: async (filter, reason) => {
      const ended = emulator.state.list().filter(filter);
      for (const t of ended) await admin("POST", "tasks/end", { vendor: t.vendor, key: t.key, reason });
      return ended.map((t) => t.key);
    },
    admin,
    faults: async (rules) => void (await admin("POST", "faults", { rules })),
    storedState: () => readTree(backend),
    envVars,
    dispose: async () => {
      try {
        await stack.destroy();
        await stack.workspace.removeStack(stack.name);
      } finally {
        if (ownsEmulator) await emulator.close();
        fs.rmSync(backend, { recursive: true, force: true });
      }
    },
  };
}

/** Fails with the first plaintext secret found in `text`, naming where it was found (never the value). */
export function assertNoSecrets(text: string, secrets: string[], where: string): void {
  for (const s of secrets) {
    const at = s.length >= 6 ? text.indexOf(s) : -1;
    if (at >= 0) {
      const context = text.slice(Math.max(0, at - 200), at).replace(/[A-Za-z0-9+/=]{20,}/g, "…");
      throw new Error(`a secret (${s.length} characters) appears in plaintext in ${where}, after: ${context}`);
    }
  }
}

/** Every file under `dir`, as one text (a backend's checkpoints, history and backups). */
export function readTree(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), "utf8"))
    .join("\n");
}

/** What one run of a command printed, and how it ended. */
export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real `pulumi` CLI on the example's stack, as a person or a CI job runs it: all it printed and
 * its exit code, whether it succeeded or not. A missing CLI fails with how to get it (pulumiCommand).
 */
export async function runPulumi(ex: ExampleStack, args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  await pulumiCommand(); // fails with a message when the CLI is not installed
  return runProcess(path.join(pulumiRoot(), "bin", "pulumi"), [...args, "--stack", ex.stack.name, "--non-interactive"], {
    cwd: ex.stack.workspace.workDir,
    env: { ...process.env, ...ex.envVars, ...env },
  });
}

/** The compiled `rtc-tasks` CLI with `input` on stdin, as `pulumi preview --json | npx rtc-tasks ...` runs it. */
export async function runRtcTasks(args: string[], input: string): Promise<CommandRun> {
  return runProcess(process.execPath, [rtcTasksMain(), ...args], { cwd: REPO_ROOT, env: process.env }, input);
}

function rtcTasksMain(): string {
  const main = path.join(REPO_ROOT, "dist/provider/cli/main.js");
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  return main;
}

/**
 * The compiled `rtc-tasks` CLI run by a person in the example's project directory, with the stack's
 * environment (backend, emulator endpoints) and the installed `pulumi` on PATH; credentials are in the
 * stack's config, as a user keeps them.
 */
export async function runRtcTasksOn(ex: ExampleStack, args: string[], input = ""): Promise<CommandRun> {
  await pulumiCommand(); // fails with a message when the CLI is not installed
  const env = { ...process.env, ...ex.envVars, PATH: `${path.join(pulumiRoot(), "bin")}${path.delimiter}${process.env.PATH ?? ""}` };
  return runProcess(process.execPath, [rtcTasksMain(), ...args], { cwd: ex.stack.workspace.workDir, env }, input);
}

/** The same, left running: for `--watch`, which runs until a signal. */
export function spawnRtcTasksOn(ex: ExampleStack, args: string[]): ChildProcess {
  const env = { ...process.env, ...ex.envVars, PATH: `${path.join(pulumiRoot(), "bin")}${path.delimiter}${process.env.PATH ?? ""}` };
  return spawn(process.execPath, [rtcTasksMain(), ...args], { cwd: ex.stack.workspace.workDir, env, stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a program to its end: all it printed and its exit code, whether it succeeded or not. */
export function runProcess(file: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }, input = ""): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...opts, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/**
 * `pulumi preview --json` run by the real CLI, as a pull-request job runs it; resolves to its stdout
 * (a PreviewDigest). The Automation API's preview returns no digest, hence the direct call.
 */
export async function previewJson(ex: ExampleStack, extraArgs: string[] = []): Promise<string> {
  const args = ["preview", "--json", ...extraArgs];
  const run = await runPulumi(ex, args);
  if (run.code !== 0) {
    throw new PreviewFailed(
      `pulumi ${args.join(" ")} failed with exit code ${run.code}\n${run.stderr}\n${run.stdout.slice(0, 4000)}`,
      run.stdout,
      run.code ?? undefined,
    );
  }
  return run.stdout;
}

/** A preview that exited non-zero; `stdout` still holds the JSON digest the CLI printed, if any. */
export class PreviewFailed extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly exitCode: number | undefined,
  ) {
    super(message);
  }
}
