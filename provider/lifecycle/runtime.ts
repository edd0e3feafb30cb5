import type * as pulumi from "@pulumi/pulumi";
import { setStackConfig } from "../config";
import { isRtcError, type RtcError } from "../http/errors";
import { log } from "../log";
import { vendorNameOf, type Inputs, type State, type TaskKind, outputKeysOf } from "../tasks/kind";
import { STATUS_OUTPUT_KEYS, statusOutputs, withoutStatus } from "../tasks/liveStatus";
import { containsUnknown } from "./changes";
import { checkTask, forEngine } from "./check";
import { claim, heldByNewerResource } from "./claims";
import { contextFor, describe, guard, kindOf, outputsOf, wrap } from "./context";
import { plan } from "./plan";
import { driftOf, refreshTask } from "./refresh";
import { confirmStart, noteStopped, startOnce, tookOver } from "./starting";
import { watchEngine } from "./watchdog";

/**
 * The one implementation of the dynamic-provider contract for every task kind. This module is the
 * provider Pulumi stores in state, as a bare require of the installed package (or, for a linked
 * install, shim.ts forwards here), so what runs on refresh and destroy is always the installed code.
 */

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  setStackConfig((key) => req.config.get(key));
  watchEngine();
}

export async function check(olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = checkTask(olds, news);
  return { inputs, failures: forEngine(failures) };
}

export async function diff(_id: string, olds: State, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
  const kind = kindOf(news);
  warnOfReach(kind, olds, false);
  const p = plan(kind, olds, news);
  if (p.changes.length === 0 && p.replaces.length === 0 && !olds.startUnconfirmed) return { changes: false };
  return { changes: true, replaces: forcedBy(kind, olds, news, p.replaces), deleteBeforeReplace: p.deleteBeforeReplace };
}

/**
 * The properties that force a replacement, as a reviewer should read them. A new auto-name is a
 * consequence of the replacement (check derives one so that the new task can start first), so it
 * is left out when something else forces it.
 */
function forcedBy(kind: TaskKind, olds: State, news: Inputs, replaces: string[]): string[] {
  // A value not known yet is not a new auto-name: it may force the replacement itself.
  const named = (kind.autoNames ?? []).map((r) => r.field).filter((f) => replaces.includes(f) && !containsUnknown(news[f]));
  if (named.length === 0 || named.length === replaces.length) return replaces;
  const others = plan(kind, olds, { ...news, ...Object.fromEntries(named.map((f) => [f, olds[f]])) }).replaces;
  return others.length > 0 ? others : replaces;
}

export async function create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
  const kind = kindOf(inputs);
  const ctx = contextFor(kind, inputs);
  const name = describe(kind, inputs);
  const reading = inputs.adopt === true && kind.read ? await guard(kind, inputs, ctx, "read", () => kind.read!(ctx, inputs)) : undefined;
  if (reading?.status === "running") {
    log.info(`${name}: adopted the running task`);
    // What it runs with goes into state, so that the next preview shows where it differs from the program.
    const runs = driftOf(kind, inputs, reading) ?? {};
    return created(kind, outputsOf({ ...inputs, ...runs }, statusOutputs(kind, reading.live)), true);
  }
  try {
    const started = await startOnce(kind, ctx, inputs);
    log.info(`${name}: started`);
    return created(kind, outputsOf(inputs, started), tookOver(started));
  } catch (e) {
    if (isRtcError(e) && e.outcomeUnknown) {
      // The vendor may be running the task: keep it in state, so that nothing paid runs unseen
      // and the next `pulumi up` or `destroy` settles it, rather than starting a second one.
      // The engine stores these as the resource's state: they must carry the provider reference,
      // as the host adds it to every other answer, or no later refresh or destroy can load it.
      const outs = { ...outputsOf(inputs, { startUnconfirmed: true }), __provider: inputs.__provider };
      const next =
        kind.restart === "journal" ? unconfirmedRecovery(kind) : "run `pulumi up` again to settle it, or `pulumi destroy` to stop it";
      throw new TaskInitError(kind.id(outs), outs, ctx.redact(`${name}: ${e.message}. The resource stays in state; ${next}`), e);
    }
    throw wrap(kind, inputs, "start", e, ctx);
  }
}

function created(kind: TaskKind, outs: State, runningBefore: boolean): pulumi.dynamic.CreateResult {
  claim(kind, outs, runningBefore);
  return { id: kind.id(outs), outs };
}

export async function read(id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
  const kind = kindOf(props);
  warnOfReach(kind, props, true);
  if (!kind.read) return { id, props }; // no read call at this vendor: state stays as it is
  return refreshTask(kind, id, props);
}

