import { own } from "../util/values";
import type { ResourceState } from "./digest";

/** Inputs that are bookkeeping, not user intent (`__provider`, `__kind`, `__logicalName`): never printed, never diffed. */
export const isHidden = (key: string): boolean => key.startsWith("__");

/** Old values: what the provider holds (outputs), else inputs. New values: the desired inputs. */
export function propOf(state: ResourceState, key: string, prefer: "outputs" | "inputs"): unknown {
  const first = prefer === "outputs" ? state.outputs : state.inputs;
  const second = prefer === "outputs" ? state.inputs : state.outputs;
  if (first && Object.hasOwn(first, key)) return first[key];
  if (second && Object.hasOwn(second, key)) return second[key];
  return undefined;
}

export function inputOf(state: ResourceState | null | undefined, key: string): unknown {
  const inputs = state?.inputs;
  return inputs ? own(inputs, key) : undefined;
}

export function secretKeys(...states: (ResourceState | null | undefined)[]): Set<string> {
  return new Set(states.flatMap((s) => s?.additionalSecretOutputs ?? []));
}
