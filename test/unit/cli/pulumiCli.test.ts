import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run, type Io } from "../../../provider/cli/main";

/**
 * The commands that read a stack through the `pulumi` CLI (status, recover) fail the same clear way
 * when it is missing or a command fails: exit 2, one line naming the command and the CLI's own words.
 */
function capture() {
  let out = "";
  let err = "";
  const io: Io = { stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  return { io, out: () => out, err: () => err };
}

describe("the pulumi CLI behind status and recover", () => {
  const path0 = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path0;
  });
  const bin = () => fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-cli-"));

  it("a CLI missing from PATH: exit 2, saying so", async () => {
    process.env.PATH = bin();
    for (const command of ["status", "recover"]) {
      const c = capture();
      expect(await run([command], c.io), command).toBe(2);
      expect(c.err()).toMatch(new RegExp(`^rtc-tasks ${command}: the \`pulumi\` CLI is not on PATH: install Pulumi`));
    }
  });

  it("a failing command: exit 2, the command and the CLI's stderr, once", async () => {
    const dir = bin();
    fs.writeFileSync(path.join(dir, "pulumi"), '#!/bin/sh\necho "error: no stack selected" >&2\nexit 255\n', { mode: 0o755 });
    process.env.PATH = `${dir}${path.delimiter}${path0}`;
    const status = capture();
    expect(await run(["status"], status.io)).toBe(2);
    expect(status.err()).toBe("rtc-tasks status: `pulumi stack export` failed: error: no stack selected\n");
    const recover = capture();
    expect(await run(["recover"], recover.io)).toBe(2);
    expect(recover.err()).toBe("rtc-tasks recover: `pulumi whoami --json` failed: error: no stack selected\n");
  });
});
