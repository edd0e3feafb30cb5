import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { CONFIG_NAMESPACE, setStackConfig } from "../../config";
import { redactor } from "../../lifecycle/redact";
import { probe, type StatusReport } from "../../status/probe";
import { renderStatus, type StatusFormat } from "../../status/render";
import { loadStack, StackError } from "../../status/stack";
import { PulumiCliError } from "../pulumiCli";
import { tencentSettings } from "../../vendors/tencent/client";
import { volcengineSettings } from "../../vendors/volcengine/client";
import { zegoSettings } from "../../vendors/zego/client";
import type { Io } from "../io";

export const STATUS_USAGE = `Usage: rtc-tasks status [options]

Asks the vendors about every task of a stack and prints one row per task: the resource, its
kind and identity, the vendor's status, the push to the CDN, and since when it runs. Where a
vendor has no read call (Volcengine public streams, Tencent relays, ZEGO rules) the status
cannot be known; what the vendor does offer is shown as a hint, never as the status.

Options:
  --stack NAME      The stack (default: the selected one); its config holds the credentials
  --cwd DIR         The Pulumi project directory (default: the current one)
  --input FILE|-    The JSON of \`pulumi stack export\` instead of asking the CLI ("-": stdin);
                    credentials then come from the environment, or from --stack's config
  --format FORMAT   text (default), markdown or json
  --watch           Check again every few seconds until Ctrl-C
  --interval SECS   Seconds between checks with --watch (default 5)
  -h, --help        Show this help

Credentials are read as the provider reads them: stack config \`rtc-tasks:<key>\`, then the
environment. Nothing secret is printed. It runs the \`pulumi\` on PATH.

Exit codes: 0 every task whose status can be known is on air (running, and pushing where the
vendor reports a push); 1 a task is not on air, or could not be read; 2 bad usage or no stack.
With --watch, the code of the last check.
`;

const OPTIONS = {
  stack: { type: "string" },
  cwd: { type: "string" },
  input: { type: "string" },
  format: { type: "string" },
  watch: { type: "boolean" },
  interval: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

interface Options {
  stack?: string;
  cwd: string;
  input?: string;
  format: StatusFormat;
  watch: boolean;
  intervalMs: number;
}

/** `rtc-tasks status`: what the vendors say about a stack's tasks, once or every few seconds. */
export async function statusCommand(args: readonly string[], io: Io): Promise<number> {
  let options: Options;
  try {
    const { values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
    if (values.help) {
      io.stdout(STATUS_USAGE);
      return 0;
    }
    options = optionsOf(values);
  } catch (e) {
    io.stderr(`rtc-tasks status: ${(e as Error).message}\n\n${STATUS_USAGE}`);
    return 2;
  }
  if (!options.watch) {
    const round = await check(options, io);
    if (round.text !== undefined) io.stdout(round.text);
    return round.code;
  }
  return watch(options, io);
}

function optionsOf(values: { stack?: string; cwd?: string; input?: string; format?: string; watch?: boolean; interval?: string }): Options {
  const format = values.format ?? "text";
  if (format !== "text" && format !== "markdown" && format !== "json")
    throw new Error(`--format must be text, markdown or json, not "${format}"`);
  const seconds = values.interval === undefined ? 5 : Number(values.interval);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new Error(`--interval must be a number of seconds, at least 1, not "${values.interval}"`);
  if (values.interval !== undefined && !values.watch) throw new Error("--interval goes with --watch");
  return {
    stack: values.stack,
    cwd: values.cwd ?? process.cwd(),
    input: values.input,
    format,
    watch: values.watch ?? false,
    intervalMs: seconds * 1000,
  };
}

/** One check: the stack read afresh (tasks may have been replaced since), every task asked. */
async function check(options: Options, io: Io, piped?: string): Promise<{ code: number; text?: string; report?: StatusReport }> {
  let stack;
  try {
    const exported = options.input === undefined ? undefined : (piped ?? (await readInput(options.input, io)));
    stack = await loadStack({ stack: options.stack, cwd: options.cwd, exported });
  } catch (e) {
    io.stderr(
      `rtc-tasks status: ${e instanceof StackError || e instanceof PulumiCliError ? e.message : `cannot read the stack: ${(e as Error).message}`}\n`,
    );
    return { code: 2 };
  }
  // The provider's own way: stack config first, then the environment (config.ts).
  const config = stack.config ?? {};
  setStackConfig((key) => config[key]);
  const report = await probe(stack.tasks, stack.name, credentialMask(config));
  const text = renderStatus(report, options.format, options.format === "text" && io.isTTY === true && !process.env.NO_COLOR);
  return { code: report.counts.notOnAir > 0 ? 1 : 0, text, report };
}

/**
 * Every credential the vendor clients may use, from config and environment, masked in anything
 * printed: vendors echo parameters in their messages, and a message is printed when a read fails.
 */
function credentialMask(config: Record<string, string>): (text: string) => string {
  const settings = [...Object.values(volcengineSettings), ...Object.values(tencentSettings), ...Object.values(zegoSettings)];
  const secret = settings.filter((s) => "secret" in s && s.secret);
  return redactor(secret.flatMap((s) => [config[`${CONFIG_NAMESPACE}:${s.key}`], ...s.env.map((name) => process.env[name])]));
}

/** Checks every interval until Ctrl-C; on a terminal each check redraws the screen. Ctrl-C ends it at once. */
async function watch(options: Options, io: Io): Promise<number> {
  let stop: () => void = () => {};
  const stopped = new Promise<"stopped">((resolve) => (stop = () => resolve("stopped")));
  const unregister = io.onInterrupt?.(stop) ?? (() => {});
  // stdin can be read once: a stack piped in is kept for every check.
  const piped = options.input === "-" ? await readInput("-", io) : undefined;
  let code = 0;
  try {
    for (;;) {
      const round = await Promise.race([check(options, io, piped), stopped]);
      if (round === "stopped") break;
      code = round.code;
      if (round.text !== undefined) {
        const footer = `\nChecking every ${options.intervalMs / 1000} s; Ctrl-C to stop.\n`;
        io.stdout(io.isTTY ? `\x1b[H\x1b[2J${round.text}${footer}` : `${round.text}\n`);
      }
      let timer: NodeJS.Timeout | undefined;
      const next = await Promise.race([
        new Promise<"next">((resolve) => (timer = setTimeout(() => resolve("next"), options.intervalMs))),
        stopped,
      ]);
      clearTimeout(timer);
      if (next === "stopped") break;
    }
  } finally {
    unregister();
  }
  return code;
}

async function readInput(input: string, io: Io): Promise<string> {
  if (input !== "-") return (io.readFile ?? ((p: string) => fs.readFileSync(p, "utf8")))(input);
  if (io.stdin === undefined) throw new StackError("--input - reads stdin, and nothing is piped in");
  return typeof io.stdin === "string" ? io.stdin : io.stdin();
}
