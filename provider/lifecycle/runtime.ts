import type * as pulumi from "@pulumi/pulumi";
import { setStackConfig } from "../config";
import { isRtcError, RtcError } from "../http/errors";
import { log } from "../log";
import type { Inputs, State, TaskContext, TaskKind } from "../tasks/kind";
import { kinds } from "../tasks/registry";
import { containsUnknown, jsonClean } from "./changes";
import { autoName, plan } from "./plan";
import { redactor } from "./redact";
import { validate } from "./validate";

/**
 * The one implementation of the dynamic-provider contract for every task kind. This module is the
 * provider Pulumi stores in state, as a bare require of the installed package (or, for a linked
 * install, shim.ts forwards here), so what runs on refresh and destroy is always the installed code.
 */

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  setStackConfig((key) => req.config.get(key));
}

export async function check(olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
  const kind = kindNamed(news.__kind);
  if (!kind) return { inputs: news, failures: [{ property: "__kind", reason: `unknown task kind ${JSON.stringify(news.__kind) ?? "(none)"}` }] };
  const inputs: Inputs = { ...news };
  delete inputs.__provider;
  if (kind.autoName && inputs[kind.autoName.field] === undefined) inputs[kind.autoName.field] = autoName(kind, olds, inputs);
  const failures = validate(kind.schema, inputs);
  if (inputs.adopt === true && !kind.read) {
    failures.push({ property: "adopt", reason: `a ${kind.title} cannot be adopted: the vendor has no call to read a running task back` });
  }
  return { inputs, failures };
}

export async function diff(_id: string, olds: State, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
  const kind = kindOf(news);
  warnOfReach(kind, olds, false);
  const p = plan(kind, olds, news);
  if (p.changes.length === 0 && !olds.startUnconfirmed) return { changes: false };
  return { changes: true, replaces: forcedBy(kind, olds, news, p.replaces), deleteBeforeReplace: p.deleteBeforeReplace };
}

/**
 * The properties that force a replacement, as a reviewer should read them. A fresh auto-name is
 * a consequence of the replacement (check draws one so that the new task can start first), so it
 * is left out when something else forces it.
 */
function forcedBy(kind: TaskKind, olds: State, news: Inputs, replaces: string[]): string[] {
  const field = kind.autoName?.field;
  // A value not known yet is not a fresh auto-name: it may force the replacement itself.
  if (!field || replaces.length < 2 || !replaces.includes(field) || containsUnknown(news[field])) return replaces;
  const others = plan(kind, olds, { ...news, [field]: olds[field] }).replaces;
  return others.length > 0 ? others : replaces;
}

export async function create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
  const kind = kindOf(inputs);
  const ctx = contextFor(kind, inputs);
  const name = describe(kind, inputs);
  if (inputs.adopt === true && kind.read && (await guard(kind, inputs, ctx, "read", () => kind.read!(ctx, inputs))) === "running") {
    log.info(`${name}: adopted the running task`);
    return { id: kind.id(inputs), outs: outputsOf(inputs, {}) };
  }
  try {
    const outs = outputsOf(inputs, { ...(await kind.start(ctx, inputs)), startedAt: new Date().toISOString() });
    log.info(`${name}: started`);
    return { id: kind.id(outs), outs };
  } catch (e) {
    if (isRtcError(e) && e.outcomeUnknown) {
      // The vendor may be running the task: keep it in state, so that nothing paid runs unseen
      // and the next `pulumi up` or `destroy` settles it, rather than starting a second one.
      const outs = outputsOf(inputs, { startUnconfirmed: true });
      throw new TaskInitError(kind.id(outs), outs, `${name}: ${e.message}. The resource stays in state; ${kind.startIsIdempotent ? "run `pulumi up` again to confirm the start, or `pulumi destroy` to stop it" : unconfirmedRecovery(kind)}`);
    }
    throw wrap(kind, inputs, "start", e);
  }
}

