import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { maskedUrl, ruleKey, ZEGO_STALE_SEQUENCE_CODE, ZEGO_TEST_CREDENTIALS } from "../../../provider/emulator/zego";
import { zegoRequest } from "../../../provider/vendors/zego/client";
import { SequenceSource } from "../../../provider/vendors/zego/sequence";

let emu: RunningEmulator;
const seq = new SequenceSource();
const creds = ZEGO_TEST_CREDENTIALS;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await fetch(`${emu.baseUrl}/_emulator/reset`, { method: "POST" });
});

interface Envelope {
  Code: number;
  Message: string;
  RequestId: string;
  Data: unknown;
}

async function call(
  action: string,
  params: Record<string, string>,
  opts: { isTest?: boolean; secret?: string; path?: string; method?: string } = {},
): Promise<Envelope> {
  const conn = {
    creds: { ...creds, serverSecret: opts.secret ?? creds.serverSecret },
    endpoint: new URL(emu.endpoints.zego!),
    isTest: opts.isTest ?? false,
  };
  const req = zegoRequest(conn, action, { Sequence: String(seq.next()), ...params });
  const url = opts.path ? req.url.replace("/?", `${opts.path}?`) : req.url;
  const res = await fetch(url, { method: opts.method ?? "GET" });
  return (await res.json()) as Envelope;
}

const tasks = async () =>
  (
    (await (await fetch(`${emu.baseUrl}/_emulator/tasks`)).json()) as {
      tasks: { vendor: string; key: string; params: Record<string, unknown> }[];
    }
  ).tasks.filter((t) => t.vendor === "zego");

