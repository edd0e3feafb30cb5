import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useEmulator } from "../fixtures/emulator";
import { TENCENT_TEST_CREDENTIALS } from "../../../provider/emulator/tencent";
import { RtcError } from "../../../provider/http/errors";
import { checkRegion, classifyTencent, parseTencentEndpoint, tencentCall } from "../../../provider/vendors/tencent/client";
import { signTc3 } from "../../../provider/vendors/tencent/signer";

process.env.RTC_TASKS_LOG = "quiet";
const ENV_KEYS = [
  "TENCENTCLOUD_ENDPOINT",
  "TENCENTCLOUD_REGION",
  "TENCENTCLOUD_SECRET_ID",
  "TENCENTCLOUD_SECRET_KEY",
  "TENCENTCLOUD_SESSION_TOKEN",
  "RTC_TASKS_TENCENT_QPS",
];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV_KEYS)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

const fail = async (p: Promise<unknown>) =>
  (await p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  )) as RtcError;

describe("Tencent error codes", () => {
  it.each([
    ["ResourceNotFound", "RTC_NOT_FOUND"],
    ["ResourceNotFound.TaskNotExist", "RTC_NOT_FOUND"],
    ["FailedOperation.TaskFinished", "RTC_NOT_FOUND"],
    ["FailedOperation.TaskNotExist", "RTC_NOT_FOUND"],
    ["RequestLimitExceeded", "RTC_THROTTLED"],
    ["RequestLimitExceeded.UinLimitExceeded", "RTC_THROTTLED"],
    ["RequestLimitExceeded.GlobalRegionUinLimitExceeded", "RTC_THROTTLED"],
    ["AuthFailure.SignatureFailure", "RTC_AUTH"],
    ["AuthFailure.SignatureExpire", "RTC_AUTH"],
    ["AuthFailure", "RTC_AUTH"],
    ["InternalError", "RTC_VENDOR_INTERNAL"],
    ["InternalError.DbError", "RTC_VENDOR_INTERNAL"],
    ["ServiceUnavailable", "RTC_VENDOR_INTERNAL"],
    ["ResourceUnavailable", "RTC_VENDOR_INTERNAL"],
    ["FailedOperation", "RTC_INVALID"],
    ["FailedOperation.RequestOutdated", "RTC_INVALID"],
    ["FailedOperation.RestrictedConcurrency", "RTC_QUOTA"],
    ["InvalidParameter", "RTC_INVALID"],
    ["UnsupportedRegion", "RTC_INVALID"],
    ["RequestSizeLimitExceeded", "RTC_INVALID"],
    ["LimitExceeded", "RTC_INVALID"],
  ])("%s → %s", (code, expected) => {
    expect(classifyTencent(code)).toBe(expected);
  });
});

describe("Tencent endpoint and region settings", () => {
  it("defaults to the China host, and knows the international one", () => {
    expect(parseTencentEndpoint(undefined)).toMatchObject({ site: "china" });
    expect(parseTencentEndpoint(undefined).url.href).toBe("https://trtc.tencentcloudapi.com/");
    expect(parseTencentEndpoint("trtc.intl.tencentcloudapi.com")).toMatchObject({ site: "intl" });
    expect(parseTencentEndpoint("https://trtc.intl.tencentcloudapi.com").url.host).toBe("trtc.intl.tencentcloudapi.com");
    expect(parseTencentEndpoint("http://127.0.0.1:4567")).toMatchObject({ site: "emulator" });
    expect(parseTencentEndpoint("http://127.0.0.1:4567").url.host).toBe("127.0.0.1:4567");
  });

  it("refuses plain HTTP anywhere but the loopback, and hosts that are not Tencent's", () => {
    for (const bad of ["http://trtc.tencentcloudapi.com", "https://trtc.example.com", "http://10.0.0.1:80", "::"]) {
      expect(() => parseTencentEndpoint(bad)).toThrow(RtcError);
    }
  });

  it("accepts only the regions each site documents for these APIs", () => {
    expect(checkRegion("ap-beijing", "china")).toBe("ap-beijing");
    expect(() => checkRegion("ap-singapore", "china")).toThrow(/ap-beijing, ap-guangzhou, ap-hongkong, ap-shanghai/);
    expect(checkRegion("ap-singapore", "intl")).toBe("ap-singapore");
    expect(() => checkRegion("ap-shanghai", "intl")).toThrow(/ap-guangzhou, ap-hongkong, ap-singapore/);
    for (const r of ["ap-beijing", "ap-guangzhou", "ap-hongkong", "ap-shanghai", "ap-singapore"])
      expect(checkRegion(r, "emulator")).toBe(r);
    expect(() => checkRegion("ap-tokyo", "emulator")).toThrow(RtcError);
  });

  it("refuses to call without credentials, or with a region the site does not serve, before sending anything", async () => {
    process.env.TENCENTCLOUD_ENDPOINT = "http://127.0.0.1:9"; // nothing listens there
    delete process.env.TENCENTCLOUD_SECRET_ID;
    process.env.TENCENTCLOUD_SECRET_KEY = "k";
    const missing = await fail(tencentCall({ action: "StopPublishCdnStream", params: {}, idempotent: true }));
    expect(missing.code).toBe("RTC_CONFIG");
    expect(missing.message).toMatch(/pulumi config set --secret rtc-tasks:tencentSecretId/);
    expect(missing.message).toMatch(/TENCENTCLOUD_SECRET_ID/);

    process.env.TENCENTCLOUD_SECRET_ID = "AKIDX";
    process.env.TENCENTCLOUD_ENDPOINT = "trtc.intl.tencentcloudapi.com";
    process.env.TENCENTCLOUD_REGION = "ap-beijing";
    const region = await fail(tencentCall({ action: "StopPublishCdnStream", params: {}, idempotent: true }));
    expect(region.code).toBe("RTC_CONFIG");
    expect(region.message).toMatch(/rtc-tasks:tencentRegion "ap-beijing"/);
  });
});

