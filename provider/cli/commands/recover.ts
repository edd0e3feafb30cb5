import { parseArgs } from "node:util";
import type { Io } from "../io";
import { recover } from "../recover";

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

const OPTIONS = {
  stack: { type: "string" },
  cwd: { type: "string" },
  "dry-run": { type: "boolean" },
  here: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `rtc-tasks recover`: readies a stack after a killed `pulumi up` or `destroy` (recover.ts). */
export async function recoverCommand(args: readonly string[], io: Io): Promise<number> {
  let values: { stack?: string; cwd?: string; "dry-run"?: boolean; here?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    io.stderr(`rtc-tasks recover: ${(e as Error).message}\n\n${RECOVER_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(RECOVER_USAGE);
    return 0;
  }
  try {
    return await recover(
      { stack: values.stack, cwd: values.cwd ?? process.cwd(), dryRun: values["dry-run"] ?? false, here: values.here },
      (line) => io.stdout(`${line}\n`),
    );
  } catch (e) {
    io.stderr(`rtc-tasks recover: ${(e as Error).message}\n`);
    return 2;
  }
}
