import { pulumiCli } from "../cli/pulumiCli";
import { CONFIG_NAMESPACE } from "../config";
import { isSecretValue, revealed } from "../report/secrets";
import { TASK_TYPE_PREFIX } from "../report/taskTypes";
import { kinds } from "../tasks/registry";
import { isPlainObject } from "../util/values";

/**
 * The stack whose tasks `rtc-tasks status` asks about: the JSON of `pulumi stack export` (from the
 * `pulumi` CLI, or a file), and the stack's config for the credentials, read the way the provider
 * reads them. Secrets stay sealed unless a vendor call needs one, and then only in memory.
 */

/** One task resource of the stack: as exported (secrets sealed), and the values the vendor calls take. */
export interface StackTask {
  urn: string;
  type: string;
  /** Outputs with secrets sealed: what may be shown. */
  shown: Record<string, unknown>;
  /** Outputs with the fields a vendor call needs unsealed, in memory only. */
  values: Record<string, unknown>;
}

export interface LoadedStack {
  /** The stack's name, where known. */
  name?: string;
  tasks: StackTask[];
  /** The stack's config (`rtc-tasks:<key>` → value), secrets included; absent when read from a file alone. */
  config?: Record<string, string>;
}

export interface StackSource {
  /** The stack's name; the selected one when absent and no file is given. */
  stack?: string;
  cwd: string;
  /** `pulumi stack export` JSON as text (from --input), instead of asking the CLI. */
  exported?: string;
  /** The `pulumi` executable (default: the one on PATH). */
  pulumi?: string;
}

interface ExportedResource {
  urn?: string;
  type?: string;
  delete?: boolean;
  outputs?: Record<string, unknown>;
}

/** Input that is not a stack export, or config that is not JSON. */
export class StackError extends Error {}

export async function loadStack(src: StackSource): Promise<LoadedStack> {
  const run = pulumiCli({
    pulumi: src.pulumi,
    cwd: src.cwd,
    missingHint: "install Pulumi, or give the stack as `pulumi stack export` JSON with --input",
  });
  const stackArgs = src.stack ? ["--stack", src.stack] : [];
  const text = src.exported ?? (await run("stack", "export", ...stackArgs));
  const sealed = tasksOf(parseExport(text));
  // A vendor call takes identity fields (app, room, task, stream ids); a program may have made one a
  // secret. Only then are secrets unsealed, from the CLI, and kept in memory.
  const needsSecrets = sealed.some((t) => readFields(t.type).some((f) => isSecretValue(t.outputs[f])));
  const plain = needsSecrets && !src.exported ? tasksOf(parseExport(await run("stack", "export", "--show-secrets", ...stackArgs))) : [];
  const plainByUrn = new Map(plain.map((t) => [t.urn, revealed(t.outputs) as Record<string, unknown>]));
  const tasks = sealed.map((t) => ({ urn: t.urn, type: t.type, shown: t.outputs, values: plainByUrn.get(t.urn) ?? t.outputs }));
  const withConfig = src.exported === undefined || src.stack !== undefined;
  const config = withConfig ? configOf(await run("config", "--show-secrets", "--json", ...stackArgs)) : undefined;
  const name = src.stack ?? (src.exported === undefined ? (await run("stack", "--show-name", ...stackArgs)).trim() : undefined);
  return { name, tasks, config };
}

/** The fields a kind's vendor calls read from state: its identity, less what it keeps secret anyway. */
function readFields(type: string): string[] {
  const kind = kinds.get(type.slice(TASK_TYPE_PREFIX.length));
  return kind ? kind.identity.filter((f) => !kind.secretInputs.includes(f)) : [];
}

function parseExport(text: string): ExportedResource[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new StackError(`not the JSON of \`pulumi stack export\`: ${(e as Error).message}`);
  }
  const deployment = isPlainObject(value) ? value.deployment : undefined;
  if (!isPlainObject(deployment)) throw new StackError("not the JSON of `pulumi stack export`: it has no deployment");
  return Array.isArray(deployment.resources) ? (deployment.resources as ExportedResource[]) : [];
}

/** The task resources the stack declares: replaced ones waiting for their delete are not. */
function tasksOf(resources: ExportedResource[]): { urn: string; type: string; outputs: Record<string, unknown> }[] {
  return resources
    .filter((r) => typeof r.type === "string" && r.type.startsWith(TASK_TYPE_PREFIX) && !r.delete && typeof r.urn === "string")
    .map((r) => ({ urn: r.urn!, type: r.type!, outputs: isPlainObject(r.outputs) ? r.outputs : {} }));
}

/** `pulumi config --json`: this package's keys and their values. */
function configOf(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StackError("`pulumi config --json` did not answer JSON");
  }
  const out: Record<string, string> = {};
  if (!isPlainObject(value)) return out;
  for (const [key, entry] of Object.entries(value)) {
    if (!key.startsWith(`${CONFIG_NAMESPACE}:`) || !isPlainObject(entry)) continue;
    if (typeof entry.value === "string") out[key] = entry.value;
  }
  return out;
}
