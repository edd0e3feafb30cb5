import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoSecrets, exampleStack, type ExampleStack } from "./harness";

/**
 * Throttling slows a deployment, never fails it (issue 10, defect 5). A fleet whose ZEGO rules,
 * the vendor with the lowest rate (10 calls a second per AppId), get 30% of their calls answered
 * "call frequency too high" (5007) is brought up and torn down, each in ONE run: no re-run, no
 * throttling error shown, nothing left running, no rule created twice.
 */
const ZEGO_RULES = 90;
const OTHERS = { VolcengineMixedRelayToCdn: 4, VolcenginePublicStream: 4, TencentRelayToCdn: 4 };
const THROTTLED = 0.3;

describe("throttle-heavy chaos: 30% of ZEGO's calls throttled", () => {
  let ex: ExampleStack;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);
  beforeAll(async () => {
    ex = await exampleStack("fleet", { config: { counts: JSON.stringify({ ZegoCdnTransferRule: ZEGO_RULES, ...OTHERS }) } });
    await ex.faults([{ vendor: "zego", type: "throttle", rate: THROTTLED }]);
  });
  afterAll(async () => {
    await ex?.faults([]);
    await ex?.dispose();
  });

  const total = ZEGO_RULES + Object.values(OTHERS).reduce((a, b) => a + b, 0);
  const zegoRunning = () => ex.running().filter((t) => t.vendor === "zego");

  function logStats(what: string, started: number): void {
    const { faultsInjected, requests, qpsViolations } = ex.emulator.state.stats;
    console.log(
      `${what} took ${((Date.now() - started) / 1000).toFixed(1)} s; so far ${faultsInjected} ZEGO calls throttled, ${requests} requests in all, ${qpsViolations} over a vendor's rate`,
    );
  }

  it("up succeeds in one run: every rule created once, though about 30% of ZEGO calls were throttled", async () => {
    const started = Date.now();
    const up = await ex.stack.up({ onOutput });
    logStats("up", started);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ create: total + 1 });
    expect(zegoRunning()).toHaveLength(ZEGO_RULES);
    expect(ex.running()).toHaveLength(total);
    // The fault did fire at about its rate: this was a throttle-heavy run, not a quiet one.
    expect(ex.emulator.state.stats.faultsInjected).toBeGreaterThan(0.15 * ZEGO_RULES);
    expect(ex.emulator.state.stats.doubleStarts).toBe(0);
    for (const [key, starts] of ex.emulator.state.startsByKey) expect(starts, key).toBe(1);
  });

  it("destroy succeeds in one run and leaves nothing running", async () => {
    const faultsBefore = ex.emulator.state.stats.faultsInjected;
    const started = Date.now();
    const out = await ex.stack.destroy({ onOutput });
    logStats("destroy", started);
    expect(out.summary.result).toBe("succeeded");
    expect(out.summary.resourceChanges).toMatchObject({ delete: total + 1 });
    expect(ex.emulator.state.stats.faultsInjected - faultsBefore).toBeGreaterThan(0.15 * ZEGO_RULES);
    expect(ex.running()).toEqual([]);
  });

  it("showed no throttling error, only retries, and no secret", () => {
    const text = output.join("");
    // The provider says when it retries a throttled call; an error line about it would mean it gave up.
    expect(text).toMatch(/zego (CreatCDNTransferRule|DeleteCDNTransferRule): 5007.*retrying in/);
    const errors = text.split("\n").filter((l) => /error|RTC_THROTTLED|gave up/i.test(l));
    expect(errors).toEqual([]);
    assertNoSecrets(text, [...ex.secrets, "fleet-key-", "fleet-token-"], "the output of up and destroy");
  });
});
