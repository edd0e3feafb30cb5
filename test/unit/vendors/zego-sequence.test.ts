import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { nextSequence, PerKeyQueue, SequenceSource } from "../../../provider/vendors/zego/sequence";

describe("SequenceSource", () => {
  it("starts at the clock in microsecond units and steps by one within a millisecond", () => {
    const s = new SequenceSource(() => 1_700_000_000_123);
    expect(s.next()).toBe(1_700_000_000_123_000);
    expect(s.next()).toBe(1_700_000_000_123_001);
    expect(s.next()).toBe(1_700_000_000_123_002);
  });

  it("follows the clock forward and never goes back when the clock does", () => {
    let now = 1_700_000_000_000;
    const s = new SequenceSource(() => now);
    const a = s.next();
    now += 5;
    const b = s.next();
    expect(b).toBe(a + 5000);
    now -= 60_000; // an NTP step backwards
    const c = s.next();
    expect(c).toBe(b + 1);
  });

  it("reads the clock to the microsecond, so two processes' values interleave by time", () => {
    const s = new SequenceSource(() => 1_700_000_000_123.456);
    expect(s.next()).toBe(1_700_000_000_123_456);
    const realTime = new SequenceSource();
    const before = Math.floor(Date.now() * 1000);
    const v = realTime.next();
    expect(Math.abs(v - before)).toBeLessThan(50_000); // anchored at the wall clock
  });

  it("stays exact in a Number until well past this century", () => {
    const s = new SequenceSource(() => Date.UTC(2200, 0, 1));
    expect(Number.isSafeInteger(s.next())).toBe(true);
  });

  it("gives many concurrent callers distinct values, increasing in the order they were taken", async () => {
    const taken: number[] = [];
    await Promise.all(
      Array.from({ length: 5000 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i % 7));
        taken.push(Number(nextSequence()));
      }),
    );
    expect(new Set(taken).size).toBe(taken.length);
    for (let i = 1; i < taken.length; i++) expect(taken[i]!).toBeGreaterThan(taken[i - 1]!);
  });
});

describe("PerKeyQueue", () => {
  it("runs calls of one key one at a time, in the order asked, and other keys alongside", async () => {
    const q = new PerKeyQueue();
    const inFlight = new Map<string, number>();
    let maxPerKey = 0;
    let maxOverall = 0;
    const order: string[] = [];
    const call = (key: string, i: number, fail = false) =>
      q.run(key, async () => {
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        maxPerKey = Math.max(maxPerKey, inFlight.get(key)!);
        maxOverall = Math.max(
          maxOverall,
          [...inFlight.values()].reduce((a, b) => a + b, 0),
        );
        order.push(`${key}${i}`);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        inFlight.set(key, inFlight.get(key)! - 1);
        if (fail) throw new Error(`boom ${key}${i}`);
        return i;
      });
    const results = await Promise.allSettled([call("a", 0), call("b", 0), call("a", 1, true), call("a", 2), call("b", 1), call("a", 3)]);
    expect(maxPerKey).toBe(1);
    expect(maxOverall).toBe(2);
    expect(order.filter((o) => o.startsWith("a"))).toEqual(["a0", "a1", "a2", "a3"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect((results[3] as PromiseFulfilledResult<number>).value).toBe(2);
    await new Promise((r) => setTimeout(r, 0));
    expect(q.size).toBe(0);
  });
});

describe("Sequence across processes", () => {
  // The provider of `pulumi up` and the provider of a quick `pulumi destroy` are separate processes.
  const dir = mkdtempSync(join(tmpdir(), "zego-seq-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = readFileSync(join(__dirname, "../../../provider/vendors/zego/sequence.ts"), "utf8");
  const compiled = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(join(dir, "sequence.js"), compiled);
  // Takes a burst of values as fast as it can (far faster than any real run), prints first and last.
  writeFileSync(
    join(dir, "take.js"),
    `
    const { nextSequence } = require("./sequence.js");
    const n = Number(process.argv[2]);
    const first = nextSequence();
    let last = first;
    for (let i = 1; i < n; i++) last = nextSequence();
    process.stdout.write(JSON.stringify({ first, last }));
  `,
  );
  const run = (n: number): { first: string; last: string } =>
    JSON.parse(execFileSync(process.execPath, [join(dir, "take.js"), String(n)], { encoding: "utf8" })) as { first: string; last: string };

  it("a process started after another one ended begins above everything the first one sent", () => {
    for (let i = 0; i < 5; i++) {
      const up = run(i % 2 === 0 ? 1 : 20_000);
      const destroy = run(1);
      expect(BigInt(destroy.first)).toBeGreaterThan(BigInt(up.last));
      expect(BigInt(up.last)).toBeGreaterThanOrEqual(BigInt(up.first));
    }
  });
});
