#!/usr/bin/env node
/**
 * `rtc-tasks` command line: `preview-report` reads the JSON printed by `pulumi preview --json` and
 * reports which live streams start, change, are interrupted or stop; `recover` brings a stack back
 * after a killed `pulumi up` or `destroy`; `status` asks the vendors what a stack's tasks are doing
 * now; `emulator` serves the vendors' APIs locally. Each command parses its own options (commands/).
 */
import { emulatorCommand } from "./commands/emulator";
import { previewReportCommand } from "./commands/previewReport";
import { recoverCommand } from "./commands/recover";
import { statusCommand } from "./commands/status";
import { nodeIo, usageError, type Io } from "./io";

export type { Io } from "./io";
export { USAGE } from "./commands/previewReport";
export { RECOVER_USAGE } from "./commands/recover";
export { EMULATOR_USAGE } from "./commands/emulator";
export { STATUS_USAGE } from "./commands/status";

export const COMMANDS_USAGE = `Usage: rtc-tasks <command> [options]

Commands:
  preview-report   Which live streams a \`pulumi preview --json\` starts, changes, interrupts or stops
  recover          After a killed \`pulumi up\` or \`pulumi destroy\`: unlock the stack and bring the
                   starts it left unrecorded into state, so the next run neither leaks nor doubles one
  emulator         Serve the Volcengine, Tencent and ZEGO APIs on this machine, and print the
                   environment variables or stack config that point a stack at them
  status           What the vendors say about a stack's tasks now: on air or not, the push to the
                   CDN, since when; once, or every few seconds with --watch

Run \`rtc-tasks <command> --help\` for its options.
`;

const COMMANDS: ReadonlyMap<string, (args: readonly string[], io: Io) => Promise<number>> = new Map([
  ["preview-report", previewReportCommand],
  ["recover", recoverCommand],
  ["emulator", emulatorCommand],
  ["status", statusCommand],
]);

/** Runs the CLI; resolves to the process exit code. `argv` excludes node and the script path. */
export async function run(argv: readonly string[], io: Io = nodeIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return usageError(io, "missing command", COMMANDS_USAGE);
  if (command === "-h" || command === "--help" || command === "help") {
    io.stdout(COMMANDS_USAGE);
    return 0;
  }
  const handler = COMMANDS.get(command);
  if (handler === undefined) return usageError(io, `unknown command "${command}"`, COMMANDS_USAGE);
  return handler(rest, io);
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A call still in flight (Ctrl-C during a status check) must not hold the exit up for its deadline.
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (e: unknown) => {
      process.stderr.write(`rtc-tasks: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
