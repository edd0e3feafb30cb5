import type * as pulumi from "@pulumi/pulumi";
import { log } from "../log";
import { vendorNameOf, type LiveStatus, type State, type TaskKind, type TaskReading } from "../tasks/kind";
import { pushFailing, statusOutputs, withoutStatus } from "../tasks/liveStatus";
import { contextFor, describe, guard } from "./context";
import { observe } from "./drift";
import { declared, plan } from "./plan";

/**
 * What `pulumi refresh` does to a task whose vendor can read it back: the status outputs are what the
 * vendor says now; a task that ended is marked for the next `up` to start again; settings changed
 * outside Pulumi become the state's inputs, so the engine shows them as drift and `up` puts the
 * declared ones back.
 */
export async function refreshTask(kind: TaskKind, id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
  const ctx = contextFor(kind, props);
  const reading = await guard(kind, props, ctx, "read", () => kind.read!(ctx, props));
  const name = describe(kind, props);
  const live = statusOutputs(kind, reading.live);
  const before = withoutStatus(props);
  if (reading.status === "unknown") {
    log.info(`${name}: ${vendorNameOf(kind)} cannot say whether it still runs (too old to read back); state kept as it is`);
    return { id, props: { ...before, ...live } };
  }
  if (reading.status === "gone") {
    if (reading.live?.taskStatus === "failed")
      log.warn(`${name}: failed at ${vendorNameOf(kind)}${reasonOf(reading.live)}; the next \`pulumi up\` starts it again`);
    else log.info(`${name}: no longer running at the vendor${reasonOf(reading.live)}; the next \`pulumi up\` starts it again`);
    // Kept, and marked: the next `pulumi up` starts it again under a new name, and shows why.
    const { startUnconfirmed: _unconfirmed, ...rest } = before;
    const endedAt = typeof props.endedAt === "string" ? props.endedAt : new Date().toISOString();
    // The inputs carry the mark too: the engine checks the next inputs against the old ones, and
    // that check derives the new names (lifecycle/naming.ts).
    return { id, props: { ...rest, endedAt, ...live }, inputs: { ...declared(kind, props), endedAt } };
  }
  warnIfNotOnAir(name, reading.live);
  const { startUnconfirmed: _confirmed, endedAt: _ended, ...rest } = before;
  const drift = driftOf(kind, rest, reading);
  if (!drift) return { id, props: { ...rest, ...live } };
  return { id, props: { ...rest, ...drift, ...live }, inputs: drift };
}

/**
 * The declared inputs as the vendor runs them, when they differ from state's; undefined when they do
 * not (or the kind reads no settings back). Logs what changed, and how `up` will put it back.
 */
export function driftOf(kind: TaskKind, s: State, reading: TaskReading): State | undefined {
  if (!reading.settings) return undefined;
  const was = declared(kind, s);
  const { inputs, changes } = observe(kind, was, reading.settings);
  if (changes.length === 0) return undefined;
  const back = plan(kind, { ...s, ...inputs }, was);
  const how = back.replaces.length > 0 ? `by replacing the task (${back.replaces.join(", ")} cannot change in place)` : "in place";
  log.warn(
    `${describe(kind, s)}: runs with settings other than declared, changed outside Pulumi (${changes.map((c) => c.path).join(", ")}); \`pulumi up\` puts the declared ones back, ${how}`,
  );
  return inputs;
}

/** A running relay that does not reach its CDN is off air although the vendor runs it: a person must know. */
function warnIfNotOnAir(name: string, live: LiveStatus | undefined): void {
  if (pushFailing(live?.pushStatus))
    log.warn(`${name}: runs, but is not pushing to its CDN (push status: ${live?.pushStatus}); check the push URL and the CDN`);
}

const reasonOf = (live: LiveStatus | undefined) => (live?.stopReason ? ` (stop reason: ${live.stopReason})` : "");
