import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isRtcError, RtcError } from "../../../provider/http/errors";
import { classifyZego, interpretZego, zegoCall, zegoConnection } from "../../../provider/vendors/zego/client";
import { defaultRetryPolicy } from "../../../provider/http/transport";

const ENV_KEYS = ["ZEGO_APP_ID", "ZEGO_SERVER_SECRET", "ZEGO_ENDPOINT", "ZEGO_IS_TEST", "RTC_TASKS_ZEGO_QPS", "RTC_TASKS_LOG"];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV_KEYS)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

const res = (json: unknown, status = 200) => ({ status, headers: {}, json, text: JSON.stringify(json) ?? "" });
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isRtcError(e) ? e.code : "not an RtcError";
  }
  return undefined;
};

describe("ZEGO error mapping", () => {
  it("maps the documented codes to stable RtcError codes", () => {
    for (const c of [5007, 30002]) expect(classifyZego(c)).toBe("RTC_THROTTLED");
    for (const c of [5003, 100000004, 100000005]) expect(classifyZego(c)).toBe("RTC_AUTH");
    for (const c of [5000, 5001, 5002, 5006, 30003, 100000015]) expect(classifyZego(c)).toBe("RTC_VENDOR_INTERNAL");
    for (const c of [5004, 5005, 30001, 30004, 30005, 30009, 100000007, 123]) expect(classifyZego(c)).toBe("RTC_INVALID");
  });

  it("reads the envelope: Code 0 is success whatever else it holds", () => {
    expect(interpretZego(res({ Code: 0, Message: "ok", RequestId: "42", Data: null }), "A", (s) => s)).toEqual({
      data: null,
      requestId: "42",
    });
  });

  it("turns a non-zero Code into an RtcError carrying ZEGO's code, words and request id, secrets scrubbed", () => {
    let err: unknown;
    try {
      interpretZego(res({ Code: 5004, Message: "bad url rtmp://h/a?key=SECRET", RequestId: "77" }), "CreatCDNTransferRule", (s) =>
        s.replace("SECRET", "[secret]"),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RtcError);
    const e = err as RtcError;
    expect(e).toMatchObject({ code: "RTC_INVALID", vendor: "zego", vendorCode: "5004", requestId: "77" });
    expect(e.message).toContain("5004");
    expect(e.message).not.toContain("SECRET");
    expect(e.isTransient).toBe(false);
  });

  it("tells an unreadable answer from an HTTP failure", () => {
    expect(codeOf(() => interpretZego({ status: 200, headers: {}, json: undefined, text: "<html>" }, "A", (s) => s))).toBe(
      "RTC_BAD_RESPONSE",
    );
    expect(codeOf(() => interpretZego({ status: 502, headers: {}, json: undefined, text: "bad gateway" }, "A", (s) => s))).toBe("RTC_HTTP");
    expect(codeOf(() => interpretZego({ status: 429, headers: {}, json: { message: "slow down" }, text: "" }, "A", (s) => s))).toBe(
      "RTC_THROTTLED",
    );
    expect(codeOf(() => interpretZego(res({ Code: 5000, Message: "x" }, 500), "A", (s) => s))).toBe("RTC_VENDOR_INTERNAL");
  });
});

describe("ZEGO configuration", () => {
  it("needs a numeric AppId and a ServerSecret, and reads IsTest and the rate from settings", () => {
    delete process.env.ZEGO_APP_ID;
    process.env.ZEGO_SERVER_SECRET = "s";
    expect(() => zegoConnection()).toThrow(/ZEGO AppId.*rtc-tasks:zegoAppId.*ZEGO_APP_ID/);
    process.env.ZEGO_APP_ID = "abc";
    expect(() => zegoConnection()).toThrow(/Uint32/);
    process.env.ZEGO_APP_ID = "1234567890";
    expect(zegoConnection()).toMatchObject({ isTest: false, qps: 10, endpoint: new URL("https://rtc-api.zego.im") });
    process.env.ZEGO_IS_TEST = "TRUE";
    expect(zegoConnection()).toMatchObject({ isTest: true, qps: 5 });
    process.env.RTC_TASKS_ZEGO_QPS = "3";
    expect(zegoConnection().qps).toBe(3);
    process.env.ZEGO_IS_TEST = "yes";
    expect(() => zegoConnection()).toThrow(/zegoIsTest must be true or false/);
  });
});

describe("requests about one stream", () => {
  // A stand-in vendor that records arrival order, answers after a random delay, and counts how many
  // requests per stream are in flight at once.
  let server: Server;
  let endpoint: string;
  const arrivals: { stream: string; sequence: bigint; nonce: string }[] = [];
  const inFlight = new Map<string, number>();
  let maxPerStream = 0;
  let maxOverall = 0;

  beforeAll(async () => {
    server = createServer((req, reply) => {
      const q = new URL(req.url ?? "/", "http://x").searchParams;
      const stream = q.get("StreamId")!;
      arrivals.push({ stream, sequence: BigInt(q.get("Sequence")!), nonce: q.get("SignatureNonce")! });
      inFlight.set(stream, (inFlight.get(stream) ?? 0) + 1);
      maxPerStream = Math.max(maxPerStream, inFlight.get(stream)!);
      maxOverall = Math.max(
        maxOverall,
        [...inFlight.values()].reduce((a, b) => a + b, 0),
      );
      setTimeout(() => {
        inFlight.set(stream, inFlight.get(stream)! - 1);
        // A stream named "throttled-..." is refused once with ZEGO's rate code; "stale-<n>-..." n
        // times with the code a stale Sequence is refused with (another process got there first).
        const seen = arrivals.filter((a) => a.stream === stream).length;
        const stale = /^stale-(\d+)-/.exec(stream);
        const code = stream.startsWith("throttled-") && seen === 1 ? 5007 : stale && seen <= Number(stale[1]) ? 5005 : 0;
        reply
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify({ Code: code, Message: code ? "too frequent" : "ok", RequestId: "1", Data: null }));
      }, Math.random() * 30);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("reach the vendor one at a time, in increasing Sequence, while other streams go in parallel", async () => {
    Object.assign(process.env, { ZEGO_APP_ID: "1000000001", ZEGO_SERVER_SECRET: "s", ZEGO_ENDPOINT: endpoint, RTC_TASKS_ZEGO_QPS: "1000" });
    const streams = ["alpha", "beta", "gamma"];
    await Promise.all(
      streams.flatMap((stream) =>
        Array.from({ length: 12 }, (_, i) =>
          zegoCall({
            action: i % 2 ? "DeleteCDNTransferRule" : "CreatCDNTransferRule",
            streamId: stream,
            params: { CDNUrl: `rtmp://h/a/${i}` },
            idempotent: true,
          }),
        ),
      ),
    );
    expect(arrivals).toHaveLength(36);
    for (const stream of streams) {
      const seqs = arrivals.filter((a) => a.stream === stream).map((a) => a.sequence);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
    }
    expect(maxPerStream).toBe(1);
    expect(maxOverall).toBeGreaterThan(1);
  });

  it("sends a request refused as a stale Sequence again, a few times, each with a higher one", async () => {
    Object.assign(process.env, { ZEGO_APP_ID: "1000000001", ZEGO_SERVER_SECRET: "s", ZEGO_ENDPOINT: endpoint, RTC_TASKS_ZEGO_QPS: "1000" });
    await zegoCall({ action: "CreatCDNTransferRule", streamId: "stale-2-a", params: { CDNUrl: "rtmp://h/a/s" }, idempotent: false });
    const seqs = arrivals.filter((a) => a.stream === "stale-2-a").map((a) => a.sequence);
    expect(seqs).toHaveLength(3);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);

    // Refused every time: really invalid. It reaches the caller once the transport's attempts are spent.
    const err = await zegoCall({
      action: "DeleteCDNTransferRule",
      streamId: "stale-99-b",
      params: { CDNUrl: "rtmp://h/a/s" },
      idempotent: true,
    }).catch((e: unknown) => e);
    expect((err as RtcError).vendorCode).toBe("5005");
    expect(arrivals.filter((a) => a.stream === "stale-99-b")).toHaveLength(defaultRetryPolicy.maxAttempts);
    expect((err as RtcError).message).toMatch(/gave up after \d+ attempts/);
  });

  it("sends a retry with a new, higher Sequence and a fresh signature", async () => {
    Object.assign(process.env, { ZEGO_APP_ID: "1000000001", ZEGO_SERVER_SECRET: "s", ZEGO_ENDPOINT: endpoint, RTC_TASKS_ZEGO_QPS: "1000" });
    await zegoCall({ action: "CreatCDNTransferRule", streamId: "throttled-1", params: { CDNUrl: "rtmp://h/a/t" }, idempotent: false });
    const seqs = arrivals.filter((a) => a.stream === "throttled-1").map((a) => a.sequence);
    expect(seqs).toHaveLength(2);
    expect(seqs[1]! > seqs[0]!).toBe(true);
    const nonces = arrivals.filter((a) => a.stream === "throttled-1").map((a) => a.nonce);
    expect(nonces[1]).not.toBe(nonces[0]);
  });
});
