import * as fs from "node:fs";
import { parseArgs } from "node:util";
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
} from "../../report";
import { usageError, type Io } from "../io";

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

type Format = "markdown" | "text";

interface Options {
  input?: string;
  output?: string;
  format: Format;
  failOn: FailOn[];
  help: boolean;
}

class UsageError extends Error {}

/** `rtc-tasks preview-report`: the report of a `pulumi preview --json`, and the --fail-on verdict. */
export async function previewReportCommand(args: readonly string[], io: Io): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(args);
  } catch (e) {
    return usageError(io, (e as Error).message, USAGE);
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  let report: Report;
  try {
    const text = await readInput(options.input, io);
    report = analyzePreview(parsePreview(text));
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message, USAGE);
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

const OPTIONS = {
  input: { type: "string" },
  output: { type: "string" },
  format: { type: "string" },
  "fail-on": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Node's parser splits the arguments (`--name=value`, `-h`, `--`); its tokens are then checked here,
 * in order, so that the first bad argument is the one reported, in this command's own words.
 * Lenient parsing (`strict: false`) is what yields tokens for unknown options instead of a throw.
 */
function parseOptions(args: readonly string[]): Options {
  const { tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const options: Options = { format: "markdown", failOn: [], help: false };
  for (const token of tokens) {
    const arg = args[token.index]!;
    if (token.kind !== "option" || !Object.hasOwn(OPTIONS, token.name) || !standsAlone(arg, token.rawName)) throw unexpected(arg);
    if (token.name === "help") {
      if (token.value !== undefined) throw unexpected(arg); // --help=...
      options.help = true;
      continue;
    }
    // A value that looks like an option means the value was left out (`--input --format text`).
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-") && token.value !== "-")) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    const value = token.value;
    switch (token.name) {
      case "input":
        options.input = value;
        break;
      case "output":
        options.output = value;
        break;
      case "format":
        options.format = parseFormat(value);
        break;
      case "fail-on":
        options.failOn.push(...parseFailOn(value));
        break;
    }
  }
  return options;
}

/** The option is the whole argument (`--input`, `--input=x`, `-h`), not one letter of a group like `-hx`. */
function standsAlone(arg: string, rawName: string): boolean {
  return arg === rawName || (rawName.startsWith("--") && arg.startsWith(`${rawName}=`));
}

function unexpected(arg: string): UsageError {
  if (!arg.startsWith("-")) return new UsageError(`unexpected argument "${arg}"`);
  const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
  return new UsageError(`unknown option ${eq > 0 ? arg.slice(0, eq) : arg}`);
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

function readFileSync(path: string): string {
  return fs.readFileSync(path, "utf8");
}

function writeFileSync(path: string, text: string): void {
  fs.writeFileSync(path, text, "utf8");
}
