import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lastEntry } from "../lifecycle/journal";
import { journalKeyOf } from "../lifecycle/starting";
import { vendorNameOf, type Inputs, type State, type TaskKind, outputKeysOf } from "../tasks/kind";
import { revealed } from "../report/secrets";
import { TASK_TYPE_PREFIX } from "../report/taskTypes";
import { kinds } from "../tasks/registry";
import { pulumiCli } from "./pulumiCli";

/**
 * `rtc-tasks recover`: after a `pulumi up` or `pulumi destroy` was killed, brings the stack back to
 * a state the next run can finish from, so that nothing runs unseen or twice.
 *
 * - A lock left by the killed process (local file backend): removed with `pulumi cancel`, once it is
 *   sure the process is gone.
 * - An empty `<stack>.json.attrs` written as the process died: removed (the backend's attribute
 *   cache; with it empty, every command fails with "failed to load checkpoint: EOF").
 * - Starts the engine had begun but not recorded ("pending creates"): the engine leaves them out of
 *   state, so a `destroy` would not stop them. Each becomes a resource in state, with what this
 *   machine's journal knows (a Tencent TaskId), or marked unconfirmed, which the next `up` settles;
 *   one whose start was never sent is dropped. A replacement's start counts as unrecorded when the
 *   task it replaces is in state only as pending deletion; otherwise the next run repeats it.
 *
 * The stack is exported and imported by the Pulumi CLI itself; secrets stay encrypted on disk.
 */

export interface RecoverOptions {
  stack?: string;
  cwd: string;
  dryRun: boolean;
  /** The killed process ran on this machine (known by itself from a local backend's lock). */
  here?: boolean;
  /** The `pulumi` executable (default: the one on PATH). */
  pulumi?: string;
}

interface Deployment {
  resources?: ResourceState[];
  pending_operations?: PendingOperation[];
  [key: string]: unknown;
}
interface ResourceState {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  /** Pending deletion: the old task of a replacement, or one the program no longer declares. */
  delete?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}
interface PendingOperation {
  resource: ResourceState;
  type: string;
}

interface Exported {
  version: number;
  deployment: Deployment;
}

