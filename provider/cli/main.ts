#!/usr/bin/env node
/**
 * `rtc-tasks` command line: `preview-report` reads the JSON printed by `pulumi preview --json` and
 * reports which live streams start, change, are interrupted or stop; `recover` brings a stack back
 * after a killed `pulumi up` or `destroy`.
 */
import * as fs from "node:fs";
import { parseArgs as parseNodeArgs } from "node:util";
import { recover } from "./recover";
import {
  FAIL_ON_VALUES,
  PreviewParseError,
  analyzePreview,
  failOnMet,
  parsePreview,
  renderMarkdown,
  renderText,
  type FailOn,
  type Report,
} from "../report";

export const COMMANDS_USAGE = `Usage: rtc-tasks <command> [options]

Commands:
  preview-report   Which live streams a \`pulumi preview --json\` starts, changes, interrupts or stops
  recover          After a killed \`pulumi up\` or \`pulumi destroy\`: unlock the stack and bring the
                   starts it left unrecorded into state, so the next run neither leaks nor doubles one

Run \`rtc-tasks <command> --help\` for its options.
`;

export const RECOVER_USAGE = `Usage: rtc-tasks recover [options]

After a \`pulumi up\` or \`pulumi destroy\` was killed (a cancelled CI job, a closed laptop), makes
the stack ready for the same command to run again and finish:
  - removes the lock the killed process left (local file backend), once it is gone;
  - removes an empty checkpoint attribute file it left ("failed to load checkpoint: EOF");
  - brings starts it began but never recorded into state, so \`pulumi destroy\` stops them and
    \`pulumi up\` confirms them instead of starting a second stream.
Then run the interrupted command again.

Options:
  --stack NAME   The stack (default: the selected one)
  --cwd DIR      The Pulumi project directory (default: the current one)
  --here         The killed command ran on this machine, so its journal here saw every start
                 it sent (found by itself for a local file backend)
  --dry-run      Say what it would do, change nothing
  -h, --help     Show this help

It runs the \`pulumi\` on PATH, with the same environment (backend, passphrase) as your other
\`pulumi\` commands. Exit codes: 0 done, 1 the stack is still in use, 2 bad usage or a failed command.
`;

export const USAGE = `Usage: rtc-tasks preview-report [options]

Reads the JSON printed by \`pulumi preview --json\` and reports which live streams
start, change in place, are interrupted (replaced), or stop.

Options:
  --input FILE|-      Preview JSON to read (default: stdin; "-" also means stdin)
  --format FORMAT     markdown (default) or text
  --fail-on COND      Exit 1 when COND holds, after writing the report. COND is
                      interrupt, stop or any-impact; repeat or comma-separate
                      to combine (any one met fails). A preview that reported
                      errors meets every condition: its changes are incomplete
  --output FILE       Write the report to FILE instead of stdout
  -h, --help          Show this help

Exit codes: 0 ok, 1 a --fail-on condition was met, 2 bad usage or unreadable input.

Example:
  pulumi preview --json | rtc-tasks preview-report --fail-on interrupt,stop
`;

export interface Io {
  /** Stdin text, or a reader for it; absent means "no stdin available". */
  stdin?: string | (() => Promise<string>);
  stdout(text: string): void;
  stderr(text: string): void;
  readFile?(path: string): string;
  writeFile?(path: string, text: string): void;
}

type Format = "markdown" | "text";

interface Options {
  input?: string;
  output?: string;
  format: Format;
  failOn: FailOn[];
  help: boolean;
}

class UsageError extends Error {}

