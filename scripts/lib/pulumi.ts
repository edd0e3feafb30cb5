import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/**
 * The CLI version setup installs: package.json's config.pulumiCliVersion, which
 * scripts/ensure-pulumi-cli.sh reads too. Found by walking up, since this file runs both compiled
 * (dist/scripts/lib) and as source in the tests (scripts/lib).
 */
export const PULUMI_CLI_VERSION: string = cliVersion(__dirname);

function cliVersion(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; config?: { pulumiCliVersion?: string } };
      if (pkg.name === "rtc-tasks" && pkg.config?.pulumiCliVersion) return pkg.config.pulumiCliVersion;
    }
    if (path.dirname(dir) === dir) throw new Error("rtc-tasks: package.json with config.pulumiCliVersion not found");
  }
}

export function pulumiRoot(): string {
  return path.join(process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "versions", PULUMI_CLI_VERSION);
}

/** The installed CLI; a missing one is an error that says how to get it. */
export async function pulumiCommand(): Promise<PulumiCommand> {
  const bin = path.join(pulumiRoot(), "bin");
  for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    if (!fs.existsSync(path.join(bin, name))) {
      throw new Error(
        `The Pulumi CLI is not installed (${path.join(bin, name)} is missing). Run \`npm run setup\`: it builds the CLI from the Go module proxy. Or install Pulumi ${PULUMI_CLI_VERSION} into ${bin}.`,
      );
    }
  }
  return PulumiCommand.get({ root: pulumiRoot() });
}

/** Environment for a stack on a local file backend, with nothing asked of a person. */
export function localBackendEnv(backendDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "rtc-tasks-local",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true", // tsc already type-checks the programs in the build
  };
}

/** Stack config keys for the credentials the emulator hands out, by the environment variable that also carries them. */
export const CREDENTIAL_CONFIG: Readonly<Record<string, string>> = {
  VOLCENGINE_ACCESS_KEY: "rtc-tasks:volcengineAccessKey",
  VOLCENGINE_SECRET_KEY: "rtc-tasks:volcengineSecretKey",
  TENCENTCLOUD_SECRET_ID: "rtc-tasks:tencentSecretId",
  TENCENTCLOUD_SECRET_KEY: "rtc-tasks:tencentSecretKey",
  ZEGO_APP_ID: "rtc-tasks:zegoAppId",
  ZEGO_SERVER_SECRET: "rtc-tasks:zegoServerSecret",
};
