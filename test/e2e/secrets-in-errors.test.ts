import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoSecrets, exampleStack, runPulumi, type CommandRun, type ExampleStack } from "./harness";

/**
 * A validation error never prints a secret, and reads once, clearly (issue 10, defects 3 and 4).
 * For every secret input of every kind (examples/bad-secrets), a value that fails validation while
 * it carries a secret, from `pulumi config set --secret` and from `pulumi.secret()` in code, goes
 * through the real CLI: `pulumi preview`, `pulumi preview --json` and `pulumi up --skip-preview`.
 * Everything they print is searched for the secret, and the error must be the engine's
 * `<type> resource '<name>' has a problem: <path>: <rule>`, once in the diagnostics, with no value,
 * no `<nil>` and no repeated property name. Nothing may reach a vendor.
 *
 * The engine stops at the first failed check, so each case runs on its own.
 */
const CASES: Record<string, { type: string; resource: string; problem: string }> = {
  mixPushUrl: {
    type: "VolcengineMixedRelayToCdn",
    resource: "mix",
    problem: "pushUrl: must be an rtmp:// or rtmps:// URL with a host (the vendor relays over RTMP, or RTMP over TLS)",
  },
  singlePushUrl: {
    type: "VolcengineSingleRelayToCdn",
    resource: "single",
    problem: "pushUrl: must be an rtmp:// or rtmps:// URL with a host (the vendor relays over RTMP, or RTMP over TLS)",
  },
  webcastSourceUrl: { type: "VolcengineWebcast", resource: "slides", problem: "sourceUrl: must be an http(s):// URL" },
  zegoCdnUrl: {
    type: "ZegoCdnTransferRule",
    resource: "rule",
    problem: "cdnUrl: must be an rtmp:// URL (ZEGO relays to RTMP addresses only)",
  },
  tencentPublishCdnParams: {
    type: "TencentRelayToCdn",
    resource: "relay-cdn",
    problem: "publishCdnParams[0].publishCdnUrl: must be an rtmp:// URL with a host (TRTC relays over RTMP only)",
  },
  tencentFeedBackRoomParams: {
    type: "TencentRelayToCdn",
    resource: "relay-back",
    problem: "feedBackRoomParams[0].userId: must be at most 32 bytes (a TRTC UserId)",
  },
  tencentAgentParams: {
    type: "TencentRelayToCdn",
    resource: "relay-agent",
    problem: "agentParams.maxIdleTime: must be between 5 and 86400",
  },
  tencentRecordParams: {
    type: "TencentRelayToCdn",
    resource: "relay-record",
    problem: "recordParams.recordWaitTime: must be between 5 and 86400",
  },
};
/** The secret examples/bad-secrets puts in a case's value in code. */
const codeSecret = (c: string) => `code-secret-${c}-4b1d7e9a0c3f5e2b8a6d`;
/** A secret per case for stack config, new every run. */
const configSecrets = Object.fromEntries(Object.keys(CASES).map((c) => [c, `config-secret-${c}-${randomBytes(10).toString("hex")}`]));

describe.each([
  ["`pulumi config set --secret`", "config"],
  ["`pulumi.secret()` in code", "code"],
] as const)("a validation error about a secret from %s", (_title, source) => {
  let ex: ExampleStack;
  const secretOf = (c: string) => (source === "config" ? configSecrets[c]! : codeSecret(c));

  beforeAll(async () => {
    ex = await exampleStack("bad-secrets", { config: { source, cases: "[]" }, secretConfig: source === "config" ? configSecrets : {} });
  });
  afterAll(async () => ex?.dispose());

  it.each(Object.keys(CASES))("%s: names the path and the rule once, prints no secret, starts nothing", async (c) => {
    const { type, resource, problem } = CASES[c]!;
    await ex.setConfig({ cases: JSON.stringify([c]) });
    const expected = `error: pulumi-nodejs:dynamic/rtc:${type} resource '${resource}' has a problem: ${problem}`;
    const secrets = [...ex.secrets, secretOf(c), ...Object.values(configSecrets), codeSecret(c)];

    // The two previews only read the stack, so they run side by side; then up.
    const [preview, json] = await Promise.all([runPulumi(ex, ["preview"]), runPulumi(ex, ["preview", "--json"])]);
    const up = await runPulumi(ex, ["up", "--yes", "--skip-preview"]);
    for (const [where, run] of [
      ["pulumi preview", preview],
      ["pulumi up --skip-preview", up],
    ] as const) {
      expect(run.code, `${where}\n${run.stdout}\n${run.stderr}`).not.toBe(0);
      assertNoSecrets(run.stdout + run.stderr, secrets, `the output of ${where}`);
      expectOneClearProblem(run, expected, where);
    }

    expect(json.code).not.toBe(0);
    assertNoSecrets(json.stdout + json.stderr, secrets, "the output of pulumi preview --json");
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics?: { message: string; severity: string }[] }).diagnostics ?? [];
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.message.trim())).toEqual([expected]);

    expect(ex.emulator.state.stats.requests).toBe(0);
    assertNoSecrets(ex.storedState(), secrets, "the stored stack state");
  });
});

/**
 * The failure appears exactly once under "Diagnostics:", in the expected words, and every line that
 * mentions it anywhere (the progress rows repeat it) says exactly that: no value, no `<nil>`.
 */
function expectOneClearProblem(run: CommandRun, expected: string, where: string): void {
  const text = `${run.stdout}\n${run.stderr}`;
  const diagnostics = text.slice(text.indexOf("Diagnostics:"));
  expect(text.includes("Diagnostics:"), `${where} printed no diagnostics:\n${text}`).toBe(true);
  const errors = diagnostics
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("error:"));
  expect(errors, where).toEqual([expected]);
  const mentions = text.split("\n").filter((l) => /has a problem|<nil>|property .* value/.test(l));
  for (const line of mentions) expect(line.trim().replace(/^.*?(error: )/, "$1"), where).toBe(expected);
  // The rule after the path never repeats the property's name ("taskId: taskId must…").
  const [path, rule] = expected.split(" has a problem: ")[1]!.split(/: (.*)/s) as [string, string];
  const leaf = path
    .replace(/\[\d+\]/g, "")
    .split(".")
    .pop()!;
  expect(rule.startsWith(leaf), `${where}: "${rule}" repeats "${leaf}"`).toBe(false);
}
