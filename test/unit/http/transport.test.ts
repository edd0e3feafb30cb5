import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RtcError, type RtcErrorCode } from "../../../provider/http/errors";
import { SlidingWindowLimiter } from "../../../provider/http/rateLimiter";
import { callVendor, type RetryPolicy, type WireResponse } from "../../../provider/http/transport";

/**
 * The transport's decisions, against a real HTTP server whose answers a test scripts: what is sent
 * again, for how long, and what the caller is told when it stops.
 */

type Answer = { status: number; body: unknown; headers?: Record<string, string> } | "reset";
let script: Answer[] = [];
let hits: number[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(Date.now());
    const a = script.shift() ?? { status: 200, body: { ok: true } };
    if (a === "reset") {
      req.socket.destroy();
      return;
    }
    res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A port nothing listens on: taken from the system, then let go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const throttle = (headers?: Record<string, string>): Answer => ({ status: 429, body: { code: "Throttled" }, headers });
const internal: Answer = { status: 500, body: { code: "Internal" } };

/** Reads the scripted server's envelope the way a vendor client does. */
function interpret(res: WireResponse): unknown {
  const code = (res.json as { code?: string } | undefined)?.code;
  if (!code) return res.json;
  const map: Record<string, RtcErrorCode> = { Throttled: "RTC_THROTTLED", Internal: "RTC_VENDOR_INTERNAL", Invalid: "RTC_INVALID" };
  throw new RtcError(map[code] ?? "RTC_INVALID", `vendor says ${code}`, {
    vendor: "zego",
    action: "Test",
    vendorCode: code,
    httpStatus: res.status,
    requestId: "req-1",
  });
}

function call(idempotent: boolean, policy: Partial<RetryPolicy>, to = url) {
  hits = [];
  return callVendor({
    vendor: "zego",
    action: "Test",
    idempotent,
    interpret,
    policy: { backoffBaseMs: 5, backoffCapMs: 20, attemptTimeoutMs: 2000, ...policy },
    limiter: new SlidingWindowLimiter(1000),
    build: () => ({ method: "GET", url: to, headers: {} }),
  });
}

describe("the transport's retry decisions", () => {
  it("keeps sending a throttled call until it goes through, far past the attempt cap for ambiguous failures", async () => {
    script = Array.from({ length: 12 }, () => throttle());
    await expect(call(false, { maxAttempts: 3, deadlineMs: 20_000 })).resolves.toEqual({ ok: true });
    expect(hits).toHaveLength(13);
  });

  it("gives up on a throttled call only at its deadline, saying how long it tried", async () => {
    script = Array.from({ length: 1000 }, () => throttle());
    const err = (await call(false, { deadlineMs: 3_000 }).catch((e: unknown) => e)) as RtcError;
    expect(err.code).toBe("RTC_THROTTLED");
    expect(err.message).toMatch(/gave up after \d+ attempts over \d+\.\d s, the call's deadline \(rtc-tasks:callDeadlineMs\)/);
    expect(err.outcomeUnknown).toBe(false); // a throttled call never ran
    expect(err.requestId).toBe("req-1");
    expect(err.cause).toBeInstanceOf(RtcError);
    expect(hits.length).toBeGreaterThan(5);
  });

  it("keeps sending a call whose connection is refused (it never reached the vendor) until the vendor listens", async () => {
    const port = await freePort();
    const late = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"late":true}'));
    const listening = new Promise<void>((r) => setTimeout(() => late.listen(port, "127.0.0.1", () => r()), 700));
    try {
      const started = Date.now();
      // Not idempotent, and far more refusals than maxAttempts: a refused connection ran nothing.
      await expect(call(false, { maxAttempts: 2, deadlineMs: 10_000 }, `http://127.0.0.1:${port}/`)).resolves.toEqual({ late: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    } finally {
      await listening;
      await new Promise<void>((r) => late.close(() => r()));
    }
  });

  it("gives up on a refused connection only at the call's deadline, saying how long it tried", async () => {
    const port = await freePort();
    const err = (await call(false, { maxAttempts: 2, deadlineMs: 3_000 }, `http://127.0.0.1:${port}/`).catch(
      (e: unknown) => e,
    )) as RtcError;
    expect(err.code).toBe("RTC_NETWORK");
    expect(err.outcomeUnknown).toBe(false);
    const attempts = Number(/gave up after (\d+) attempts over \d+\.\d s, the call's deadline/.exec(err.message)?.[1]);
    expect(attempts, err.message).toBeGreaterThan(2);
  });

  it("waits as long as the vendor's Retry-After asks before sending again", async () => {
    script = [throttle({ "retry-after": "1" })];
    await call(false, { deadlineMs: 10_000 });
    expect(hits).toHaveLength(2);
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(950);
  });

  it("sends an ambiguous failure again only when the call may be repeated, and then only maxAttempts times", async () => {
    script = [internal, internal, internal, internal];
    const once = (await call(false, { maxAttempts: 3, deadlineMs: 10_000 }).catch((e: unknown) => e)) as RtcError;
    expect(hits).toHaveLength(1);
    expect(once.outcomeUnknown).toBe(true);
    expect(once.message).toMatch(/the vendor may have carried it out/);

    script = [internal, internal, internal, internal];
    const capped = (await call(true, { maxAttempts: 3, deadlineMs: 10_000 }).catch((e: unknown) => e)) as RtcError;
    expect(hits).toHaveLength(3);
    expect(capped.message).toMatch(/gave up after 3 attempts/);
    expect(capped.outcomeUnknown).toBe(true);
  });

  it("counts a connection reset as a call that may have run", async () => {
    script = ["reset"];
    const err = (await call(false, { deadlineMs: 10_000 }).catch((e: unknown) => e)) as RtcError;
    expect(err.code).toBe("RTC_NETWORK");
    expect(err.outcomeUnknown).toBe(true);
    expect(hits).toHaveLength(1);
  });

  it("never sends a refused request again", async () => {
    script = [{ status: 400, body: { code: "Invalid" } }];
    const err = (await call(true, { deadlineMs: 10_000 }).catch((e: unknown) => e)) as RtcError;
    expect(err.code).toBe("RTC_INVALID");
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).toBe("vendor says Invalid");
    expect(hits).toHaveLength(1);
  });
});
