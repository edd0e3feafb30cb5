import * as pulumi from "@pulumi/pulumi";
import { taskProvider } from "../lifecycle/shim";
import { kinds } from "../tasks/registry";

/** Options every task resource takes besides its vendor fields. */
export interface TaskCommonArgs {
  /**
   * Take over a task that already runs with the given identity instead of starting another
   * (`pulumi import` cannot work for dynamic resources). Only where the vendor can read a task back.
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * Base of every task resource: sets the kind, marks the kind's secret inputs as secrets (so they are
 * encrypted in state and masked in diffs), declares the outputs, and uses the one shared provider.
 */
export abstract class TaskResource extends pulumi.dynamic.Resource {
  protected constructor(type: string, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const kind = kinds.get(type);
    if (!kind) throw new Error(`rtc-tasks: unknown task kind ${type}`);
    const props: Record<string, unknown> = { ...args, __kind: type, __logicalName: name };
    for (const k of kind.secretInputs) if (props[k] !== undefined) props[k] = pulumi.secret(props[k]);
    // Outputs exist on the resource only when seeded (pulumi/pulumi#2931).
    for (const k of [...kind.outputKeys, ...(kind.autoName ? [kind.autoName.field] : [])]) if (!(k in props)) props[k] = undefined;
    const secretOutputs = [...kind.secretInputs, ...(opts?.additionalSecretOutputs ?? [])];
    super(taskProvider, name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "rtc", type);
  }
}
