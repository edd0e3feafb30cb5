import { describe, expect, it } from "vitest";
import { run, type Io } from "../../../provider/cli/main";
import { analyzePreview, parsePreview, renderMarkdown, type PreviewDigest } from "../../../provider/report";
import { taskType, urnOf, digest, volcInputs, createStep, deleteStep, replaceStep } from "../report/builders";

interface Captured {
  io: Io;
  out: () => string;
  err: () => string;
  files: Map<string, string>;
}

function capture(stdin?: string, files: Record<string, string> = {}): Captured {
  let out = "";
  let err = "";
  const fs = new Map(Object.entries(files));
  return {
    io: {
      ...(stdin === undefined ? {} : { stdin: async () => stdin }),
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        err += t;
      },
      readFile: (p) => {
        const v = fs.get(p);
        if (v === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
        return v;
      },
      writeFile: (p, t) => {
        fs.set(p, t);
      },
    },
    out: () => out,
    err: () => err,
    files: fs,
  };
}

const interrupting = JSON.stringify(
  digest([
    replaceStep("VolcengineWebcast", "i1", volcInputs(), volcInputs({ roomId: "r2" }), { delete: true }, { replaceReasons: ["roomId"] }),
  ]),
);
const creating = JSON.stringify(digest([createStep("VolcengineWebcast", "s1", volcInputs())]));
const quiet = JSON.stringify(digest([]) as PreviewDigest);

