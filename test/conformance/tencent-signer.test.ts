import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import * as fc from "fast-check";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { TENCENT_TEST_CREDENTIALS } from "../../provider/emulator/tencent";
import { sha256Hex, signTc3, tc3Date } from "../../provider/vendors/tencent/signer";

// The official SDK is the oracle: a test-only dependency.
const Sign = require("tencentcloud-sdk-nodejs/tencentcloud/common/sign").default as {
  sign3(o: {
    method: string;
    url: string;
    payload: Buffer;
    timestamp: number;
    service: string;
    secretId: string;
    secretKey: string;
    headers: Record<string, string>;
  }): string;
};
const tencentcloud = require("tencentcloud-sdk-nodejs") as {
  trtc: { v20190722: { Client: new (config: object) => Record<string, (req: object) => Promise<Record<string, unknown>>> } };
};

const DOC = { secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE" };

describe("Tencent TC3 signer: the reference's worked vectors", () => {
  it("vector 1, the official documentation example (cvm)", () => {
    const body = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const s = signTc3(DOC, {
      method: "POST",
      host: "cvm.tencentcloudapi.com",
      contentType: "application/json; charset=utf-8",
      body,
      timestamp: 1551113065,
      service: "cvm",
    });
    expect(sha256Hex(body)).toBe("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    expect(sha256Hex(s.canonicalRequest)).toBe("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    expect(s.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });

  const stopBody = '{"SdkAppId":1400000001,"TaskId":"task-abc"}';

  it("vector 2, TRTC StopPublishCdnStream as the SDK client sent it", () => {
    const s = signTc3(DOC, {
      method: "POST",
      host: "trtc.tencentcloudapi.com",
      contentType: "application/json",
      body: stopBody,
      timestamp: 1700000000,
      service: "trtc",
    });
    expect(sha256Hex(stopBody)).toBe("88435a463b14e873370db702aeafa09623ea24eb81f50b0636fb715d331c1d45");
    expect(sha256Hex(s.canonicalRequest)).toBe("4f15632e885d7750e5b4bc68d2cf6c4562ad347dc0b666ac2d4ae4a35e3e3d79");
    expect(s.stringToSign).toBe(
      "TC3-HMAC-SHA256\n1700000000\n2023-11-14/trtc/tc3_request\n4f15632e885d7750e5b4bc68d2cf6c4562ad347dc0b666ac2d4ae4a35e3e3d79",
    );
    expect(s.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/trtc/tc3_request, SignedHeaders=content-type;host, Signature=2ced84261c45d62f33b8859609d31314ae725b6301415bf97d21e1d08ec563f7",
    );
  });

  it("vector 2 on the international host (service still trtc)", () => {
    const s = signTc3(DOC, {
      method: "POST",
      host: "trtc.intl.tencentcloudapi.com",
      contentType: "application/json",
      body: stopBody,
      timestamp: 1700000000,
      service: "trtc",
    });
    expect(s.signature).toBe("742567bca84a5bad8c936ce65cc79b7403fae67b8f664c89e3c65d6dbe397bfc");
  });

  it("dates the scope in UTC: 07:59 in Beijing is still the day before", () => {
    const ts = Date.UTC(2024, 0, 1, 23, 59, 0) / 1000; // 2024-01-02 07:59 UTC+8
    expect(tc3Date(ts)).toBe("2024-01-01");
    expect(
      signTc3(DOC, {
        method: "POST",
        host: "trtc.tencentcloudapi.com",
        contentType: "application/json",
        body: "{}",
        timestamp: ts,
        service: "trtc",
      }).credentialScope,
    ).toBe("2024-01-01/trtc/tc3_request");
  });
});

describe("Tencent TC3 signer against the official tencentcloud-sdk-nodejs Sign.sign3", () => {
  const actions = ["StartPublishCdnStream", "UpdatePublishCdnStream", "StopPublishCdnStream", "DescribeRoomInfo", "DismissRoom"];
  const generated = fc.record({
    action: fc.oneof(fc.constantFrom(...actions), fc.stringMatching(/^[A-Z][A-Za-z]{2,30}$/)),
    body: fc.jsonValue({ maxDepth: 3, stringUnit: "binary" }),
    params: fc.dictionary(
      fc.stringMatching(/^[A-Z][A-Za-z]{0,15}$/),
      fc.oneof(fc.integer(), fc.string({ unit: "binary", maxLength: 40 })),
      { maxKeys: 6 },
    ),
    useParams: fc.boolean(),
    // Seconds from 2000 to 2099, so that every hour of the UTC day, and the UTC+8 midnight gap, come up.
    timestamp: fc.integer({ min: 946_684_800, max: 4_102_444_799 }),
    region: fc.constantFrom("ap-beijing", "ap-guangzhou", "ap-hongkong", "ap-shanghai", "ap-singapore"),
    host: fc.constantFrom("trtc.tencentcloudapi.com", "trtc.intl.tencentcloudapi.com"),
    contentType: fc.constantFrom("application/json", "application/json; charset=utf-8"),
    secretId: fc.stringMatching(/^AKID[A-Za-z0-9]{10,36}$/),
    secretKey: fc.stringMatching(/^[A-Za-z0-9+/=]{16,40}$/),
  });

  it("produces the same Authorization header for 300 generated requests on both hosts", () => {
    const hosts = new Set<string>();
    fc.assert(
      fc.property(generated, (r) => {
        hosts.add(r.host);
        // The action and region travel in unsigned X-TC-* headers; only the body, host and content type are signed.
        const body = JSON.stringify(r.useParams ? { ...r.params, Action: r.action, Region: r.region } : r.body) ?? "null";
        const official = Sign.sign3({
          method: "POST",
          url: `https://${r.host}/`,
          payload: Buffer.from(body, "utf8"),
          timestamp: r.timestamp,
          service: "trtc",
          secretId: r.secretId,
          secretKey: r.secretKey,
          headers: { "Content-Type": r.contentType },
        });
        const ours = signTc3(r, {
          method: "POST",
          host: r.host,
          contentType: r.contentType,
          body,
          timestamp: r.timestamp,
          service: "trtc",
        });
        expect(ours.authorization).toBe(official);
      }),
      { numRuns: 300 },
    );
    expect(hosts.size).toBe(2);
  });
});

/** An http.Agent that connects to a local port whatever host the URL names, so the SDK signs exactly as for Tencent. */
class LoopbackAgent extends http.Agent {
  constructor(private readonly port: number) {
    super({ keepAlive: false });
  }
  override createConnection(): net.Socket {
    return net.connect(this.port, "127.0.0.1");
  }
}

/**
 * The official client pointed at the emulator as README's emulator section says: endpoint
 * "127.0.0.1:<port>" over http. It then signs for service "127" (its endpoint's first label) and signs
 * the host without its port (sign.js, abstract_client.js), which the emulator accepts as the gateway
 * would for its own host.
 */
function sdkClient(port: number, secretKey = TENCENT_TEST_CREDENTIALS.secretKey) {
  return new tencentcloud.trtc.v20190722.Client({
    credential: { secretId: TENCENT_TEST_CREDENTIALS.secretId, secretKey },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: `127.0.0.1:${port}`, protocol: "http://", reqTimeout: 10 } },
  });
}

/** The same client keeping its real endpoint, with an agent that carries its connections to a local port. */
function sdkClientAsForTencent(port: number) {
  return new tencentcloud.trtc.v20190722.Client({
    credential: TENCENT_TEST_CREDENTIALS,
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: "trtc.tencentcloudapi.com", protocol: "http://", agent: new LoopbackAgent(port), reqTimeout: 10 } },
  });
}