describe("ZEGO emulator", () => {
  it("creates and deletes a rule, answering ZEGO's envelope", async () => {
    const created = await call("CreatCDNTransferRule", { StreamId: "live-1", CDNUrl: "rtmp://cdn.example.com/app/live-1" });
    expect(created).toMatchObject({ Code: 0, Message: "ok", Data: null });
    expect(created.RequestId).toMatch(/^\d+$/);
    expect((await tasks()).map((t) => t.key)).toEqual(["live-1/rtmp://cdn.example.com/app/live-1"]);
    expect((await call("DeleteCDNTransferRule", { StreamId: "live-1", CDNUrl: "rtmp://cdn.example.com/app/live-1" })).Code).toBe(0);
    expect(await tasks()).toEqual([]);
  });

  it("matches a rule on delete by its URL without the query, and never shows the query", async () => {
    await call("CreatCDNTransferRule", { StreamId: "s1", CDNUrl: "rtmp://cdn.example.com/app/s1?txSecret=SECRETKEY123&txTime=1" });
    const listed = JSON.stringify(await (await fetch(`${emu.baseUrl}/_emulator/tasks?all=1`)).text());
    expect(listed).not.toContain("SECRETKEY123");
    expect((await tasks())[0]).toMatchObject({
      key: "s1/rtmp://cdn.example.com/app/s1",
      params: { CDNUrl: "rtmp://cdn.example.com/app/s1?***" },
    });
    expect((await call("DeleteCDNTransferRule", { StreamId: "s1", CDNUrl: "rtmp://cdn.example.com/app/s1?txSecret=OTHER" })).Code).toBe(0);
    expect(await tasks()).toEqual([]);
    expect(ruleKey("a", "rtmp://h/p#f")).toBe("a/rtmp://h/p");
    expect(maskedUrl("rtmp://h/p")).toBe("rtmp://h/p");
  });

  it("shows keys and CDN URLs the way the README's emulator section says", async () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../../README.md"), "utf8");
    const says = readme.slice(readme.indexOf("Task keys:")).split("\n\n")[0]!.replace(/\s+/g, " ");
    expect(says).toContain("`<StreamId>/<CDNUrl without its query>` (ZEGO");
    expect(says).toContain("A ZEGO task's `params.CDNUrl` shows the query, where push keys usually sit, as `?***`.");
    await call("CreatCDNTransferRule", { StreamId: "s2", CDNUrl: "rtmp://cdn.example.com/app/s2?key=abc123def" });
    expect((await tasks()).map((t) => [t.key, t.params.CDNUrl])).toEqual([
      ["s2/rtmp://cdn.example.com/app/s2", "rtmp://cdn.example.com/app/s2?***"],
    ]);
  });

  it("answers Code 0 when deleting a rule that does not exist", async () => {
    const r = await call("DeleteCDNTransferRule", { StreamId: "nobody", CDNUrl: "rtmp://cdn.example.com/app/nobody" });
    expect(r.Code).toBe(0);
  });

  it("keeps several rules of one stream apart, and clears them all with ClearCDNTransferRule", async () => {
    for (const n of [1, 2, 3]) await call("CreatCDNTransferRule", { StreamId: "multi", CDNUrl: `rtmp://cdn${n}.example.com/app/multi` });
    expect(await tasks()).toHaveLength(3);
    expect((await call("ClearCDNTransferRule", { StreamId: "multi" })).Code).toBe(0);
    expect(await tasks()).toHaveLength(0);
  });

  it("refuses a Sequence that does not increase within 10 s for the same stream, but not for another stream", async () => {
    const conn = { creds, endpoint: new URL(emu.endpoints.zego!), isTest: false };
    const send = async (stream: string, sequence: string) =>
      (
        (await (
          await fetch(
            zegoRequest(conn, "CreatCDNTransferRule", { StreamId: stream, CDNUrl: `rtmp://h/app/${sequence}`, Sequence: sequence }).url,
          )
        ).json()) as Envelope
      ).Code;
    const base = seq.next();
    expect(await send("ordered", String(base + 10))).toBe(0);
    expect(await send("ordered", String(base + 10))).toBe(ZEGO_STALE_SEQUENCE_CODE);
    expect(await send("ordered", String(base + 5))).toBe(ZEGO_STALE_SEQUENCE_CODE);
    expect(await send("other", String(base + 5))).toBe(0);
    expect(await send("ordered", String(base + 11))).toBe(0);
    expect(await send("ordered", "not-a-number")).toBe(5005);
  });

  it("checks signatures and parameters with the gateway's and the action's codes", async () => {
    expect((await call("CreatCDNTransferRule", { StreamId: "x", CDNUrl: "rtmp://h/a/x" }, { secret: "wrong" })).Code).toBe(100000005);
    expect((await call("NoSuchAction", { StreamId: "x" })).Code).toBe(100000007);
    for (const action of ["constructor", "toString", "__proto__", "hasOwnProperty"])
      expect((await call(action, { StreamId: "x" })).Code, action).toBe(100000007);
    expect((await call("CreatCDNTransferRule", { StreamId: "bad id!", CDNUrl: "rtmp://h/a/x" })).Code).toBe(30009);
    expect((await call("CreatCDNTransferRule", { StreamId: "x", CDNUrl: "https://h/a/x" })).Code).toBe(5004);
    expect((await call("CreatCDNTransferRule", { StreamId: "x", CDNUrl: "rtmp://h/a/x" }, { method: "POST" })).Code).toBe(5005);
    const wrongPath = await fetch(
      zegoRequest({ creds, endpoint: new URL(emu.endpoints.zego!), isTest: false }, "CreatCDNTransferRule", { StreamId: "x" }).url.replace(
        "/?",
        "/v2?",
      ),
    );
    expect(wrongPath.status).toBe(404);
    const unsigned = (await (await fetch(`${emu.endpoints.zego}/?Action=CreatCDNTransferRule&AppId=${creds.appId}`)).json()) as Envelope;
    expect(unsigned.Code).toBe(100000002);
    expect(await tasks()).toEqual([]);
  });

  it("requires the zegotest-<AppId>- prefix in the test environment", async () => {
    expect((await call("CreatCDNTransferRule", { StreamId: "plain", CDNUrl: "rtmp://h/a/p" }, { isTest: true })).Code).toBe(30009);
    expect(
      (await call("CreatCDNTransferRule", { StreamId: `zegotest-${creds.appId}-plain`, CDNUrl: "rtmp://h/a/p" }, { isTest: true })).Code,
    ).toBe(0);
  });

  it("holds each AppId to 10 requests per second, 5 in the test environment, answering 5007", async () => {
    const burst = async (isTest: boolean) => {
      const codes = await Promise.all(
        Array.from({ length: 14 }, (_, i) =>
          call(
            "DeleteCDNTransferRule",
            { StreamId: isTest ? `zegotest-${creds.appId}-q${i}` : `q${i}`, CDNUrl: `rtmp://h/a/${i}` },
            { isTest },
          ),
        ),
      );
      return codes.map((c) => c.Code);
    };
    const prod = await burst(false);
    expect(prod.filter((c) => c === 0)).toHaveLength(10);
    expect(prod.filter((c) => c === 5007)).toHaveLength(4);
    const test = await burst(true);
    expect(test.filter((c) => c === 0)).toHaveLength(5);
    expect(test.filter((c) => c === 5007)).toHaveLength(9);
  });

  it("answers ZEGO's throttle code for an injected throttle fault", async () => {
    await fetch(`${emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "zego", type: "throttle", count: 1 }),
    });
    expect((await call("DeleteCDNTransferRule", { StreamId: "f", CDNUrl: "rtmp://h/a/f" })).Code).toBe(5007);
    expect((await call("DeleteCDNTransferRule", { StreamId: "f", CDNUrl: "rtmp://h/a/f" })).Code).toBe(0);
  });

  it("publishes its endpoint and test credentials", async () => {
    expect(emu.env()).toMatchObject({
      ZEGO_ENDPOINT: emu.endpoints.zego,
      ZEGO_APP_ID: creds.appId,
      ZEGO_SERVER_SECRET: creds.serverSecret,
    });
    const described = (await (await fetch(`${emu.baseUrl}/_emulator/endpoints`)).json()) as Record<string, unknown>;
    expect(described.zego).toMatchObject({ endpoint: emu.endpoints.zego, appId: creds.appId });
  });
});
