import * as pulumi from "@pulumi/pulumi";

// The engine-cost floor for `npm run bench`: the same number of dynamic resources as the fleet,
// through the same engine and provider host, with methods that do nothing.
const noop: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs) => ({ id: String(inputs.name), outs: inputs }),
  delete: async () => undefined,
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(noop, name, { name }, {}, "bench", "Noop");
  }
}

const count = new pulumi.Config().requireNumber("count");
for (let i = 0; i < count; i++) new Noop(`noop-${i}`);
export const resources = count;
