import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "vitest";
import { pulumiRoot } from "../../scripts/lib/pulumi";
import { relayTarget } from "../../provider/tasks/zego/cdnTransferRule";
import { revealed } from "../../provider/report/secrets";
import { REPO_ROOT, type ExampleStack } from "./harness";

/**
 * `pulumi` as a CI job runs it, killed with SIGKILL at a chosen moment, then `rtc-tasks recover`:
 * what test/e2e/crash.test.ts does at random moments and test/e2e/recover.test.ts at chosen ones.
 */
export interface Killable {
  /** Vendor calls the emulator has answered or begun. */
  requests(): number;
  /** Runs `pulumi <command>` to its end; fails with its output when it fails. */
  runToEnd(command: string[]): Promise<void>;
  /**
   * Starts `pulumi <command>` and SIGKILLs its process group once `until()` holds; then waits for the
   * provider the engine started (which outlives the kill) to finish what it sent and end, and checks
   * that it sends nothing more. False when the command ended first.
   */
  killWhen(command: string[], until: () => boolean): Promise<boolean>;
  /** `rtc-tasks recover` on the stack; resolves to what it printed. */
  recover(): Promise<string>;
  /** Each vendor identity the stack's state holds, as the emulator keys it; no operation may be pending. */
  declaredKeys(): Promise<string[]>;
  /**
   * Edits the checkpoint file of the local backend in place, as a killed engine may have left it:
   * unlike `pulumi stack import`, this keeps its pending operations and lock.
   */
  editCheckpoint(edit: (deployment: Deployment) => void): Promise<void>;
}

export interface Deployment {
  resources?: { urn: string; type: string; delete?: boolean; outputs?: Record<string, unknown> }[];
  pending_operations?: { type: string; resource: { urn: string } }[];
}

export function killable(ex: ExampleStack): Killable {
  const cliBin = path.join(pulumiRoot(), "bin");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...ex.envVars,
    PATH: `${cliBin}${path.delimiter}${process.env.PATH ?? ""}`,
    RTC_TASKS_LOG: "quiet",
  };
  const cwd = ex.stack.workspace.workDir;
  const cli = async (args: string[]): Promise<string> => {
    const run = promisify(execFile)(path.join(cliBin, "pulumi"), [...args, "--stack", ex.stack.name], {
      cwd,
      env,
      maxBuffer: 256 * 1024 * 1024,
    });
    return (await run).stdout;
  };

  /** In a process group of its own, as a CI job's shell runs it. */
  const start = (command: string[]): ChildProcess & { output: () => string } => {
    const args = [...command, "--yes", "--non-interactive", "--skip-preview", "--stack", ex.stack.name];
    const child = spawn(path.join(cliBin, "pulumi"), args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    return Object.assign(child, { output: () => output });
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((r) =>
      child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code)),
    );
  const requests = () => ex.emulator.state.stats.requests;

  return {
    requests,
    async runToEnd(command) {
      const child = start(command);
      const code = await exited(child);
      expect(code, `pulumi ${command.join(" ")} failed:\n${child.output().slice(-4000)}`).toBe(0);
    },
    async killWhen(command, until) {
      const child = start(command);
      const done = exited(child);
      let finished = false;
      void done.then(() => (finished = true));
      while (!finished && !until()) await new Promise((r) => setTimeout(r, 20));
      if (finished) return false;
      // Freeze the run where the condition held: listing its processes takes a moment in which it
      // would go on (and might finish). The provider has a process group of its own and keeps going.
      process.kill(-child.pid!, "SIGSTOP");
      const below = await descendants(child.pid!);
      process.kill(-child.pid!, "SIGKILL");
      await done;
      // The engine started the provider in a process group of its own, so it outlived the kill; it
      // must notice, finish what it had sent, and end, sending nothing more.
      const providers = below.filter((p) => /[\\/]cmd[\\/]dynamic-provider/.test(p.command)).map((p) => p.pid);
      const deadline = Date.now() + 20_000;
      while (providers.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(providers.filter(alive), "providers of the killed run still running").toEqual([]);
      const quiet = requests();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(requests(), "vendor calls after the killed run's provider ended").toBe(quiet);
      // Pulumi's own language host lingers too (idle); a CI job's end takes it, here the test does.
      for (const p of below) if (alive(p.pid)) process.kill(p.pid, "SIGKILL");
      return true;
    },
    async recover() {
      const main = path.join(REPO_ROOT, "node_modules", "rtc-tasks", "dist", "provider", "cli", "main.js");
      try {
        const { stdout } = await promisify(execFile)(process.execPath, [main, "recover", "--stack", ex.stack.name, "--cwd", cwd], { env });
        return stdout;
      } catch (e) {
        const { stdout, stderr } = e as { stdout?: string; stderr?: string };
        throw new Error(`rtc-tasks recover failed:\n${stdout ?? ""}\n${stderr ?? ""}`, { cause: e });
      }
    },
    async declaredKeys() {
      const deployment = (JSON.parse(await cli(["stack", "export", "--show-secrets"])) as { deployment: Deployment }).deployment;
      expect(deployment.pending_operations ?? [], "operations the engine still calls pending").toEqual([]);
      const tasks = (deployment.resources ?? []).filter((r) => r.type.includes("dynamic/rtc:"));
      expect(
        tasks.filter((r) => r.delete).map((r) => r.urn),
        "tasks still pending deletion",
      ).toEqual([]);
      return tasks.map((r) => identityOf(r.type, r.outputs!)).sort();
    },
    async editCheckpoint(edit) {
      const backend = new URL(String(ex.envVars.PULUMI_BACKEND_URL)).pathname;
      const project = (await ex.stack.workspace.projectSettings()).name;
      const file = path.join(backend, ".pulumi", "stacks", project, `${ex.stack.name}.json`);
      const checkpoint = JSON.parse(fs.readFileSync(file, "utf8")) as { checkpoint: { latest: Deployment } };
      edit(checkpoint.checkpoint.latest);
      fs.writeFileSync(file, JSON.stringify(checkpoint, null, 4));
    },
  };
}

function identityOf(type: string, o: Record<string, unknown>): string {
  switch (type.split(":").pop()) {
    case "VolcenginePublicStream":
      return `volcengine:${String(o.appId)}/${String(o.publicStreamId)}`;
    case "TencentRelayToCdn":
      return `tencent:${String(o.sdkAppId)}/${String(o.taskId)}`;
    case "ZegoCdnTransferRule":
      return `zego:${String(o.streamId)}/${relayTarget(String(revealed(o.cdnUrl)))}`;
    default:
      return `volcengine:${String(o.appId)}/${String(o.roomId)}/${String(o.taskId)}`;
  }
}

/** Every process below `pid`, with its command line, from the process table (Linux). */
async function descendants(pid: number): Promise<{ pid: number; command: string }[]> {
  const { stdout } = await promisify(execFile)("ps", ["-e", "-o", "pid=,ppid=,args="]);
  const children = new Map<number, { pid: number; command: string }[]>();
  for (const line of stdout.trim().split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m) children.set(Number(m[2]), [...(children.get(Number(m[2])) ?? []), { pid: Number(m[1]), command: m[3]! }]);
  }
  const out: { pid: number; command: string }[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
