import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** A `pulumi` command that could not run or failed; its message is the CLI's own words. */
export class PulumiCliError extends Error {}

/**
 * Runs the `pulumi` CLI for the commands that read a stack (status, recover): never interactive, with
 * room for a large `stack export`. A missing CLI and a failed command become one clear message each;
 * the CLI's stderr names the problem (no stack selected, a locked backend) and carries no secret.
 */
export function pulumiCli(opts: { pulumi?: string; cwd?: string; missingHint: string }): (...args: string[]) => Promise<string> {
  const pulumi = opts.pulumi ?? "pulumi";
  return async (...args) => {
    try {
      const { stdout } = await promisify(execFile)(pulumi, [...args, "--non-interactive"], { cwd: opts.cwd, maxBuffer: 256 * 1024 * 1024 });
      return stdout;
    } catch (e) {
      const err = e as { code?: string; stderr?: string; message: string };
      if (err.code === "ENOENT") throw new PulumiCliError(`the \`${pulumi}\` CLI is not on PATH: ${opts.missingHint}`);
      throw new PulumiCliError(`\`pulumi ${args.join(" ")}\` failed: ${(err.stderr ?? "").trim() || err.message}`);
    }
  };
}
