import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { VOLCENGINE_TEST_CREDENTIALS } from "../../../provider/emulator/volcengine";
import { sha256Hex } from "../../../provider/util/values";
import { canonicalQuery, signingKey, signVolcengine, toXDate } from "../../../provider/vendors/volcengine/signer";
import { useEmulator } from "../fixtures/emulator";

describe("the emulator's webcast and public-stream actions", () => {
  const sandbox = useEmulator();

  /** A correctly signed call, straight to the emulator (no client-side limiter or retries). */
  async function call(action: string, params: Record<string, unknown>, method: "GET" | "POST" = "POST", version = "2023-11-01") {
    const endpoint = new URL(sandbox.emu.endpoints.volcengine!);
    const query: Record<string, string> = { Action: action, Version: version };
    let body = "";
    const headers: Record<string, string> = { Host: endpoint.host };
    if (method === "GET") for (const [k, v] of Object.entries(params)) query[k] = String(v);
    else {
      body = JSON.stringify(params);
      headers["Content-Type"] = "application/json";
    }
    const signed = signVolcengine(VOLCENGINE_TEST_CREDENTIALS, {
      method,
      path: "/",
      query,
      headers,
      body,
      region: "cn-north-1",
      service: "rtc",
      xDate: toXDate(new Date()),
    });
    const res = await fetch(`${endpoint.origin}/?${new URLSearchParams(query)}`, {
      method,
      headers: signed.headers,
      body: method === "POST" ? body : undefined,
    });
    return {
      status: res.status,
      json: (await res.json()) as {
        ResponseMetadata: { Action: string; Version: string; Error?: { Code: string; Message: string } };
        Result?: unknown;
      },
    };
  }
  const errorCode = (r: Awaited<ReturnType<typeof call>>) => r.json.ResponseMetadata.Error?.Code;
  const page = { AppId: "a", RoomId: "r", TaskId: "t1", UserId: "webcast_a", SourceURL: "https://example.com/page" };

  it("answers StartWebcast, a repeat, GetWebCastTask and StopWebcast in the vendor's envelopes", async () => {
    const start = await call("StartWebcast", page);
    expect(start.json).toMatchObject({ ResponseMetadata: { Action: "StartWebcast", Version: "2023-11-01", Service: "rtc" }, Result: "ok" });
    expect((await call("StartWebcast", page)).json.Result).toMatch(/already been started|has been started/);
    const got = await call("GetWebCastTask", { AppId: "a", RoomId: "r", TaskId: "t1" }, "GET");
    expect(got.json.Result).toMatchObject({ WebCastTask: { Status: 2, StopReason: "", UserId: "webcast_a", EndTime: 0 } });
    // The seed documents StopWebcast at 2020-12-01; the emulator accepts it there too.
    expect((await call("StopWebcast", { AppId: "a", RoomId: "r", TaskId: "t1" }, "POST", "2020-12-01")).json.Result).toBe("ok");
    expect(errorCode(await call("StopWebcast", { AppId: "a", RoomId: "r", TaskId: "t1" }))).toBe(
      "InvalidParameter.ErrorActiveTaskNotFound",
    );
    expect((await call("GetWebCastTask", { AppId: "a", RoomId: "r", TaskId: "t1" }, "GET")).json.Result).toMatchObject({
      WebCastTask: { Status: 3, StopReason: "StopByAPI" },
    });
  });
  it("refuses webcast parameters the vendor refuses", async () => {
    for (const bad of [
      { ...page, UserId: undefined },
      { ...page, SourceURL: `https://x/${"p".repeat(1024)}` },
      { ...page, MaxRunningTime: 9 },
      { ...page, VideoSolutions: [{}, {}, {}] },
      { ...page, VideoSolutions: [{ Height: 1082 }] },
      { ...page, MonitorConfig: { BlankCheckInterval: 1 } },
      { ...page, EventNotifyConfig: { StartTimeout: 61 } },
    ]) {
      const r = await call("StartWebcast", bad);
      expect(errorCode(r), JSON.stringify(bad)).toBe("InvalidParameter");
    }
    expect(sandbox.emu.state.list()).toHaveLength(0);
  });
  it("removes the earlier page when a second one joins the room as the same user", async () => {
    await call("StartWebcast", page);
    await call("StartWebcast", { ...page, TaskId: "t2" });
    expect(sandbox.emu.state.get("volcengine", "a/r/t1")).toMatchObject({ status: "ended", stopReason: "UnknownStopReason" });
    expect(sandbox.emu.state.running("volcengine", "a/r/t2")).toBeDefined();
  });
  it("ends a webcast at its MaxRunningTime, seen by the next call", async () => {
    await call("StartWebcast", { ...page, MaxRunningTime: 10 });
    sandbox.emu.state.get("volcengine", "a/r/t1")!.startedAt -= 10_001;
    const got = await call("GetWebCastTask", { AppId: "a", RoomId: "r", TaskId: "t1" }, "GET");
    expect(got.json.Result).toMatchObject({ WebCastTask: { Status: 3, StopReason: "ExceedMaxRunningTime" } });
  });
  it("limits GetWebCastTask to 60 calls a second and the other actions to 150", async () => {
    await call("StartWebcast", page);
    const gets = await Promise.all(
      Array.from({ length: 61 }, () => call("GetWebCastTask", { AppId: "a", RoomId: "r", TaskId: "t1" }, "GET")),
    );
    const throttled = gets.filter((r) => errorCode(r) === "FlowLimitExceeded.QPSOverLimit");
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled[0]!.status).toBe(429);
    // The write budget is separate: a stop still goes through.
    expect((await call("StopWebcast", { AppId: "a", RoomId: "r", TaskId: "t1" })).json.Result).toBe("ok");
  });
  it("refuses a signature over header names listed in capitals, which the signing rules lower-case", async () => {
    // Signed as a client that forgets to lower-case "Host" would sign it, value included.
    const endpoint = new URL(sandbox.emu.endpoints.volcengine!);
    const query = { Action: "StartWebcast", Version: "2023-11-01" };
    const body = JSON.stringify(page);
    const xDate = toXDate(new Date());
    const canonical = ["POST", "/", canonicalQuery(query), `Host:${endpoint.host}\nx-date:${xDate}\n`, "Host;x-date", sha256Hex(body)].join(
      "\n",
    );
    const scope = `${xDate.slice(0, 8)}/cn-north-1/rtc/request`;
    const key = signingKey(VOLCENGINE_TEST_CREDENTIALS.secretAccessKey, xDate.slice(0, 8), "cn-north-1", "rtc");
    const signature = createHmac("sha256", key)
      .update(["HMAC-SHA256", xDate, scope, sha256Hex(canonical)].join("\n"))
      .digest("hex");
    const res = await fetch(`${endpoint.origin}/?${new URLSearchParams(query)}`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Date": xDate,
        Authorization: `HMAC-SHA256 Credential=${VOLCENGINE_TEST_CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=Host;x-date, Signature=${signature}`,
      },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { ResponseMetadata: { Error?: { Code: string } } }).ResponseMetadata.Error?.Code).toBe(
      "SignatureDoesNotMatch",
    );
    expect(sandbox.emu.state.list()).toHaveLength(0);
  });
  it("answers an action named like an Object.prototype member as unknown, not with an internal error", async () => {
    for (const action of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const r = await call(action, {});
      expect(r.status, action).toBe(404);
      expect(errorCode(r), action).toBe("InvalidActionOrVersion");
    }
  });

  const stream = {
    AppId: "a",
    PublicStreamId: "ps1",
    TargetStreams: [{ RoomId: "r", UserId: "u" }],
    Control: { MaxIdleTime: 100 },
    Encode: { VideoConfig: { VideoCodec: 0, Width: 640 } },
  };
  it("starts, refuses a repeat, updates and stops a public stream", async () => {
    expect((await call("StartPushPublicStream", stream)).json.Result).toBe("ok");
    expect(errorCode(await call("StartPushPublicStream", stream))).toBe("InvalidParameter.TaskAlreadyExists");
    // The update replaces the whole state but keeps what only a start can set.
    const upd = await call("UpdatePublicStreamParam", {
      AppId: "a",
      PublicStreamId: "ps1",
      TargetStreams: [{ RoomId: "r" }],
      Control: { MaxIdleTime: 999 },
      Encode: { VideoConfig: { VideoCodec: 5 } },
    });
    expect(upd.json.Result).toBe("ok");
    expect(sandbox.emu.state.running("volcengine", "a/ps1")!.params).toMatchObject({
      TargetStreams: [{ RoomId: "r" }],
      Control: { MaxIdleTime: 100 },
      Encode: { VideoConfig: { VideoCodec: 0 } },
    });
    expect(sandbox.emu.state.running("volcengine", "a/ps1")!.params.Encode).toEqual({ VideoConfig: { VideoCodec: 0 } }); // Width reset
    expect((await call("StopPushPublicStream", { AppId: "a", PublicStreamId: "ps1" }, "POST", "2020-12-01")).json.Result).toBe("ok");
    expect(errorCode(await call("StopPushPublicStream", { AppId: "a", PublicStreamId: "ps1" }))).toBe(
      "InvalidParameter.ErrorActiveTaskNotFound",
    );
    expect(errorCode(await call("UpdatePublicStreamParam", stream))).toBe("InvalidParameter.ErrorActiveTaskNotFound");
  });
  it("refuses public-stream parameters the vendor refuses", async () => {
    for (const bad of [
      { ...stream, TargetStreams: [] },
      { ...stream, TargetStreams: Array.from({ length: 18 }, (_, i) => ({ RoomId: `r${i}` })) },
      { ...stream, ExcludeStreams: [{ RoomId: "r", UserId: "u" }] },
      { ...stream, TranscodeMode: 1, TargetStreams: [{ RoomId: "r" }] },
      { ...stream, Layout: { LayoutMode: 2, CustomLayout: { Regions: [] } } },
      { ...stream, Encode: { VideoConfig: { Width: 641 } } },
      { ...stream, Control: { DataMsg: "x".repeat(4097) } },
    ]) {
      expect(errorCode(await call("StartPushPublicStream", bad)), JSON.stringify(bad).slice(0, 120)).toBe("InvalidParameter");
    }
    expect(sandbox.emu.state.list()).toHaveLength(0);
  });
  it("ends a public stream through the admin API", async () => {
    await call("StartPushPublicStream", stream);
    const res = await fetch(`${sandbox.emu.baseUrl}/_emulator/tasks/end`, {
      method: "POST",
      body: JSON.stringify({ vendor: "volcengine", key: "a/ps1" }),
    });
    expect(await res.json()).toEqual({ ended: ["volcengine:a/ps1"] });
    expect(sandbox.emu.state.get("volcengine", "a/ps1")!.stopReason).toBe("IdleTimeOut");
  });
});
