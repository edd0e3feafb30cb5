import * as pulumi from "@pulumi/pulumi";

// The engine-cost floor for `npm run bench`: the same number of dynamic resources as the fleet,
// through the same engine and provider host, with methods that do nothing. With `shape: task`,
// each gets inputs shaped like a relay task's (nested layout, a secret push URL), which shows how
// much of a gap is the engine's per-property cost rather than the provider's.
const noop: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs) => ({ id: String(inputs.name), outs: inputs }),
  delete: async () => undefined,
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>, opts: pulumi.CustomResourceOptions = {}) {
    super(noop, name, { name, ...props }, opts, "bench", "Noop");
  }
}

const taskShaped = (i: number) => ({
  __kind: "VolcengineMixedRelayToCdn",
  __logicalName: `noop-${i}`,
  __stack: "bench-noop/shaped",
  __generation: 0,
  appId: "fleet-app",
  roomId: `hall-${Math.floor(i / 10)}`,
  taskId: `noop-${i}-0123abcd`,
  pushUrl: pulumi.secret(`rtmp://push.example.com/live/mix-${i}?txSecret=fleet-key-${i}`),
  layout: { layoutMode: 2, customLayout: { canvas: { background: "#000000" }, regions: [{ streamIndex: 0, width: 640, height: 360 }] } },
  targetStreams: { streamList: [{ userId: `speaker-${i}`, index: 0 }] },
});

const config = new pulumi.Config();
const count = config.requireNumber("count");
const shaped = config.get("shape") === "task";
for (let i = 0; i < count; i++) new Noop(`noop-${i}`, shaped ? taskShaped(i) : {}, shaped ? { additionalSecretOutputs: ["pushUrl"] } : {});
export const resources = count;
