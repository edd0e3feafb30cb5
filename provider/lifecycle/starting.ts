import { isRtcError, RtcError } from "../http/errors";
import { log } from "../log";
import { vendorNameOf, type Inputs, type State, type TaskContext, type TaskKind } from "../tasks/kind";
import { describe, guard } from "./context";
import { lastEntry, record, type Phase } from "./journal";
import { ownsIdentity } from "./naming";
import { sha256Hex } from "../util/values";

/**
 * Starting a task exactly once, whatever happened to an earlier attempt: a start whose answer was
 * lost, or a `pulumi` killed before its checkpoint recorded a start that ran. Each kind says how
 * its vendor lets a start be made again (`TaskKind.restart`); this module is the one place that acts
 * on it.
 */

/** The vendor's outputs for a running task, and when it started. */
export type Started = State & { startedAt: string };

/**
 * Results of a start that found its task already running and took it over instead of starting it
 * (lifecycle/claims.ts). Kept beside the result, not in it, since the result becomes state.
 */
const takenOver = new WeakSet<Started>();
export const tookOver = (s: Started): boolean => takenOver.has(s);
function takeOver(s: Started): Started {
  takenOver.add(s);
  return s;
}

export async function startOnce(kind: TaskKind, ctx: TaskContext, inputs: Inputs): Promise<Started> {
  const journaled = kind.restart !== "repeat";
  if (journaled) {
    const earlier = await resumeEarlierStart(kind, ctx, inputs);
    if (earlier) return takeOver(earlier);
    note(kind, inputs, "starting");
  }
  try {
    const outputs = await kind.start(ctx, inputs);
    if (journaled) note(kind, inputs, "started", outputs);
    return { ...outputs, startedAt: new Date().toISOString() };
  } catch (e) {
    if (isRtcError(e, "RTC_ALREADY_EXISTS") && ownsIdentity(kind, inputs)) {
      // The name is the one this stack derives for this resource, so the task that holds it is
      // ours: an earlier start whose record was lost (a killed `pulumi up`). Take it over, and
      // bring its settings to what the program declares where the vendor can.
      if (kind.update) await guard(kind, inputs, ctx, "update", () => kind.update!(ctx, inputs, inputs));
      log.info(`${describe(kind, inputs)}: already running from an earlier start of this stack; taken over`);
      return takeOver({ startedAt: new Date().toISOString() });
    }
    throw e;
  }
}

/**
 * Settles a start that may or may not have run (state says `startUnconfirmed`): a start made again
 * where the vendor answers a repeat with the running task, the task stopped and started where
 * stopping by its inputs is harmless, and otherwise only what this machine's journal recorded.
 */
export async function confirmStart(kind: TaskKind, ctx: TaskContext, declared: Inputs): Promise<Started> {
  if (kind.restart === "repeat") {
    try {
      return await startOnce(kind, ctx, declared);
    } catch (e) {
      // A vendor that refuses a second start of this identity is saying the earlier start did run.
      if (!isRtcError(e, "RTC_ALREADY_EXISTS")) throw e;
      return { startedAt: new Date().toISOString() };
    }
  }
  // The resource says a start was tried: a journal without a word of it (another machine, or a
  // release before the journal) knows no more than that.
  const earlier = await resumeEarlierStart(kind, ctx, declared, "starting");
  if (earlier) return earlier;
  return startOnce(kind, ctx, declared);
}

/**
 * What this machine's journal knows of an earlier start of the same task: its outputs when the
 * vendor answered (the task is taken over, and brought to the declared settings), a stop first
 * when the start was sent but its answer never came and the kind allows stopping by its inputs.
 */
async function resumeEarlierStart(kind: TaskKind, ctx: TaskContext, inputs: Inputs, unrecorded?: Phase): Promise<Started | undefined> {
  const recorded = lastEntry(inputs.__stack, kind.type, journalKeyOf(kind, inputs));
  // Another resource declaring the same task (a pinned robot twice) must not take this one's over.
  const ours = recorded && (recorded.name === undefined || recorded.name === inputs.__logicalName) ? recorded : undefined;
  const last = ours ?? (unrecorded && { phase: unrecorded, at: "an unknown time" });
  if (!last || last.phase === "stopped") return undefined;
  const name = describe(kind, inputs);
  if (last.phase === "started") {
    let outputs: State = { ...("outputs" in last ? last.outputs : {}) };
    if (kind.update) {
      try {
        outputs = { ...outputs, ...(await kind.update(ctx, { ...inputs, ...outputs }, inputs)) };
      } catch (e) {
        if (!isRtcError(e, "RTC_NOT_FOUND")) throw e;
        note(kind, inputs, "stopped"); // it has ended since: start afresh
        return undefined;
      }
    }
    log.info(`${name}: found running from an earlier start on this machine (its record was lost to the stack); taken over`);
    return { ...outputs, startedAt: last.at };
  }
  if (kind.restart === "stop-first") {
    try {
      await kind.stop(ctx, inputs);
    } catch (e) {
      if (!isRtcError(e, "RTC_NOT_FOUND")) throw e;
    }
    note(kind, inputs, "stopped");
    log.info(`${name}: an earlier start was sent but never answered; stopped it, to start it once`);
    return undefined;
  }
  throw new RtcError(
    "RTC_UNCONFIRMED",
    `${name}: an earlier start was sent at ${last.at} but no answer to it was recorded, and ${vendorNameOf(kind)} cannot find a task by anything but the id it answers with`,
    {
      vendor: kind.vendor,
      outcomeUnknown: true,
    },
  );
}

/** Records that a task of a journaled kind has stopped, so a later start begins afresh. */
export function noteStopped(kind: TaskKind, state: Inputs): void {
  if (kind.restart !== "repeat") note(kind, state, "stopped");
}

function note(kind: TaskKind, inputs: Inputs, phase: Phase, outputs?: State): void {
  const name = typeof inputs.__logicalName === "string" ? inputs.__logicalName : undefined;
  record(inputs.__stack, { kind: kind.type, key: journalKeyOf(kind, inputs), phase, name, ...(outputs ? { outputs } : {}) });
}

/** The journal never holds a start key itself: a relay target's path can carry a stream key. */
export function journalKeyOf(kind: TaskKind, inputs: Inputs): string {
  return sha256Hex(kind.startKey(inputs)).slice(0, 32);
}
