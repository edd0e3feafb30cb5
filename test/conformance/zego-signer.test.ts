import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseZegoQuery, verifyZegoRequest, ZEGO_TEST_CREDENTIALS } from "../../provider/emulator/zego";
import { zegoRequest } from "../../provider/vendors/zego/client";
import { zegoCommonParams, zegoNonce, zegoQuery, zegoSignature, zegoTimestamp } from "../../provider/vendors/zego/signer";

/** The worked example in ZEGO's Go signing sample (https://doc-zh.zego.im/article/19458). */
const WORKED = { appId: "12345", nonce: "4fd24687296dd9f3", secret: "9193cc662a4c0ec135ec71fb57194b38", ts: 1615186943 };
const WORKED_SIGNATURE = "43e5cfcca828314675f91b001390566a";

const conn = { creds: ZEGO_TEST_CREDENTIALS, endpoint: new URL("https://rtc-api.zego.im"), isTest: false };

describe("ZEGO signature 2.0", () => {
  it("reproduces ZEGO's worked example", () => {
    expect(zegoSignature(WORKED.appId, WORKED.nonce, WORKED.secret, WORKED.ts)).toBe(WORKED_SIGNATURE);
    expect(zegoSignature(WORKED.appId, WORKED.nonce, WORKED.secret, String(WORKED.ts))).toBe(WORKED_SIGNATURE);
  });

  it("is md5 over the plain concatenation, lowercase hex", () => {
    const sig = zegoSignature("1", "ab", "s", 2);
    expect(sig).toBe(createHash("md5").update("1abs2").digest("hex"));
    expect(sig).toMatch(/^[0-9a-f]{32}$/);
  });

  it("puts the common parameters in the query, signed with the nonce and timestamp it sends", () => {
    const p = zegoCommonParams(
      { appId: WORKED.appId, serverSecret: WORKED.secret },
      { isTest: false, nonce: WORKED.nonce, timestamp: WORKED.ts },
    );
    expect(p).toEqual({
      AppId: "12345",
      SignatureNonce: WORKED.nonce,
      Timestamp: "1615186943",
      Signature: WORKED_SIGNATURE,
      SignatureVersion: "2.0",
      IsTest: "false",
    });
    expect(zegoCommonParams({ appId: "1", serverSecret: "x" }, { isTest: true }).IsTest).toBe("true");
  });

  it("makes 16-hex-character nonces that differ, and Unix-second timestamps", () => {
    const nonces = new Set(Array.from({ length: 200 }, zegoNonce));
    expect(nonces.size).toBe(200);
    for (const n of nonces) expect(n).toMatch(/^[0-9a-f]{16}$/);
    expect(zegoTimestamp(1615186943999)).toBe(1615186943);
  });

  it("encodes CDNUrl the way ZEGO's sample request shows it", () => {
    const q = zegoQuery(
      "CreatCDNTransferRule",
      {},
      { StreamId: "rtc01", CDNUrl: "rtmp://wsdemo.zego.im/livestream/rtc01", Sequence: "1617249600001" },
    );
    expect(q).toBe(
      "Action=CreatCDNTransferRule&StreamId=rtc01&CDNUrl=rtmp%3A%2F%2Fwsdemo.zego.im%2Flivestream%2Frtc01&Sequence=1617249600001",
    );
    // "+" must not arrive as a space, "&" and "=" must not split parameters.
    expect(zegoQuery("A", {}, { CDNUrl: "rtmp://h/a?k=1+2&x=%41" })).toBe("Action=A&CDNUrl=rtmp%3A%2F%2Fh%2Fa%3Fk%3D1%2B2%26x%3D%2541");
  });

  it("signs a request the emulator accepts, and the emulator refuses a wrong secret or an old timestamp", () => {
    const req = zegoRequest(conn, "DeleteCDNTransferRule", { StreamId: "s", CDNUrl: "rtmp://h/a", Sequence: "1" });
    expect(req.method).toBe("GET");
    expect(new URL(req.url).pathname).toBe("/");
    expect(verifyZegoRequest(parseZegoQuery(new URL(req.url)))).toEqual({ appId: ZEGO_TEST_CREDENTIALS.appId, isTest: false });

    const wrong = zegoRequest({ ...conn, creds: { ...conn.creds, serverSecret: "not-the-secret" } }, "DeleteCDNTransferRule", {
      StreamId: "s",
    });
    expect(() => verifyZegoRequest(parseZegoQuery(new URL(wrong.url)))).toThrow(expect.objectContaining({ code: 100000005 }));

    const old = zegoRequest(conn, "DeleteCDNTransferRule", { StreamId: "s" }, { timestamp: zegoTimestamp() - 11 * 60 });
    expect(() => verifyZegoRequest(parseZegoQuery(new URL(old.url)))).toThrow(expect.objectContaining({ code: 100000004 }));
    const recent = zegoRequest(conn, "DeleteCDNTransferRule", { StreamId: "s" }, { timestamp: zegoTimestamp() - 9 * 60 });
    expect(verifyZegoRequest(parseZegoQuery(new URL(recent.url))).appId).toBe(ZEGO_TEST_CREDENTIALS.appId);
  });

  it("reports each missing common parameter with the gateway's code", () => {
    const req = zegoRequest(conn, "DeleteCDNTransferRule", { StreamId: "s" });
    const full = parseZegoQuery(new URL(req.url));
    const codes: Record<string, number> = {
      Action: 100000006,
      AppId: 100000001,
      Timestamp: 100000002,
      SignatureNonce: 100000008,
      Signature: 100000009,
      SignatureVersion: 100000013,
    };
    for (const [param, code] of Object.entries(codes)) {
      const q = { ...full };
      delete q[param];
      expect(() => verifyZegoRequest(q), param).toThrow(expect.objectContaining({ code }));
    }
    expect(() => verifyZegoRequest({ ...full, SignatureVersion: "1.0" })).toThrow(expect.objectContaining({ code: 100000014 }));
  });
});

describe("query round trip (property)", () => {
  // Any text a user could give survives our encoding and the emulator's decoding, signature intact.
  const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 });
  const rtmpish = fc
    .tuple(fc.webUrl({ withQueryParameters: true, withFragments: true }), text)
    .map(([u, extra]) => `rtmp${u.slice(u.indexOf(":"))}${extra}`);

  it("keeps StreamId, CDNUrl and Sequence intact", () => {
    fc.assert(
      fc.property(text, fc.oneof(rtmpish, text), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (streamId, cdnUrl, seq) => {
        const req = zegoRequest(conn, "CreatCDNTransferRule", { StreamId: streamId, CDNUrl: cdnUrl, Sequence: String(seq) });
        const q = parseZegoQuery(new URL(req.url));
        expect(q.StreamId).toBe(streamId);
        expect(q.CDNUrl).toBe(cdnUrl);
        expect(q.Sequence).toBe(String(seq));
        expect(q.Action).toBe("CreatCDNTransferRule");
        expect(verifyZegoRequest(q).appId).toBe(ZEGO_TEST_CREDENTIALS.appId);
      }),
      { numRuns: 500 },
    );
  });
});
