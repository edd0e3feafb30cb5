import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and conformance tests run in parallel; end-to-end tests drive the real Pulumi CLI, which
// already uses both cores, so their files run one at a time (see the e2e project).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/conformance/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 900_000, hookTimeout: 300_000, fileParallelism: false },
      },
    ],
  },
});
