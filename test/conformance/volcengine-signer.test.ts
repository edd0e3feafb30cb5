import { createHash } from "node:crypto";
import * as fc from "fast-check";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { VOLCENGINE_TEST_CREDENTIALS } from "../../provider/emulator/volcengine";
import { signingKey, signVolcengine, toXDate } from "../../provider/vendors/volcengine/signer";
// The official SDK is the oracle: a test-only dependency.
const { Signer } = require("@volcengine/openapi") as {
  Signer: new (
    req: object,
    service: string,
  ) => { addAuthorization(c: object, d: Date): void; request: { headers: Record<string, string> } };
};
const { Service } = require("@volcengine/openapi") as {
  Service: new (o: object) => {
    createAPI(a: string, o: object): (p: object) => Promise<{ ResponseMetadata: { Error?: { Code: string } } }>;
  };
};

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("Volcengine signer: the reference's worked vectors", () => {
  it("V0, the official documentation example", () => {
    const creds = {
      accessKeyId: "AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg",
      secretAccessKey: "WkRZeE1EQmxPVGhsWWpWak5HVmtNbUUxTXpZeU9UVXlOMlE1TmpZeVlqTQ==",
    };
    const s = signVolcengine(creds, {
      method: "GET",
      path: "/",
      query: { Action: "ListUsers", Version: "2018-01-01", Limit: "10", Offset: "0" },
      headers: { Host: "iam.volcengineapi.com" },
      body: "",
      region: "cn-beijing",
      service: "iam",
      xDate: "20240619T071306Z",
    });
    expect(sha256(s.canonicalRequest)).toBe("5ed5bca3905e1fcbf789abb56a17c2d819674a3bcfa468ae476bd1ea80d135cb");
    expect(signingKey(creds.secretAccessKey, "20240619", "cn-beijing", "iam").toString("hex")).toBe(
      "abee62e533a58934c49954459a3c3237d2fccea517c9a7c8a2651d8ea7779826",
    );
    expect(s.headers.Authorization).toBe(
      "HMAC-SHA256 Credential=AKLTYWViMTVmZGYzM2E0NDI5Mzk2MDZjNjFmMjc2MjRjMzg/20240619/cn-beijing/iam/request, SignedHeaders=host;x-date, Signature=e31c4558bcfe08a286001f59cedbf0791ffd0b2362f10e55ee2627467bcdde93",
    );
  });

  const rtc = { accessKeyId: "AKLTEXAMPLEACCESSKEYID", secretAccessKey: "EXAMPLESECRETACCESSKEY==" };
  const base = { method: "POST", path: "/", region: "cn-north-1", service: "rtc", xDate: "20240102T030405Z" };
  const r1Body = '{"AppId":"app123","RoomId":"room1","TaskId":"task-1","PushURL":"rtmp://push.example.com/live/s1"}';

  it("R1, as the Node SDK signs it", () => {
    const s = signVolcengine(rtc, {
      ...base,
      query: { Action: "StartPushMixedStreamToCDN", Version: "2023-11-01" },
      headers: {},
      body: r1Body,
    });
    expect(s.headers["X-Content-Sha256"]).toBe("aa31240359c9532ac15fdcbd542c6affb5e19cc64f3d46379a793e0e02131469");
    expect(sha256(s.canonicalRequest)).toBe("eb7f6a3e5d581a4c2bce09ee47d592f30f15948273318cf0e91bafe2df6ba907");
    expect(s.headers.Authorization).toBe(
      "HMAC-SHA256 Credential=AKLTEXAMPLEACCESSKEYID/20240102/cn-north-1/rtc/request, SignedHeaders=x-content-sha256;x-date, Signature=ec8577c184d5ae8e8efea41af4c113c79e7fd2f0ca18d656a52a3cd2d2d3762b",
    );
  });

  it("R1, as the Go SDK and this provider sign it (content-type and host included)", () => {
    const s = signVolcengine(rtc, {
      ...base,
      query: { Action: "StartPushMixedStreamToCDN", Version: "2023-11-01" },
      headers: { "Content-Type": "application/json", Host: "rtc.volcengineapi.com" },
      body: r1Body,
    });
    expect(s.headers.Authorization).toContain(
      "SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=e8b106f720f59812ac4fb16b9a0b665892ac43ac23c09a97d40f2e6cb7196fa8",
    );
  });

  it("R2, with an STS session token", () => {
    const s = signVolcengine(
      { ...rtc, sessionToken: "STSTOKENEXAMPLE" },
      {
        ...base,
        query: { Action: "StopPushStreamToCDN", Version: "2023-11-01" },
        headers: {},
        body: '{"AppId":"app123","RoomId":"room1","TaskId":"task-1"}',
      },
    );
    expect(s.headers["X-Content-Sha256"]).toBe("5fdb8697f8dcedeab9d217adf80a4da527fc804f1202ec877370f0acad4212b4");
    expect(s.headers.Authorization).toContain(
      "SignedHeaders=x-content-sha256;x-date;x-security-token, Signature=1cefba2e8f8c0902278f2e0a7fb398571a40777e66c48d9755b0674b86fbeba5",
    );
  });

  it("R3, a GET whose query needs percent-encoding", () => {
    const s = signVolcengine(rtc, {
      ...base,
      method: "GET",
      query: { Action: "GetWebCastTask", AppId: "app123", RoomId: "room1", TaskId: "web@1", Version: "2023-11-01" },
      headers: {},
      body: "",
    });
    expect(s.canonicalRequest).toBe(
      "GET\n/\nAction=GetWebCastTask&AppId=app123&RoomId=room1&TaskId=web%401&Version=2023-11-01\nx-date:20240102T030405Z\n\nx-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(s.headers.Authorization).toContain(
      "SignedHeaders=x-date, Signature=7449cd9fc94b419a6f274269d92c3b2d43beb03c6d11ed3a53e42f4d6a41c165",
    );
  });
});

