import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator, type EmulatedTask, type FaultRule } from "../../provider/emulator";

/**
 * Runs example programs with the real Pulumi engine (Automation API, local file backend) against the
 * emulator, the way a user runs them: credentials as secret stack config, endpoints from the environment.
 */
export const REPO_ROOT = path.resolve(__dirname, "../..");
export const PULUMI_CLI_VERSION = "3.259.0";

export function pulumiRoot(): string {
  return path.join(process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "versions", PULUMI_CLI_VERSION);
}

/** The CLI the setup step built or installed; missing is a failure that says how to get it. */
export async function pulumiCommand(): Promise<PulumiCommand> {
  const root = pulumiRoot();
  for (const bin of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    if (!fs.existsSync(path.join(root, "bin", bin))) {
      throw new Error(`The Pulumi CLI is not installed (${path.join(root, "bin", bin)} is missing). Run \`npm run setup\`: it builds the CLI from the Go module proxy, or install Pulumi ${PULUMI_CLI_VERSION} into ${path.join(root, "bin")}.`);
    }
  }
  return PulumiCommand.get({ root });
}

/** Stack config keys for the credentials the emulator hands out, by environment variable. */
const CREDENTIAL_CONFIG: Record<string, string> = {
  VOLCENGINE_ACCESS_KEY: "rtc-tasks:volcengineAccessKey",
  VOLCENGINE_SECRET_KEY: "rtc-tasks:volcengineSecretKey",
  TENCENTCLOUD_SECRET_ID: "rtc-tasks:tencentSecretId",
  TENCENTCLOUD_SECRET_KEY: "rtc-tasks:tencentSecretKey",
  ZEGO_APP_ID: "rtc-tasks:zegoAppId",
  ZEGO_SERVER_SECRET: "rtc-tasks:zegoServerSecret",
};

export interface ExampleStack {
  stack: Stack;
  emulator: RunningEmulator;
  /** Credentials and keys that must never appear in state or output in plaintext. */
  secrets: string[];
  setConfig(values: Record<string, string | number>, secret?: boolean): Promise<void>;
  /** Tasks running at the emulator now. */
  running(): EmulatedTask[];
  /** Ends running tasks at the emulator as if they went idle. */
  endTasks(filter: (t: EmulatedTask) => boolean): Promise<string[]>;
  faults(rules: FaultRule[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface ExampleOptions {
  /** Program config (under the project's namespace); strings given in `secretConfig` are stored as secrets. */
  config?: Record<string, string | number>;
  secretConfig?: Record<string, string>;
  emulator?: RunningEmulator;
  env?: Record<string, string>;
}

export async function exampleStack(example: string, opts: ExampleOptions = {}): Promise<ExampleStack> {
  const emulator = opts.emulator ?? (await startEmulator());
  const ownsEmulator = !opts.emulator;
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-e2e-"));
  const emuEnv = emulator.env();
  const credentialEnv = Object.keys(emuEnv).filter((k) => k in CREDENTIAL_CONFIG);
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true", // tsc type-checks examples in the build
    ...Object.fromEntries(Object.entries(emuEnv).filter(([k]) => !credentialEnv.includes(k))),
    ...opts.env,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: `e2e-${randomBytes(3).toString("hex")}`, workDir: path.join(REPO_ROOT, "examples", example) },
    { envVars, pulumiCommand: await pulumiCommand() },
  );
  const project = (await stack.workspace.projectSettings()).name;
  const config: ConfigMap = {};
  for (const k of credentialEnv) config[CREDENTIAL_CONFIG[k]!] = { value: emuEnv[k]!, secret: true };
  for (const [k, v] of Object.entries(opts.config ?? {})) config[`${project}:${k}`] = { value: String(v) };
  for (const [k, v] of Object.entries(opts.secretConfig ?? {})) config[`${project}:${k}`] = { value: v, secret: true };
  await stack.setAllConfig(config);

  const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${emulator.baseUrl}/_emulator/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json();
  };
  return {
    stack,
    emulator,
    secrets: [...credentialEnv.filter((k) => !/APP_ID|ACCESS_KEY$|SECRET_ID/.test(k)).map((k) => emuEnv[k]!), ...Object.values(opts.secretConfig ?? {})],
    setConfig: async (values, secret = false) => {
      const m: ConfigMap = {};
      for (const [k, v] of Object.entries(values)) m[`${project}:${k}`] = { value: String(v), secret };
      await stack.setAllConfig(m);
    },
    running: () => emulator.state.list(),
    endTasks: async (filter) => {
      const ended = emulator.state.list().filter(filter);
      for (const t of ended) await admin("POST", "tasks/end", { vendor: t.vendor, key: t.key });
      return ended.map((t) => t.key);
    },
    faults: async (rules) => void (await admin("POST", "faults", { rules })),
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

/** Fails with the first plaintext secret found in `text`, naming where it was found. */
export function assertNoSecrets(text: string, secrets: string[], where: string): void {
  for (const s of secrets) {
    if (s.length >= 6 && text.includes(s)) throw new Error(`a secret (${s.slice(0, 3)}...) appears in plaintext in ${where}`);
  }
}
