import { analyzePreview, parsePreview, renderMarkdown, renderText, type Report } from "../../../provider/report";

// Fixtures shaped like `pulumi preview --json` (pkg/display/json.go PreviewDigest, states are
// apitype.ResourceV3 as produced by stack.SerializeResource after MassageSecrets).

export const STACK = "dev";
export const PROJECT = "rtc-demo";
export const PROVIDER_CODE = "exports.handler = __f0; function __f0() { return require('./dist/impl/task'); } // SECRET-IN-CODE";
export const DEFAULT_PROVIDER = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:pulumi-nodejs::default::4b4e3c5b-7ad1-4f3a-9e3f-0d2c9a1f5e11`;
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

export type Props = Record<string, unknown>;

export function taskType(kind: string): string {
  return `pulumi-nodejs:dynamic/rtc:${kind}`;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

/** A dynamic-resource state: inputs carry __provider/__kind; outputs are the provider's outs + __provider. */
export function taskState(kind: string, name: string, inputs: Props, outputs?: Props, extra: Props = {}): Props {
  const type = taskType(kind);
  return {
    urn: urnOf(type, name),
    custom: true,
    ...(outputs ? { id: String(outputs["taskId"] ?? outputs["publicStreamId"] ?? outputs["streamId"] ?? `${name}-id`) } : {}),
    type,
    inputs: { __provider: PROVIDER_CODE, __kind: kind, ...inputs },
    ...(outputs ? { outputs: { __provider: PROVIDER_CODE, ...outputs } } : {}),
    parent: STACK_URN,
    provider: DEFAULT_PROVIDER,
    ...extra,
  };
}

export function step(op: string, urn: string, fields: Props = {}): Props {
  // detailedDiff has no omitempty in PreviewStep, so the engine prints null when there is none.
  return { op, urn, provider: DEFAULT_PROVIDER, detailedDiff: null, ...fields };
}

export function digest(steps: Props[], extra: Props = {}): unknown {
  return {
    config: { "rtc-demo:region": "cn-north-1", "rtc-demo:secretKey": "[secret]" },
    steps: [
      step("same", STACK_URN, {
        oldState: { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
        newState: { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
      }),
      ...steps,
    ],
    duration: 1832000000,
    changeSummary: { same: 1 },
    ...extra,
  };
}

export const volcInputs = (over: Props = {}): Props => ({
  appId: "app-1",
  roomId: "room-1",
  taskId: "task-1",
  pushUrl: "[secret]",
  layout: { mode: "grid", background: "#000000" },
  ...over,
});

export function createStep(kind: string, name: string, inputs: Props): Props {
  const s = taskState(kind, name, inputs);
  return step("create", s["urn"] as string, { newState: s });
}

export function deleteStep(kind: string, name: string, outputs: Props, extra: Props = {}): Props {
  const s = taskState(kind, name, outputs, outputs, extra);
  return step("delete", s["urn"] as string, { oldState: s });
}

export function updateStep(kind: string, name: string, olds: Props, news: Props, fields: Props = {}): Props {
  const oldState = taskState(kind, name, olds, olds);
  const newState = taskState(kind, name, news, undefined, { id: oldState["id"] });
  return step("update", oldState["urn"] as string, { oldState, newState, ...fields });
}

/** The logical replace step as printed without --show-replacement-steps. */
export function replaceStep(kind: string, name: string, olds: Props, news: Props, mode: Props, fields: Props = {}): Props {
  const oldState = taskState(kind, name, olds, olds, mode);
  const newState = taskState(kind, name, news);
  return step("replace", oldState["urn"] as string, { oldState, newState, ...fields });
}

export function report(steps: Props[], extra: Props = {}): Report {
  return analyzePreview(parsePreview(digest(steps, extra)));
}

export function allText(r: Report): string {
  return `${renderMarkdown(r)}\n${renderText(r)}\n${JSON.stringify(r)}`;
}
