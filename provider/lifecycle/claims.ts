import type { State, TaskKind } from "../tasks/kind";

/**
 * Identities a create of this process now holds. The engine normally replaces a task in the order
 * diff asks for, but `pulumi up --replace` replaces it without asking, always starting the new
 * resource first: with its name kept, the new resource then holds the very task the old one's
 * delete is about to stop. That delete must leave the task running.
 */
interface Claim {
  /** The start time the create put in its state; absent for an adopted task. */
  startedAt: unknown;
  /**
   * The create found the task running and took it over (from the journal, or adopted): its state
   * may then carry the old state's very start time, so only the order of deletes tells them apart.
   */
  runningBefore: boolean;
}
const claimed = new Map<string, Claim>();
const identityOf = (kind: TaskKind, v: State): string => `${kind.type}\u0000${kind.id(v)}`;

/** Records the identity a create now holds. */
export function claim(kind: TaskKind, outs: State, runningBefore: boolean): void {
  claimed.set(identityOf(kind, outs), { startedAt: outs.startedAt, runningBefore });
}

/**
 * True when a create of this process holds the task this state names and this state is not that
 * create's own: its start time differs, or the create took over a running task, whose old state
 * is then the first one deleted (in one deployment the engine never deletes what it just created).
 * The claim is released then, so a later delete of the create's own state stops the task.
 */
export function heldByNewerResource(kind: TaskKind, props: State): boolean {
  let key: string;
  try {
    key = identityOf(kind, props);
  } catch {
    return false; // no id can be made of this state (an unconfirmed start): nothing can hold it
  }
  const c = claimed.get(key);
  if (!c) return false;
  const held = c.runningBefore || c.startedAt === undefined || c.startedAt !== props.startedAt;
  if (held) claimed.delete(key);
  return held;
}