describe("what the client sends", () => {
  let server: http.Server;
  let seen: { headers: http.IncomingHttpHeaders; body: string; url: string }[] = [];
  let answer = '{"Response":{"TaskId":"t-1","RequestId":"req-1"}}';
  let status = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), url: req.url ?? "" });
        res.writeHead(status, { "Content-Type": "application/json" }).end(answer);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen = [];
    status = 200;
    answer = '{"Response":{"TaskId":"t-1","RequestId":"req-1"}}';
    const port = (server.address() as AddressInfo).port;
    Object.assign(process.env, {
      TENCENTCLOUD_ENDPOINT: `http://127.0.0.1:${port}`,
      TENCENTCLOUD_REGION: "ap-hongkong",
      TENCENTCLOUD_SECRET_ID: "AKIDTEST",
      TENCENTCLOUD_SECRET_KEY: "secret-key-0123",
      TENCENTCLOUD_SESSION_TOKEN: "sts-token-0123",
    });
  });

  it("POSTs JSON to / with the X-TC headers, signing the Host it sends (host:port)", async () => {
    const res = await tencentCall({ action: "StopPublishCdnStream", params: { SdkAppId: 1400000001, TaskId: "t-1" }, idempotent: true });
    expect(res).toEqual({ response: { TaskId: "t-1", RequestId: "req-1" }, requestId: "req-1" });
    const [req] = seen;
    const port = (server.address() as AddressInfo).port;
    expect(req!.url).toBe("/");
    expect(req!.body).toBe('{"SdkAppId":1400000001,"TaskId":"t-1"}');
    expect(req!.headers).toMatchObject({
      host: `127.0.0.1:${port}`,
      "content-type": "application/json",
      "x-tc-action": "StopPublishCdnStream",
      "x-tc-version": "2019-07-22",
      "x-tc-region": "ap-hongkong",
      "x-tc-token": "sts-token-0123",
    });
    const ts = Number(req!.headers["x-tc-timestamp"]);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(5);
    const expected = signTc3(
      { secretId: "AKIDTEST", secretKey: "secret-key-0123" },
      { method: "POST", host: `127.0.0.1:${port}`, contentType: "application/json", body: req!.body, timestamp: ts, service: "trtc" },
    );
    expect(req!.headers.authorization).toBe(expected.authorization);
  });

  it("turns an error envelope into an RtcError with the vendor's code and request id, scrubbing secrets", async () => {
    answer =
      '{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad url rtmp://cdn/live/s?txSecret=topsecret99"},"RequestId":"req-2"}}';
    const e = await fail(
      tencentCall({
        action: "StartPublishCdnStream",
        params: {},
        idempotent: false,
        redact: (s) => s.split("txSecret=topsecret99").join("[secret]"),
      }),
    );
    expect(e).toMatchObject({ code: "RTC_INVALID", vendor: "tencent", vendorCode: "InvalidParameter", requestId: "req-2" });
    expect(e.message).toBe("tencent StartPublishCdnStream failed: InvalidParameter: bad url rtmp://cdn/live/s?[secret] (request id req-2)");
  });

  it("reads an answer without the envelope as an HTTP or response error", async () => {
    status = 502;
    answer = "<html>bad gateway</html>";
    const e = await fail(tencentCall({ action: "StopPublishCdnStream", params: {}, idempotent: false }));
    expect(e.code).toBe("RTC_HTTP");
    expect(e.outcomeUnknown).toBe(true);
    status = 200;
    answer = '{"something":"else"}';
    expect((await fail(tencentCall({ action: "StopPublishCdnStream", params: {}, idempotent: false }))).code).toBe("RTC_BAD_RESPONSE");
  });
});

