import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and conformance tests run in parallel; end-to-end tests drive the real Pulumi CLI, which
// already uses both cores, so their files run one at a time, after the unit project (groupOrder):
// otherwise unit tests that measure time share the cores with a Pulumi run.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/conformance/**/*.test.ts"], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 900_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