export async function read(id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
  const kind = kindOf(props);
  warnOfReach(kind, props, true);
  if (!kind.read) return { id, props }; // no read call at this vendor: state stays as it is
  const ctx = contextFor(kind, props);
  const status = await guard(kind, props, ctx, "read", () => kind.read!(ctx, props));
  if (status === "unknown") {
    log.info(`${describe(kind, props)}: ${kind.vendor} cannot say whether it still runs (too old to read back); state kept as it is`);
    return { id, props };
  }
  if (status === "gone") {
    log.info(`${describe(kind, props)}: no longer running at the vendor; removed from state`);
    return { id: "", props: {} };
  }
  const { startUnconfirmed: _confirmed, ...rest } = props;
  return { id, props: rest };
}

export async function update(_id: string, olds: State, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
  const kind = kindOf(news);
  const ctx = contextFor(kind, news);
  // The kind's outputs and the start time carry over; an update changes neither.
  let extra: State = { ...Object.fromEntries(kind.outputKeys.map((k) => [k, olds[k]])), startedAt: olds.startedAt };
  if (olds.startUnconfirmed) {
    if (!kind.startIsIdempotent) {
      throw new RtcError("RTC_VENDOR_INTERNAL", `${describe(kind, olds)}: an earlier start may or may not have run, and ${kind.vendor} cannot start the same task twice safely. ${unconfirmedRecovery(kind)}`);
    }
    // Starting again with the same identity is safe here, and settles whether the task runs.
    const { startUnconfirmed: _flag, __provider: _p, ...declaredOlds } = olds;
    try {
      extra = { ...extra, ...(await guard(kind, olds, ctx, "start", () => kind.start(ctx, declaredOlds))), startedAt: new Date().toISOString() };
    } catch (e) {
      // A vendor that refuses a second start of this identity is saying the earlier start did run.
      if (!isRtcError(e, "RTC_ALREADY_EXISTS")) throw e;
      extra = { ...extra, startedAt: new Date().toISOString() };
    }
    log.info(`${describe(kind, olds)}: start confirmed`);
  }
  const p = plan(kind, olds, news);
  if (p.inPlace.length > 0 && kind.update) {
    try {
      extra = { ...extra, ...(await guard(kind, news, ctx, "update", () => kind.update!(ctx, olds, news))) };
      log.info(`${describe(kind, news)}: updated in place (${p.inPlace.map((c) => c.path).join(", ")})`);
    } catch (e) {
      if (!isRtcError(e, "RTC_NOT_FOUND")) throw e;
      // The task ended on its own since the last refresh. The program declares it running, so
      // start it with the new settings where a start with the same identity is safe.
      if (!kind.startIsIdempotent) {
        throw new RtcError("RTC_NOT_FOUND", `${e.message}. The task no longer runs at ${kind.vendor}: ${endedRecovery(kind)}`, { vendor: e.vendor, vendorCode: e.vendorCode, requestId: e.requestId });
      }
      extra = { ...extra, ...(await guard(kind, news, ctx, "start", () => kind.start(ctx, news))), startedAt: new Date().toISOString() };
      log.info(`${describe(kind, news)}: had ended at ${kind.vendor}; started again with the new settings`);
    }
  }
  return { outs: outputsOf(news, extra) };
}

/** How long before the end of a task's reach (kind.reachMs) preview and refresh start to warn. */
const REACH_WARNING_MS = 7 * 86_400_000;

/**
 * Where the vendor reaches a task by its id for a limited time only, preview and refresh say so as the
 * end nears, and once past it: the task then cannot be changed or stopped through the API, though it
 * may run on. A start time not in state is warned of at refresh only (stacks from older versions).
 */
function warnOfReach(kind: TaskKind, s: State, unknownToo: boolean): void {
  if (!kind.reachMs || s.startUnconfirmed) return;
  const days = (ms: number) => `${Math.floor(ms / 86_400_000)} days`;
  const reach = `${kind.vendor} reaches a task through its API for ${days(kind.reachMs)} from its start`;
  const started = typeof s.startedAt === "string" ? Date.parse(s.startedAt) : NaN;
  if (!Number.isFinite(started)) {
    if (unknownToo) log.warn(`${describe(kind, s)}: its start time is not in state, so it may be past its reach (${reach}): then it can no longer be changed or stopped through the API`);
    return;
  }
  const left = started + kind.reachMs - Date.now();
  if (left <= 0) {
    log.warn(`${describe(kind, s)}: started ${days(Date.now() - started)} ago, past its reach (${reach}): it can no longer be changed or stopped through the API, though it may still run. See the README (${kind.type}) for how to end it`);
  } else if (left <= REACH_WARNING_MS) {
    const when = left < 86_400_000 ? `${Math.max(1, Math.floor(left / 3600_000))} hours` : days(left);
    log.warn(`${describe(kind, s)}: ${reach}, and ${when} of it are left. After that it can no longer be changed or stopped through the API: restart it before then (\`pulumi destroy --target <urn>\`, then \`pulumi up\`)`);
  }
}