describe("run (CLI)", () => {
  it("--help prints usage and exits 0", async () => {
    for (const argv of [
      ["preview-report", "--help"],
      ["preview-report", "-h"],
    ]) {
      const c = capture();
      expect(await run(argv, c.io)).toBe(0);
      expect(c.out()).toContain("Usage: rtc-tasks preview-report");
    }
    const top = capture();
    expect(await run(["--help"], top.io)).toBe(0);
    expect(top.out()).toMatch(/Commands:\n {2}preview-report .*\n {2}recover /);
  });

  it("bad usage exits 2 with a message on stderr", async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [["nope"], /unknown command "nope"/],
      [["preview-report", "--bogus"], /unknown option --bogus/],
      [["preview-report", "--format", "html"], /--format must be markdown or text/],
      [["preview-report", "--fail-on", "everything"], /--fail-on must be one of interrupt, stop, any-impact/],
      [["preview-report", "--input"], /--input needs a value/],
      [["preview-report", "extra"], /unexpected argument "extra"/],
    ];
    for (const [argv, message] of cases) {
      const c = capture(quiet);
      expect(await run(argv, c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.out()).toBe("");
    }
  });

  it("splits arguments as before: --name=value, a lone -, and the first bad argument is the one named", async () => {
    const cases: [string[], RegExp][] = [
      [["preview-report", "-hx"], /rtc-tasks: unknown option -hx\n/],
      [["preview-report", "-hh"], /rtc-tasks: unknown option -hh\n/],
      [["preview-report", "--help=yes"], /rtc-tasks: unknown option --help\n/],
      [["preview-report", "--bogus=1"], /rtc-tasks: unknown option --bogus\n/],
      [["preview-report", "--toString"], /rtc-tasks: unknown option --toString\n/],
      [["preview-report", "--"], /rtc-tasks: unknown option --\n/],
      [["preview-report", "-"], /rtc-tasks: unknown option -\n/],
      [["preview-report", "--input", "--format", "text"], /rtc-tasks: --input needs a value\n/],
      [["preview-report", "--output", "-x"], /rtc-tasks: --output needs a value\n/],
      [["preview-report", "--bogus", "--format", "html"], /rtc-tasks: unknown option --bogus\n/],
      [["preview-report", "--format", "html", "--bogus"], /rtc-tasks: --format must be markdown or text, not "html"\n/],
      [["preview-report", "--help", "extra"], /rtc-tasks: unexpected argument "extra"\n/],
    ];
    for (const [argv, message] of cases) {
      const c = capture(quiet);
      expect(await run(argv, c.io), argv.join(" ")).toBe(2);
      expect(c.err(), argv.join(" ")).toMatch(message);
      expect(c.out(), argv.join(" ")).toBe("");
    }
    const inline = capture(creating);
    expect(await run(["preview-report", "--format=text", "--input=-", "--fail-on=interrupt", "--fail-on", "stop"], inline.io)).toBe(0);
    expect(inline.out().split("\n")[0]).toBe("1 stream starts");
    const dashFile = capture(undefined, { "-x": creating });
    expect(await run(["preview-report", "--input=-x", "--format=md"], dashFile.io)).toBe(0);
    expect(dashFile.out().split("\n")[0]).toBe("**1 stream starts**");
  });

  it("reads stdin by default and with --input -, writing Markdown to stdout", async () => {
    for (const argv of [["preview-report"], ["preview-report", "--input", "-"]]) {
      const c = capture(creating);
      expect(await run(argv, c.io)).toBe(0);
      expect(c.out().split("\n")[0]).toBe("**1 stream starts**");
      expect(c.err()).toBe("");
    }
  });

  it("without stdin or --input explains how to feed it", async () => {
    const c = capture();
    expect(await run(["preview-report"], c.io)).toBe(2);
    expect(c.err()).toMatch(/pipe `pulumi preview --json`/);
  });

  it("reads --input FILE, writes --output FILE, honours --format text", async () => {
    const c = capture(undefined, { "preview.json": creating });
    expect(await run(["preview-report", "--input=preview.json", "--format", "text", "--output", "report.txt"], c.io)).toBe(0);
    expect(c.out()).toBe("");
    expect(c.files.get("report.txt")?.split("\n")[0]).toBe("1 stream starts");
  });

  it("unreadable or unparsable input exits 2", async () => {
    const missing = capture();
    expect(await run(["preview-report", "--input", "missing.json"], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/cannot read input: ENOENT/);
    const garbage = capture("not json");
    expect(await run(["preview-report", "--fail-on", "any-impact"], garbage.io)).toBe(2);
    expect(garbage.err()).toMatch(/input is not JSON/);
    const wrong = capture('{"steps":[{"op":1}]}');
    expect(await run(["preview-report"], wrong.io)).toBe(2);
    expect(wrong.err()).toMatch(/not a valid preview digest: steps\.0\.op/);
  });

  it("--fail-on: exits 1 when met, after still writing the report", async () => {
    const c = capture(interrupting);
    expect(await run(["preview-report", "--fail-on", "interrupt"], c.io)).toBe(1);
    expect(c.out()).toContain("### Interrupted");
    expect(c.err()).toMatch(/--fail-on interrupt met: 1 stream interrupted/);

    const toFile = capture(interrupting);
    expect(await run(["preview-report", "--fail-on", "interrupt", "--output", "r.md"], toFile.io)).toBe(1);
    expect(toFile.files.get("r.md")).toContain("### Interrupted");
  });

  it("--fail-on: conditions are literal and may be combined", async () => {
    const code = async (input: string, ...failOn: string[]) =>
      run(["preview-report", ...failOn.flatMap((f) => ["--fail-on", f])], capture(input).io);
    expect(await code(interrupting, "stop")).toBe(0);
    expect(await code(interrupting, "stop", "interrupt")).toBe(1);
    expect(await code(interrupting, "stop,interrupt")).toBe(1);
    expect(await code(creating, "interrupt,stop")).toBe(0);
    expect(await code(creating, "any-impact")).toBe(1);
    expect(await code(quiet, "any-impact")).toBe(0);
    const stopping = JSON.stringify(digest([deleteStep("VolcengineWebcast", "d", volcInputs())]));
    expect(await code(stopping, "stop")).toBe(1);
    expect(await code(stopping, "interrupt")).toBe(0);
  });

  it("a failed preview is never an all-clear: the summary says so and every --fail-on condition is met", async () => {
    // Shaped like CLI v3.259's JSON for a check failure: only the stack's step, then the diagnostic.
    const failed = digest([], {
      diagnostics: [
        {
          urn: urnOf(taskType("VolcengineMixedRelayToCdn"), "backstage"),
          message:
            "error: resource 'backstage': property control.maxIdleTime value {<nil>} has a problem: control.maxIdleTime: must be between 10 and 86400\n",
          severity: "error",
        },
      ],
    });
    const r = analyzePreview(parsePreview(failed));
    expect(r.summary).toBe("Preview failed (1 error): live stream changes unknown.");
    expect(renderMarkdown(r)).toContain(
      "- backstage: error: resource 'backstage': property control.maxIdleTime value {&lt;nil&gt;} has a problem",
    );
    for (const condition of ["interrupt", "stop", "any-impact"]) {
      const c = capture(JSON.stringify(failed));
      expect(await run(["preview-report", "--fail-on", condition], c.io)).toBe(1);
      expect(c.err()).toContain("Preview failed (1 error)");
    }
    expect(await run(["preview-report"], capture(JSON.stringify(failed)).io)).toBe(0);
  });
});