export async function recover(opts: RecoverOptions, say: (line: string) => void): Promise<number> {
  const run = pulumiCli({ pulumi: opts.pulumi, cwd: opts.cwd, missingHint: "install Pulumi (https://www.pulumi.com/docs/install/)" });
  const stackArgs = opts.stack ? ["--stack", opts.stack] : [];
  const backend = (JSON.parse(await run("whoami", "--json")) as { url?: string }).url ?? "";
  const local = localBackendRoot(backend);
  // First, before any command that loads the checkpoint: with an empty attribute file beside it,
  // every such command fails ("failed to load checkpoint: EOF").
  if (local) {
    for (const file of emptyAttributeFiles(local, projectName(opts.cwd))) {
      say(`- an empty checkpoint attribute file the killed process was writing: removed (${file})`);
      if (!opts.dryRun) fs.rmSync(file);
    }
  }
  const qualified = (await run("stack", "--show-name", "--fully-qualify-stack-names", ...stackArgs)).trim();
  const [org, project, stack] = qualified.split("/") as [string, string, string];
  say(`Stack ${qualified}`);

  // Whether the killed process ran on this machine, so that this machine's journal saw every start
  // it sent: a stale lock of this host says so; elsewhere `--here` does.
  let here = opts.here ?? false;
  if (local) {
    const lock = staleLock(path.join(local, ".pulumi", "locks", org, project, stack));
    if (lock === "stale") here = true;
    if (lock === "held") {
      say("A pulumi process on this machine still holds the stack's lock: let it finish (or stop it) first.");
      return 1;
    }
    if (lock === "stale") {
      say("- the lock left by the killed process: removed (`pulumi cancel`)");
      if (!opts.dryRun) await run("cancel", "--yes", ...stackArgs);
    }
  } else {
    say("- not a local file backend: if a command says the stack is locked or an update is in progress, run `pulumi cancel` first");
  }

  const sealed = JSON.parse(await run("stack", "export", ...stackArgs)) as Exported;
  // Plain values only in memory: the journal is keyed by what secrets hide (a CDN address).
  const plain = JSON.parse(await run("stack", "export", "--show-secrets", ...stackArgs)) as Exported;
  const ops = sealed.deployment.pending_operations ?? [];
  const plainOps = plain.deployment.pending_operations ?? [];
  // Only a live entry is the resource: one pending deletion is not what the next run diffs against.
  // The engine marks a replaced task for deletion in memory as soon as its replacement's create
  // returns, and any other step's checkpoint write may save that before the replacement is recorded
  // (CreateStep.Apply in pulumi/pulumi's pkg/resource/deploy/step.go); killed in that window, the next
  // run would see the resource as new, start it under a first-generation name, and leave the
  // replacement that ran unseen.
  const live = new Set((sealed.deployment.resources ?? []).filter((r) => !r.delete).map((r) => r.urn));
  const keep: PendingOperation[] = [];
  const added: ResourceState[] = [];
  let settled = 0;
  ops.forEach((op, i) => {
    if (!op.resource.type.startsWith(TASK_TYPE_PREFIX)) {
      keep.push(op);
      return;
    }
    settled++;
    const name = op.resource.urn.split("::").pop();
    if (op.type !== "creating" || live.has(op.resource.urn)) {
      say(`- ${name}: interrupted while ${op.type}; it is in state, and the next run finishes it`);
      return;
    }
    const decided = recoverCreate(op.resource, revealed(plainOps[i]?.resource.inputs ?? {}) as Inputs, here);
    say(`- ${name}: ${decided.note}`);
    if (decided.resource) added.push(decided.resource);
  });
  if (settled === 0) say("- no interrupted task operations");
  if (settled > 0 && !opts.dryRun) {
    sealed.deployment.pending_operations = keep;
    sealed.deployment.resources = withAdded(sealed.deployment.resources ?? [], added);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-recover-"));
    const file = path.join(dir, "stack.json");
    try {
      fs.writeFileSync(file, JSON.stringify(sealed), { mode: 0o600 });
      await run("stack", "import", "--file", file, ...stackArgs);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  say(opts.dryRun ? "Dry run: nothing changed." : "Now run the interrupted command again: `pulumi up` (or `pulumi destroy`).");
  return 0;
}

/**
 * The resources with the recovered ones in: a replacement right after the old entry it replaces (so
 * it precedes whatever depends on it, as the engine would have written it), a new one at the end.
 */
function withAdded(resources: ResourceState[], added: ResourceState[]): ResourceState[] {
  const out = [...resources];
  for (const r of added) {
    const old = out.map((o) => o.urn).lastIndexOf(r.urn);
    out.splice(old < 0 ? out.length : old + 1, 0, r);
  }
  return out;
}

interface Decision {
  resource?: ResourceState;
  note: string;
}

/** What a start the engine began, but never recorded, becomes in state. */
function recoverCreate(sealed: ResourceState, plainInputs: Inputs, here: boolean): Decision {
  const kind = kinds.get(String(plainInputs.__kind));
  if (!kind) return { note: "a start of an unknown kind: left for `pulumi refresh` to settle", resource: undefined };
  const as = (extra: State, note: string): Decision => {
    const outputs = { ...sealed.inputs, ...extra };
    return { note, resource: { ...sealed, custom: true, id: kind.id({ ...plainInputs, ...extra }), outputs } };
  };
  if (kind.restart === "repeat") {
    // The derived name finds the task again: the next up starts it once (the vendor answers a
    // repeat with the running task), a destroy stops it by name.
    return as(
      { startUnconfirmed: true },
      "a start that may have run: kept in state, and the next `pulumi up` confirms it under the same name",
    );
  }
  const entry = lastEntry(plainInputs.__stack, kind.type, journalKeyOf(kind, plainInputs));
  // The journal is written before a start is sent: where the killed process ran here, no entry
  // means nothing was sent. Elsewhere, this machine knows nothing either way.
  if (!entry && !here) {
    return as(
      { startUnconfirmed: true },
      "no record of its start on this machine (the killed run was elsewhere? run recover there, or pass --here if it was this machine): kept in state, unconfirmed",
    );
  }
  if (!entry || entry.phase === "stopped")
    return { note: "its start was never sent (this machine's journal has no record of it): nothing to keep" };
  if (entry.phase === "started") {
    return as(
      { ...entry.outputs, startedAt: entry.at },
      `its start ran: taken into state from this machine's journal (${describeOutputs(kind, entry.outputs)})`,
    );
  }
  return as(
    { startUnconfirmed: true },
    kind.restart === "stop-first"
      ? "a start was sent but its answer was lost: kept in state, and the next `pulumi up` deletes and creates it once"
      : `a start was sent but its answer was lost with the process: kept in state, unconfirmed; ${vendorNameOf(kind)} can only be asked about a task by the id it answered, so see the task's error on the next run for what to check`,
  );
}

function describeOutputs(kind: TaskKind, outputs: State | undefined): string {
  const shown = outputKeysOf(kind)
    .filter((k) => outputs?.[k] !== undefined)
    .map((k) => `${k} ${String(outputs![k])}`);
  return shown.length ? shown.join(", ") : "no vendor id";
}

/**
 * Empty `.attrs` files of a local backend's stacks and history of this project. The backend keeps
 * each file's attributes in a sidecar written after the file itself, not atomically: a kill at the
 * wrong moment leaves it empty, and an empty one is never valid, so removing it loses nothing.
 */
function emptyAttributeFiles(root: string, project: string | undefined): string[] {
  if (!project) return [];
  const dirs = [path.join(root, ".pulumi", "stacks", project), path.join(root, ".pulumi", "history", project)];
  const found: string[] = [];
  for (const dir of dirs) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const file = path.join(e.parentPath, e.name);
      if (e.isFile() && e.name.endsWith(".attrs") && fs.statSync(file).size === 0) found.push(file);
    }
  }
  return found;
}

/** The project's name, from its Pulumi.yaml (a top-level `name:`), without loading any stack. */
function projectName(cwd: string): string | undefined {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    try {
      const m = /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(path.join(cwd, file), "utf8"));
      if (m) return m[1];
    } catch {
      /* not this file */
    }
  }
  return undefined;
}

/** The directory of a `file://` backend, else undefined. */
function localBackendRoot(url: string): string | undefined {
  if (!url.startsWith("file://")) return undefined;
  const p = url.slice("file://".length).replace(/\?.*$/, "");
  return p.startsWith("~") ? path.join(os.homedir(), p.slice(1)) : p || os.homedir();
}

/** "held" while the process that took the lock runs on this machine, "stale" once it is gone. */
function staleLock(dir: string): "none" | "held" | "stale" {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return "none";
  }
  if (files.length === 0) return "none";
  for (const f of files) {
    let lock: { pid?: number; hostname?: string };
    try {
      lock = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as typeof lock;
    } catch {
      continue; // cut short as the process died: nobody holds it
    }
    if (lock.hostname !== os.hostname()) return "held"; // another machine's: not ours to judge
    if (typeof lock.pid === "number" && isAlive(lock.pid)) return "held";
  }
  return "stale";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