describe("Volcengine signer against the official @volcengine/openapi signer", () => {
  const text = fc.string({ unit: "binary", maxLength: 24 });
  const request = fc.record({
    method: fc.constantFrom("GET", "POST"),
    action: fc.stringMatching(/^[A-Z][A-Za-z]{2,30}$/),
    query: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.~-]{0,12}$/), text, { maxKeys: 5 }),
    body: fc.jsonValue({ maxDepth: 3 }),
    when: fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
    token: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{8,40}$/), { nil: undefined }),
    ak: fc.stringMatching(/^AKLT[A-Za-z0-9]{10,40}$/),
    sk: fc.stringMatching(/^[A-Za-z0-9+/=]{16,60}$/),
    region: fc.constantFrom("cn-north-1", "ap-singapore-1", "cn-beijing"),
  });

  it("produces the same Authorization header for 300 generated requests", () => {
    fc.assert(
      fc.property(request, (r) => {
        const query = { ...r.query, Action: r.action, Version: "2023-11-01" };
        const body = r.method === "POST" ? JSON.stringify(r.body) : "";
        const official = new Signer(
          { region: r.region, method: r.method, params: { ...query }, headers: {}, body: body || undefined },
          "rtc",
        );
        official.addAuthorization({ accessKeyId: r.ak, secretKey: r.sk, sessionToken: r.token }, r.when);
        const ours = signVolcengine(
          { accessKeyId: r.ak, secretAccessKey: r.sk, sessionToken: r.token },
          {
            method: r.method,
            path: "/",
            query,
            headers: {},
            body,
            region: r.region,
            service: "rtc",
            xDate: toXDate(r.when),
          },
        );
        expect(ours.headers.Authorization).toBe(official.request.headers.Authorization);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the emulator checks Volcengine signatures as the gateway does", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => emu.close());

  const body = { AppId: "app1", RoomId: "room1", TaskId: "sdk-task", PushURL: "rtmp://push.example.com/live/sdk" };

  it("accepts a request made by the official SDK client", async () => {
    const url = new URL(emu.endpoints.volcengine!);
    const svc = new Service({
      host: url.host,
      protocol: "http:",
      region: "cn-north-1",
      serviceName: "rtc",
      ...{ accessKeyId: VOLCENGINE_TEST_CREDENTIALS.accessKeyId, secretKey: VOLCENGINE_TEST_CREDENTIALS.secretAccessKey },
    });
    const res = await svc.createAPI("StartPushMixedStreamToCDN", { method: "POST", contentType: "json", Version: "2023-11-01" })(body);
    expect(res.ResponseMetadata.Error).toBeUndefined();
    expect(emu.state.running("volcengine", "app1/room1/sdk-task")).toBeDefined();
  });

  it("refuses a signed request whose body was changed after signing", async () => {
    const signedBody = JSON.stringify(body);
    const official = new Signer(
      {
        region: "cn-north-1",
        method: "POST",
        params: { Action: "StopPushStreamToCDN", Version: "2023-11-01" },
        headers: { "Content-Type": "application/json" },
        body: signedBody,
      },
      "rtc",
    );
    official.addAuthorization(
      { accessKeyId: VOLCENGINE_TEST_CREDENTIALS.accessKeyId, secretKey: VOLCENGINE_TEST_CREDENTIALS.secretAccessKey },
      new Date(),
    );
    const tampered = signedBody.replace("sdk-task", "other-task");
    const headers = { ...official.request.headers, "X-Content-Sha256": sha256(tampered) };
    const res = await request(`${emu.endpoints.volcengine}/?Action=StopPushStreamToCDN&Version=2023-11-01`, {
      method: "POST",
      headers,
      body: tampered,
    });
    const json = (await res.body.json()) as { ResponseMetadata: { Error: { Code: string } } };
    expect(res.statusCode).toBe(401);
    expect(json.ResponseMetadata.Error.Code).toBe("SignatureDoesNotMatch");
    expect(emu.state.running("volcengine", "app1/room1/sdk-task")).toBeDefined();
  });
});