/** Runs the CLI; resolves to the process exit code. `argv` excludes node and the script path. */
export async function run(argv: readonly string[], io: Io = nodeIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return usageError(io, "missing command", COMMANDS_USAGE);
  if (command === "-h" || command === "--help" || command === "help") {
    io.stdout(COMMANDS_USAGE);
    return 0;
  }
  if (command === "recover") return recoverCommand(rest, io);
  if (command !== "preview-report") return usageError(io, `unknown command "${command}"`, COMMANDS_USAGE);
  let options: Options;
  try {
    options = parseArgs(rest);
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  return previewReport(options, io);
}

async function recoverCommand(args: readonly string[], io: Io): Promise<number> {
  let values: { stack?: string; cwd?: string; "dry-run"?: boolean; here?: boolean; help?: boolean };
  try {
    ({ values } = parseNodeArgs({
      args: [...args],
      options: { stack: { type: "string" }, cwd: { type: "string" }, "dry-run": { type: "boolean" }, here: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`rtc-tasks recover: ${(e as Error).message}\n\n${RECOVER_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(RECOVER_USAGE);
    return 0;
  }
  try {
    return await recover({ stack: values.stack, cwd: values.cwd ?? process.cwd(), dryRun: values["dry-run"] ?? false, here: values.here }, (line) => io.stdout(`${line}\n`));
  } catch (e) {
    const err = e as { message: string; stderr?: string };
    io.stderr(`rtc-tasks recover: ${err.stderr?.trim() || err.message}\n`);
    return 2;
  }
}

async function previewReport(options: Options, io: Io): Promise<number> {
  let report: Report;
  try {
    const text = await readInput(options.input, io);
    report = analyzePreview(parsePreview(text));
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message);
    const reason = e instanceof PreviewParseError ? e.message : `cannot read input: ${(e as Error).message}`;
    io.stderr(`rtc-tasks preview-report: ${reason}\n`);
    return 2;
  }
  const rendered = options.format === "text" ? renderText(report) : renderMarkdown(report);
  try {
    if (options.output !== undefined) (io.writeFile ?? writeFileSync)(options.output, rendered);
    else io.stdout(rendered);
  } catch (e) {
    io.stderr(`rtc-tasks preview-report: cannot write ${options.output}: ${(e as Error).message}\n`);
    return 2;
  }
  const met = options.failOn.filter((c) => failOnMet(report, c));
  if (met.length === 0) return 0;
  io.stderr(`rtc-tasks preview-report: --fail-on ${met.join(",")} met: ${report.summary}\n`);
  return 1;
}

function parseArgs(args: readonly string[]): Options {
  const options: Options = { format: "markdown", failOn: [], help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-h" || arg === "--help") {
      options.help = true;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const value = args[++i];
      if (value === undefined || (value.startsWith("-") && value !== "-")) throw new UsageError(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case "--input":
        options.input = takeValue();
        break;
      case "--output":
        options.output = takeValue();
        break;
      case "--format":
        options.format = parseFormat(takeValue());
        break;
      case "--fail-on":
        options.failOn.push(...parseFailOn(takeValue()));
        break;
      default:
        throw new UsageError(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument "${arg}"`);
    }
  }
  return options;
}

function parseFormat(value: string): Format {
  if (value === "markdown" || value === "md") return "markdown";
  if (value === "text") return "text";
  throw new UsageError(`--format must be markdown or text, not "${value}"`);
}

function parseFailOn(value: string): FailOn[] {
  return value.split(",").map((v) => {
    const c = v.trim() as FailOn;
    if (!FAIL_ON_VALUES.includes(c)) throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(", ")}, not "${v}"`);
    return c;
  });
}

async function readInput(input: string | undefined, io: Io): Promise<string> {
  if (input !== undefined && input !== "-") return (io.readFile ?? readFileSync)(input);
  if (io.stdin === undefined) {
    throw new UsageError("no input: pipe `pulumi preview --json` into this command or pass --input FILE");
  }
  return typeof io.stdin === "string" ? io.stdin : io.stdin();
}

function usageError(io: Io, message: string, usage = USAGE): number {
  io.stderr(`rtc-tasks: ${message}\n\n${usage}`);
  return 2;
}

function readFileSync(path: string): string {
  return fs.readFileSync(path, "utf8");
}

function writeFileSync(path: string, text: string): void {
  fs.writeFileSync(path, text, "utf8");
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (c: Buffer) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function nodeIo(): Io {
  return {
    // A terminal on stdin means nothing was piped in: fail fast instead of waiting.
    ...(process.stdin.isTTY ? {} : { stdin: readStdin }),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`rtc-tasks: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