export async function update(_id: string, olds: State, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
  const kind = kindOf(news);
  const ctx = contextFor(kind, news);
  // The kind's outputs, the start time and the last status read carry over; an update changes none.
  const kept = [...outputKeysOf(kind), ...STATUS_OUTPUT_KEYS, "startedAt"];
  let extra: State = Object.fromEntries(kept.map((k) => [k, olds[k]]));
  if (olds.startUnconfirmed) {
    const { startUnconfirmed: _flag, __provider: _p, ...declaredOlds } = olds;
    try {
      extra = { ...extra, ...(await confirmStart(kind, ctx, declaredOlds)) };
    } catch (e) {
      if (isRtcError(e, "RTC_UNCONFIRMED")) throw e.withMessage(`${e.message}. ${unconfirmedRecovery(kind)}`);
      throw wrap(kind, olds, "confirm the start", e, ctx);
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
      if (kind.restart !== "repeat")
        throw e.withMessage(`${e.message}. The task no longer runs at ${vendorNameOf(kind)}: ${endedRecovery(kind)}`);
      extra = { ...withoutStatus(extra), ...(await guard(kind, news, ctx, "start", () => startOnce(kind, ctx, news))) };
      log.info(`${describe(kind, news)}: had ended at ${vendorNameOf(kind)}; started again with the new settings`);
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
  const reach = `${vendorNameOf(kind)} reaches a task through its API for ${days(kind.reachMs)} from its start`;
  const started = typeof s.startedAt === "string" ? Date.parse(s.startedAt) : NaN;
  if (!Number.isFinite(started)) {
    if (unknownToo)
      log.warn(
        `${describe(kind, s)}: its start time is not in state, so it may be past its reach (${reach}): then it can no longer be changed or stopped through the API`,
      );
    return;
  }
  const left = started + kind.reachMs - Date.now();
  if (left <= 0) {
    log.warn(
      `${describe(kind, s)}: started ${days(Date.now() - started)} ago, past its reach (${reach}): it can no longer be changed or stopped through the API, though it may still run. See the README (${kind.type}) for how to end it`,
    );
  } else if (left <= REACH_WARNING_MS) {
    const when = left < 86_400_000 ? `${Math.max(1, Math.floor(left / 3600_000))} hours` : days(left);
    log.warn(
      `${describe(kind, s)}: ${reach}, and ${when} of it are left. After that it can no longer be changed or stopped through the API: restart it before then (\`pulumi destroy --target <urn>\`, then \`pulumi up\`)`,
    );
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
    : `${vendorNameOf(kind)} cannot read a task back, so run \`pulumi destroy --target <urn>\` and then \`pulumi up\` to start it again (not \`pulumi up --replace\`)`;
}

/** How a person settles a start whose outcome is unknown when starting again is not safe. */
function unconfirmedRecovery(kind: TaskKind): string {
  return `Check the ${vendorNameOf(kind)} console for a task with these settings: if it runs, stop it there; then run \`pulumi state delete <urn>\` and \`pulumi up\``;
}

export async function remove(_id: string, props: State): Promise<void> {
  const kind = kindOf(props);
  const ctx = contextFor(kind, props);
  if (heldByNewerResource(kind, props)) {
    log.warn(
      `${describe(kind, props)}: not stopped, since the resource that replaced it holds the same task and runs it now (a replacement the engine made without asking the provider: \`pulumi up --replace\` or \`replaceOnChanges\`)`,
    );
    return;
  }
  try {
    await kind.stop(ctx, props);
    log.info(`${describe(kind, props)}: stopped`);
  } catch (e) {
    // A task that ended on its own, or was stopped elsewhere, is what destroy wants.
    if (!isRtcError(e, "RTC_NOT_FOUND")) throw wrap(kind, props, "stop", e, ctx);
    log.info(`${describe(kind, props)}: already stopped`);
  }
  noteStopped(kind, props);
}

/**
 * The error the engine turns into "created, but failed to initialise": the resource stays in state.
 * The engine reads `id`, `properties` and `reasons`; `code` and the cause keep the vendor's failure,
 * as `wrap` does for every other error.
 */
class TaskInitError extends Error {
  readonly reasons: string[];
  readonly code: RtcError["code"];
  constructor(
    readonly id: string,
    readonly properties: State,
    message: string,
    cause: RtcError,
  ) {
    super(message, { cause });
    this.reasons = [message];
    this.code = cause.code;
  }
}

export { remove as delete };
