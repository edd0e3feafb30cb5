import * as pulumi from "@pulumi/pulumi";
import * as runtime from "../lifecycle/runtime";
import { taskProvider } from "../lifecycle/shim";
import { kinds } from "../tasks/registry";
import { outputKeysOf } from "../tasks/kind";
import { statusOutputsOf } from "../tasks/liveStatus";

/**
 * The provider Pulumi stores in state with every task, and runs again on refresh and destroy. The
 * runtime module's exports are a complete provider. When the package is installed under
 * node_modules, Pulumi's serializer stores a module it finds there as a bare
 * `require("rtc-tasks/runtime")`: about 300 bytes that never change, and they load the installed code.
 * A linked install (npm link, workspaces) resolves outside node_modules, and the serializer would
 * copy the whole module by value. Such an install gets the explicit forwarding shim instead.
 *
 * The serializer finds the package's package.json by the first "rtc-tasks" in the module's absolute
 * path; in a program under, say, ~/rtc-tasks-demo/ that is the wrong folder, and it stores the file's
 * own path, `require("rtc-tasks/dist/provider/lifecycle/runtime.js")`. package.json exports that path
 * too (listed before "./runtime", since the serializer takes the last alias of a file), so such a
 * stack loads as well; test/e2e/install.test.ts runs from such a folder.
 */
const provider: pulumi.dynamic.ResourceProvider = /[\\/]node_modules[\\/]/.test(__dirname) ? runtime : taskProvider;

/**
 * The engine applies `replaceOnChanges` to the properties a provider's diff names, and Pulumi's
 * dynamic-provider host names none (it passes on only whether there are changes and which force a
 * replacement), so the option never takes effect here. Said at preview, where a person expects it to.
 */
export const REPLACE_ON_CHANGES_IGNORED =
  "replaceOnChanges has no effect on rtc-tasks resources: Pulumi's dynamic-provider host does not tell the engine which properties changed. " +
  "A task is replaced exactly when its vendor cannot change it in place (the preview shows which). To restart a task, run " +
  "`pulumi destroy --target <urn>` and then `pulumi up`";

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
  /** When this package started the task (ISO 8601); absent for an adopted task. */
  declare readonly startedAt: pulumi.Output<string | undefined>;

  protected constructor(type: string, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const kind = kinds.get(type);
    if (!kind) throw new Error(`rtc-tasks: unknown task kind ${type}`);
    // The project, stack and resource name let check derive the names the program leaves out
    // (lifecycle/naming.ts); only this package reads them, so changing them changes nothing.
    const props: Record<string, unknown> = {
      ...args,
      __kind: type,
      __logicalName: name,
      __stack: `${pulumi.getProject()}/${pulumi.getStack()}`,
    };
    for (const k of kind.secretInputs) if (props[k] !== undefined) props[k] = pulumi.secret(props[k]);
    // Outputs exist on the resource only when seeded (pulumi/pulumi#2931).
    const outputs = [
      ...outputKeysOf(kind),
      ...Object.keys(statusOutputsOf(kind)),
      ...(kind.autoNames ?? []).map((r) => r.field),
      "startedAt",
    ];
    for (const k of outputs) if (!(k in props)) props[k] = undefined;
    const secretOutputs = [...kind.secretInputs, ...(opts?.additionalSecretOutputs ?? [])];
    super(provider, name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "rtc", type);
    if (opts?.replaceOnChanges?.length) void pulumi.log.warn(REPLACE_ON_CHANGES_IGNORED, this);
  }
}
