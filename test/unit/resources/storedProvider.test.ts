import { createRequire } from "node:module";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What Pulumi stores in state with every task: the serialized provider. It is run again on refresh
 * and destroy, so it must load the installed package and capture nothing else (no libraries, no
 * credentials), and stay small. Serialized here exactly as @pulumi/pulumi does, from the package as
 * setup installs it into node_modules (vite-transformed source would not serialize).
 */
const root = path.resolve(__dirname, "../../..");
const requireFromRoot = createRequire(path.join(root, "package.json"));
const pulumi = requireFromRoot("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
// By path: inside the repository Node's self-reference would resolve the name to the repo's own dist/.
const installed = (sub: string) => requireFromRoot(path.join(root, "node_modules/rtc-tasks/dist/provider", sub)) as Record<string, unknown>;

async function stored(provider: unknown): Promise<string> {
  return (await pulumi.runtime.serializeFunction(() => provider)).text;
}

describe("the provider stored in state", () => {
  it("is a bare require of the installed runtime when the package sits under node_modules", async () => {
    const text = await stored(installed("lifecycle/runtime.js"));
    expect(text).toMatch(/require\("rtc-tasks\/runtime"\)/);
    expect(text.length).toBeLessThan(1024);
    expect(text).not.toMatch(/zod|undici|createHmac|VOLCENGINE|SECRET/);
  });

  it("falls back, for linked installs, to a shim that only forwards to the installed runtime", async () => {
    const text = await stored((installed("lifecycle/shim.js") as { taskProvider: unknown }).taskProvider);
    const requires = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(["rtc-tasks/runtime"]));
    expect(requires).toHaveLength(7); // configure, check, diff, create, read, update, delete
    expect(text).not.toMatch(/zod|undici|createHmac/);
  });

  it("is a module that implements every method of the provider contract", () => {
    const runtime = installed("lifecycle/runtime.js");
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"])
      expect(typeof runtime[method]).toBe("function");
  });
});