describe("the client against the emulator", () => {
  const sandbox = useEmulator({ TENCENTCLOUD_SESSION_TOKEN: undefined });
  const faults = (rule: object) => fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, { method: "POST", body: JSON.stringify(rule) });
  const start = {
    SdkAppId: 1400000001,
    RoomId: "r1",
    RoomIdType: 1,
    WithTranscoding: 1,
    AgentParams: { UserId: "robot" },
    AudioParams: { AudioEncode: { SampleRate: 48000, Channel: 2, BitRate: 64 } },
    PublishCdnParams: [{ PublishCdnUrl: "rtmp://push.example.com/live/a", IsTencentCdn: 1 }],
  };

  it("is accepted by the emulator's signature check, with wrong keys refused as RTC_AUTH", async () => {
    expect(sandbox.emu.env().TENCENTCLOUD_SECRET_ID).toBe(TENCENT_TEST_CREDENTIALS.secretId);
    const { response } = await tencentCall({ action: "StartPublishCdnStream", params: start, idempotent: false });
    expect(sandbox.emu.state.running("tencent", `1400000001/${String(response.TaskId)}`)).toBeDefined();
    process.env.TENCENTCLOUD_SECRET_KEY = "wrong";
    const e = await fail(
      tencentCall({ action: "StopPublishCdnStream", params: { SdkAppId: 1400000001, TaskId: response.TaskId }, idempotent: true }),
    );
    expect(e).toMatchObject({ code: "RTC_AUTH", vendorCode: "AuthFailure.SignatureFailure" });
  });

  it("retries a throttled start (it never ran) and starts exactly once", async () => {
    await faults({ vendor: "tencent", action: "StartPublishCdnStream", type: "throttle", count: 2 });
    await tencentCall({ action: "StartPublishCdnStream", params: start, idempotent: false });
    expect(sandbox.emu.state.list(true).filter((t) => t.vendor === "tencent")).toHaveLength(1);
    expect(sandbox.emu.state.stats.faultsInjected).toBe(2);
  });

  it("does not resend a start after InternalError (it may have run), but does resend an idempotent stop", async () => {
    await faults({ vendor: "tencent", action: "StartPublishCdnStream", type: "http500", count: 1 });
    const e = await fail(tencentCall({ action: "StartPublishCdnStream", params: start, idempotent: false }));
    expect(e).toMatchObject({ code: "RTC_VENDOR_INTERNAL", vendorCode: "InternalError", outcomeUnknown: true });
    expect(sandbox.emu.state.stats.requests).toBe(1);

    const { response } = await tencentCall({ action: "StartPublishCdnStream", params: start, idempotent: false });
    await faults({ vendor: "tencent", action: "StopPublishCdnStream", type: "http500", count: 1 });
    await tencentCall({ action: "StopPublishCdnStream", params: { SdkAppId: 1400000001, TaskId: response.TaskId }, idempotent: true });
    expect(sandbox.emu.state.list().filter((t) => t.vendor === "tencent")).toHaveLength(0);
  });

  it("paces each action on its own limiter (rtc-tasks:tencentQps per action and SecretId)", async () => {
    // At 5/s, 12 calls of one action need three one-second windows; two actions on one shared limiter would need five.
    process.env.RTC_TASKS_TENCENT_QPS = "5";
    const t0 = Date.now();
    const stops = Array.from({ length: 12 }, (_, i) =>
      fail(tencentCall({ action: "StopPublishCdnStream", params: { SdkAppId: 1400000001, TaskId: `none-${i}` }, idempotent: true })),
    );
    const updates = Array.from({ length: 12 }, (_, i) =>
      fail(
        tencentCall({
          action: "UpdatePublishCdnStream",
          params: { SdkAppId: 1400000001, TaskId: `none-${i}`, SequenceNumber: 1, WithTranscoding: 1 },
          idempotent: true,
        }),
      ),
    );
    const answers = [...(await Promise.all(stops)), ...(await Promise.all(updates))];
    const elapsed = Date.now() - t0;
    expect(answers.map((e) => e.vendorCode)).toEqual(Array(24).fill("ResourceNotFound"));
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    // One shared limiter could not be done before its fourth wait of 1050 ms; anything less proves two.
    expect(elapsed).toBeLessThan(4200);
  });
});
