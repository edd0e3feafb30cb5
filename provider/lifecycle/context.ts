import { RtcError } from "../http/errors";
import { titleOf, type Inputs, type State, type TaskContext, type TaskKind } from "../tasks/kind";
import { kinds } from "../tasks/registry";
import { jsonClean } from "./changes";
import { redactor } from "./redact";

/** What every lifecycle step needs about a task: its kind, its words for people, its error wrapping. */

export function kindOf(v: Inputs): TaskKind {
  const kind = typeof v.__kind === "string" ? kinds.get(v.__kind) : undefined;
  if (!kind)
    throw new RtcError(
      "RTC_CONFIG",
      `unknown task kind ${JSON.stringify(v.__kind) ?? "(none)"}: is this rtc-tasks older than the one that created it?`,
    );
  return kind;
}

export function contextFor(kind: TaskKind, v: Inputs): TaskContext {
  return { redact: redactor(kind.secretInputs.map((k) => v[k])) };
}

/** State as stored: the inputs echoed back (the engine diffs against them) plus what the kind adds. */
export function outputsOf(inputs: Inputs, extra: State): State {
  const { __provider: _p, ...rest } = inputs;
  return jsonClean({ ...rest, ...extra });
}

/** "Volcengine mixed relay to CDN app/room/task", or the resource name where no id can be made yet. */
export function describe(kind: TaskKind, v: Inputs): string {
  let id: string;
  try {
    id = kind.id(v);
  } catch {
    id = typeof v.__logicalName === "string" ? v.__logicalName : "(unnamed)";
  }
  return `${titleOf(kind)} ${id}`;
}

/** Runs a vendor step, naming the task and what it tried in any error, with secrets scrubbed. */
export async function guard<T>(kind: TaskKind, v: Inputs, ctx: TaskContext, what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw wrap(kind, v, what, e, ctx);
  }
}

export function wrap(kind: TaskKind, v: Inputs, what: string, e: unknown, ctx = contextFor(kind, v)): Error {
  const message = e instanceof Error ? e.message : String(e);
  const text = ctx.redact(`${describe(kind, v)}: could not ${what}: ${message}`);
  if (e instanceof RtcError) return e.withMessage(text);
  return new Error(text, { cause: e });
}
