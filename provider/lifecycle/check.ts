import { titleOf, type Inputs, type TaskKind } from "../tasks/kind";
import { kinds } from "../tasks/registry";
import { fillAutoNames } from "./naming";
import { validate, type Failure } from "./validate";

export interface Checked {
  kind?: TaskKind;
  /** The inputs to store: what the program declared, with auto-names filled in. */
  inputs: Inputs;
  /** One per bad property, named by its path ("encode.videoWidth"). */
  failures: Failure[];
}

/** What `check` decides, with failures still keyed by property path (tests and tools read them). */
export function checkTask(olds: Inputs, news: Inputs): Checked {
  const kind = typeof news.__kind === "string" ? kinds.get(news.__kind) : undefined;
  if (!kind)
    return {
      inputs: news,
      failures: [
        {
          property: "__kind",
          reason: `unknown task kind ${JSON.stringify(news.__kind) ?? "(none)"}: is this rtc-tasks older than the program that declares it?`,
        },
      ],
    };
  const declared: Inputs = { ...news };
  delete declared.__provider;
  const inputs = fillAutoNames(kind, olds, declared);
  const failures = validate(kind.schema, inputs);
  if (inputs.adopt === true && !kind.read) {
    failures.push({
      property: "adopt",
      reason: `adopt: a ${titleOf(kind)} cannot be adopted: the vendor has no call to read a running task back`,
    });
  }
  return { kind, inputs, failures };
}

/**
 * Failures as the engine should print them. The engine prints `property <p> value <v> has a
 * problem` with the value it holds for a top-level property `p`: a secret set with `pulumi.secret()`
 * in the program then shows in plain text, and a nested path shows as `<nil>`. With no property it
 * prints `resource '<name>' has a problem: <reason>`, and every reason starts with its path.
 */
export function forEngine(failures: Failure[]): Failure[] {
  return failures.map((f) => ({ property: "", reason: f.reason }));
}
