import type { State, TaskKind } from "../tasks/kind";

/**
 * Identities a create of this process now holds. The engine normally replaces a task in the order
 * diff asks for, but `pulumi up --replace` and the `replaceOnChanges` option replace it without
 * asking, always starting the new resource first: with its name kept, the new resource then holds
 * the very task the old one's delete is about to stop. That delete must leave the task running.
 */
const claimed = new Map<string, unknown>();
const identityOf = (kind: TaskKind, v: State): string => `${kind.type}\u0000${kind.id(v)}`;

/** Records the identity a create now holds, with its start time, which tells its own state apart. */
export function claim(kind: TaskKind, outs: State): void {
  claimed.set(identityOf(kind, outs), outs.startedAt);
}

/**
 * True when a create of this process holds the task this state names, and this state is not that
 * create's own (its start time differs, or neither has one: an adopted task).
 */
export function heldByNewerResource(kind: TaskKind, props: State): boolean {
  let key: string;
  try {
    key = identityOf(kind, props);
  } catch {
    return false; // no id can be made of this state (an unconfirmed start): nothing can hold it
  }
  if (!claimed.has(key)) return false;
  const claimant = claimed.get(key);
  return claimant === undefined || claimant !== props.startedAt;
}