const startReq = (roomId: string) => ({
  SdkAppId: 1400000001,
  RoomId: roomId,
  RoomIdType: 1,
  WithTranscoding: 1,
  AgentParams: { UserId: `robot-${roomId}`, MaxIdleTime: 30 },
  AudioParams: { AudioEncode: { SampleRate: 48000, Channel: 2, BitRate: 64 } },
  PublishCdnParams: [{ PublishCdnUrl: `rtmp://push.example.com/live/${roomId}?txSecret=abc`, IsTencentCdn: 1 }],
});

describe("the emulator checks TC3 signatures as the gateway does", () => {
  let emu: RunningEmulator;
  let port: number;
  beforeAll(async () => {
    emu = await startEmulator();
    port = Number(new URL(emu.endpoints.tencent!).port);
  });
  afterAll(async () => emu.close());

  const tasks = async () =>
    (
      (await (await fetch(`${emu.baseUrl}/_emulator/tasks`)).json()) as {
        tasks: { vendor: string; key: string; params: Record<string, unknown> }[];
      }
    ).tasks.filter((t) => t.vendor === "tencent");

  it("accepts the official client signing for its real host too (service trtc, host without a port)", async () => {
    const client = sdkClientAsForTencent(port);
    const started = await client.StartPublishCdnStream!(startReq("real-host-room"));
    await client.StopPublishCdnStream!({ SdkAppId: 1400000001, TaskId: started.TaskId });
  });

  it("refuses a scope naming another service than trtc or the host's first label", async () => {
    const body = '{"SdkAppId":1400000001,"TaskId":"x"}';
    const host = new URL(emu.endpoints.tencent!).host;
    const timestamp = Math.floor(Date.now() / 1000);
    const { authorization } = signTc3(TENCENT_TEST_CREDENTIALS, {
      method: "POST",
      host,
      contentType: "application/json",
      body,
      timestamp,
      service: "cvm",
    });
    const res = await request(`${emu.endpoints.tencent}/`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-TC-Action": "StopPublishCdnStream",
        "X-TC-Version": "2019-07-22",
        "X-TC-Region": "ap-guangzhou",
        "X-TC-Timestamp": String(timestamp),
        Authorization: authorization,
      },
    });
    expect(((await res.body.json()) as { Response: { Error?: { Code: string } } }).Response.Error?.Code).toBe(
      "AuthFailure.SignatureFailure",
    );
  });

  it("accepts a start, an update and a stop made by the official SDK's TRTC client pointed at it", async () => {
    const client = sdkClient(port);
    const started = await client.StartPublishCdnStream!(startReq("sdk-room"));
    expect(started.TaskId).toEqual(expect.any(String));
    const running = await tasks();
    expect(running.map((t) => t.key)).toContain(`1400000001/${String(started.TaskId)}`);
    expect(running.find((t) => t.key.endsWith(String(started.TaskId)))!.params.RoomId).toBe("sdk-room");

    await client.UpdatePublishCdnStream!({ SdkAppId: 1400000001, TaskId: started.TaskId, SequenceNumber: 1, WithTranscoding: 1 });
    await client.StopPublishCdnStream!({ SdkAppId: 1400000001, TaskId: started.TaskId });
    expect((await tasks()).map((t) => t.key)).not.toContain(`1400000001/${String(started.TaskId)}`);
    // The SDK turns the envelope's error into an exception carrying the vendor's code.
    await expect(client.StopPublishCdnStream!({ SdkAppId: 1400000001, TaskId: started.TaskId })).rejects.toMatchObject({
      code: "ResourceNotFound",
    });
  });

  it("refuses the SDK's request signed with a wrong key", async () => {
    await expect(sdkClient(port, "not-the-key").StopPublishCdnStream!({ SdkAppId: 1400000001, TaskId: "x" })).rejects.toMatchObject({
      code: "AuthFailure.SignatureFailure",
    });
  });

  it("refuses an SDK-signed request whose body was changed after signing, and accepts it unchanged", async () => {
    // Capture what the SDK sends, exactly, then replay it to the emulator.
    let captured: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    const capture = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        captured = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"Response":{"TaskId":"captured","RequestId":"r"}}');
      });
    });
    await new Promise<void>((r) => capture.listen(0, "127.0.0.1", () => r()));
    const capturePort = (capture.address() as AddressInfo).port;
    try {
      await sdkClient(capturePort).StartPublishCdnStream!(startReq("tamper-room"));
    } finally {
      capture.close();
    }
    // Signed for service "127" and host "127.0.0.1"; sent with the port in its Host header.
    expect(captured!.headers.host).toBe(`127.0.0.1:${capturePort}`);
    expect(captured!.headers.authorization).toMatch(/\/127\/tc3_request, SignedHeaders=content-type;host,/);
    const headers = Object.fromEntries(
      Object.entries(captured!.headers).filter(([k]) => !["content-length", "connection"].includes(k)),
    ) as Record<string, string>;
    const send = (body: string) =>
      request(`${emu.endpoints.tencent}/`, { method: "POST", headers, body }).then(
        (r) => r.body.json() as Promise<{ Response: { Error?: { Code: string }; TaskId?: string } }>,
      );

    const tampered = captured!.body.replace("tamper-room", "other-room");
    expect(tampered).not.toBe(captured!.body);
    expect((await send(tampered)).Response.Error?.Code).toBe("AuthFailure.SignatureFailure");
    expect((await tasks()).some((t) => t.params.RoomId === "other-room")).toBe(false);

    const genuine = await send(captured!.body);
    expect(genuine.Response.Error).toBeUndefined();
    expect((await tasks()).some((t) => t.key.endsWith(genuine.Response.TaskId!) && t.params.RoomId === "tamper-room")).toBe(true);
  });

  it("refuses a timestamp more than 5 minutes off, and an unknown SecretId", async () => {
    const body = '{"SdkAppId":1400000001,"TaskId":"x"}';
    const host = new URL(emu.endpoints.tencent!).host;
    const at = async (timestamp: number, secretId = TENCENT_TEST_CREDENTIALS.secretId) => {
      const { authorization } = signTc3(
        { secretId, secretKey: TENCENT_TEST_CREDENTIALS.secretKey },
        { method: "POST", host, contentType: "application/json", body, timestamp, service: "trtc" },
      );
      const res = await request(`${emu.endpoints.tencent}/`, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "X-TC-Action": "StopPublishCdnStream",
          "X-TC-Version": "2019-07-22",
          "X-TC-Region": "ap-guangzhou",
          "X-TC-Timestamp": String(timestamp),
          Authorization: authorization,
        },
      });
      return ((await res.body.json()) as { Response: { Error?: { Code: string } } }).Response.Error?.Code;
    };
    const now = Math.floor(Date.now() / 1000);
    expect(await at(now)).toBe("ResourceNotFound"); // signed right: it reaches the action
    // 30 s of margin: a loaded machine may take seconds between computing `now` and the request.
    expect(await at(now - 330)).toBe("AuthFailure.SignatureExpire");
    expect(await at(now + 330)).toBe("AuthFailure.SignatureExpire");
    expect(await at(now, "AKIDNOSUCHKEY000000")).toBe("AuthFailure.SecretIdNotFound");
  });
});
