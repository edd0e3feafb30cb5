import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/** scripts/lib/go-progress.sh, fed what the Go tool prints, as ensure-pulumi-cli.sh feeds it. */
const LIB = path.resolve(__dirname, "../../../scripts/lib/go-progress.sh");

async function feed(fn: string, input: string): Promise<string[]> {
  const child = promisify(execFile)("bash", ["-c", `. "${LIB}"; ${fn}`]);
  child.child.stdin!.end(input);
  const { stdout, stderr } = await child;
  expect(stdout).toBe(""); // progress is for stderr, beside the build's own messages
  return stderr.trim().split("\n");
}

const packages = (n: number) => Array.from({ length: n }, (_, i) => `example.com/mod/pkg${i + 1}`).join("\n");

describe("Go build progress", () => {
  it("counts the packages go build -v names against the total, a line every 5%", async () => {
    const lines = await feed("go_compile_progress 40 'the CLI'", `${packages(40)}\n`);
    expect(lines[0]).toBe("[setup] the CLI: 2 of 40 packages (5%), example.com/mod/pkg2");
    expect(lines).toContain("[setup] the CLI: 20 of 40 packages (50%), example.com/mod/pkg20");
    expect(lines.at(-1)).toBe("[setup] the CLI: compiled 40 packages");
    expect(lines).toHaveLength(19 + 1); // 5%, 10% … 95%, then the summary
  });

  it("leaves compiler messages to the log and says how many of the total it compiled", async () => {
    const input = `${packages(3)}\n# example.com/mod/pkg3\nwarning: something odd\n\n`;
    const lines = await feed("go_compile_progress 10 host", input);
    expect(lines.at(-1)).toBe("[setup] host: compiled 3 of 10 packages (the rest were built before, or need no compiling)");
    expect(lines.join("\n")).not.toContain("warning");
  });

  it("counts module downloads, every 25 and at the end, and says nothing when there were none", async () => {
    const downloads = Array.from({ length: 30 }, (_, i) => `go: downloading example.com/m${i + 1} v1.0.${i}`).join("\n");
    expect(await feed("go_downloads cli", `go: finding module\n${downloads}\n`)).toEqual([
      "[setup] cli: 25 modules downloaded, now example.com/m25 v1.0.24",
      "[setup] cli: 30 modules downloaded",
    ]);
    expect(await feed("go_downloads cli", "")).toEqual([""]);
  });
});