/**
 * How a person brings back a task that ended on its own. Stop is idempotent, so a targeted destroy
 * is safe; `pulumi up --replace` is not: Pulumi then skips the provider's diff and starts the new
 * task before stopping the old one, which for clashing tasks stops the stream it just started.
 */
function endedRecovery(kind: TaskKind): string {
  return kind.read
    ? "run `pulumi up --refresh` to start it again"
    : `${kind.vendor} cannot read a task back, so run \`pulumi destroy --target <urn>\` and then \`pulumi up\` to start it again (not \`pulumi up --replace\`)`;
}

/** How a person settles a start whose outcome is unknown when starting again is not safe. */
function unconfirmedRecovery(kind: TaskKind): string {
  return `Check the ${kind.vendor} console for a task with these settings: if it runs, stop it there; then run \`pulumi state delete <urn>\` and \`pulumi up\``;
}

export async function remove(_id: string, props: State): Promise<void> {
  const kind = kindOf(props);
  const ctx = contextFor(kind, props);
  try {
    await kind.stop(ctx, props);
    log.info(`${describe(kind, props)}: stopped`);
  } catch (e) {
    // A task that ended on its own, or was stopped elsewhere, is what destroy wants.
    if (isRtcError(e, "RTC_NOT_FOUND")) {
      log.info(`${describe(kind, props)}: already stopped`);
      return;
    }
    throw wrap(kind, props, "stop", e);
  }
}

/** The error the engine turns into "created, but failed to initialise": the resource stays in state. */
class TaskInitError extends Error {
  readonly reasons: string[];
  constructor(readonly id: string, readonly properties: State, message: string) {
    super(message);
    this.reasons = [message];
  }
}

function kindNamed(name: unknown): TaskKind | undefined {
  return typeof name === "string" ? kinds.get(name) : undefined;
}

function kindOf(v: Inputs): TaskKind {
  const kind = kindNamed(v.__kind);
  if (!kind) throw new RtcError("RTC_CONFIG", `unknown task kind ${JSON.stringify(v.__kind) ?? "(none)"}: is this rtc-tasks older than the one that created it?`);
  return kind;
}

function contextFor(kind: TaskKind, v: Inputs): TaskContext {
  return { redact: redactor(kind.secretInputs.map((k) => v[k])) };
}

function outputsOf(inputs: Inputs, extra: State): State {
  const { __provider: _p, ...rest } = inputs;
  return jsonClean({ ...rest, ...extra });
}

function describe(kind: TaskKind, v: Inputs): string {
  let id: string;
  try { id = kind.id(v); } catch { id = typeof v.__logicalName === "string" ? v.__logicalName : "(unnamed)"; }
  return `${kind.title} ${id}`;
}

async function guard<T>(kind: TaskKind, v: Inputs, ctx: TaskContext, what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw wrap(kind, v, what, e, ctx);
  }
}

function wrap(kind: TaskKind, v: Inputs, what: string, e: unknown, ctx = contextFor(kind, v)): Error {
  const message = e instanceof Error ? e.message : String(e);
  const text = ctx.redact(`${describe(kind, v)}: could not ${what}: ${message}`);
  if (e instanceof RtcError) {
    return new RtcError(e.code, text, {
      vendor: e.vendor, action: e.action, vendorCode: e.vendorCode, requestId: e.requestId, httpStatus: e.httpStatus, outcomeUnknown: e.outcomeUnknown,
    });
  }
  return new Error(text);
}

export { remove as delete };
