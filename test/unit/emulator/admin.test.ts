import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../provider/emulator";

/** The admin API as the README's emulator section lists it: every route, its body and its answer. */
describe("the emulator's admin API", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => emu.close());
  beforeEach(() => emu.state.reset());

  async function admin(method: string, route: string, body?: unknown, base = emu.baseUrl): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${base}${route}`, {
      method,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  it("lists each vendor's endpoint and test credentials, and the environment that points a stack at them", async () => {
    const endpoints = await admin("GET", "/_emulator/endpoints");
    expect(endpoints.status).toBe(200);
    expect(Object.keys(endpoints.json as object).sort()).toEqual(["tencent", "volcengine", "zego"]);
    for (const [vendor, url] of Object.entries(emu.endpoints))
      expect((endpoints.json as Record<string, unknown>)[vendor]).toMatchObject({ endpoint: url });
    expect(await admin("GET", "/_emulator/env")).toEqual({ status: 200, json: emu.env() });
  });

  it("shows running tasks, or all of them with ?all=1, and ends them as if idle", async () => {
    emu.state.start("volcengine", "PushMixedStreamToCDN", "a/r/t1", { AppId: "a" });
    emu.state.start("tencent", "PublishCdnStream", "1/x", {});
    emu.state.start("zego", "CDNTransferRule", "s/rtmp://h/a", {});
    expect(((await admin("GET", "/_emulator/tasks")).json as { tasks: unknown[] }).tasks).toHaveLength(3);

    expect(await admin("POST", "/_emulator/tasks/end", { vendor: "volcengine", key: "a/r/t1" })).toEqual({
      status: 200,
      json: { ended: ["volcengine:a/r/t1"] },
    });
    expect(emu.state.get("volcengine", "a/r/t1")).toMatchObject({ status: "ended", stopReason: "IdleTimeOut" });
    expect(await admin("POST", "/_emulator/tasks/end", { vendor: "tencent", reason: "Because" })).toEqual({
      status: 200,
      json: { ended: ["tencent:1/x"] },
    });
    expect(emu.state.get("tencent", "1/x")!.stopReason).toBe("Because");
    expect(await admin("POST", "/_emulator/tasks/end", { all: true })).toEqual({ status: 200, json: { ended: ["zego:s/rtmp://h/a"] } });
    expect(emu.state.get("zego", "s/rtmp://h/a")!.stopReason).toBe("StreamEnded");

    expect(await admin("GET", "/_emulator/tasks")).toEqual({ status: 200, json: { tasks: [] } });
    const all = (await admin("GET", "/_emulator/tasks?all=1")).json as { tasks: { vendor: string; key: string; status: string }[] };
    expect(all.tasks.map((t) => `${t.vendor}:${t.key}:${t.status}`)).toEqual([
      "volcengine:a/r/t1:ended",
      "tencent:1/x:ended",
      "zego:s/rtmp://h/a:ended",
    ]);
  });

  it("counts requests, faults and starts per task in its stats", async () => {
    emu.state.start("volcengine", "Webcast", "a/r/w", {});
    emu.state.start("volcengine", "Webcast", "a/r/w", {});
    expect(await admin("GET", "/_emulator/stats")).toEqual({
      status: 200,
      json: {
        requests: 0,
        rejectedSignatures: 0,
        qpsViolations: 0,
        faultsInjected: 0,
        doubleStarts: 1,
        running: 1,
        startsByKey: { "volcengine:a/r/w": 2 },
      },
    });
  });

  it("sets faults from one rule or a list, clears them, and resets everything", async () => {
    const rule = { vendor: "zego", type: "throttle", count: 1 };
    expect(await admin("POST", "/_emulator/faults", rule)).toEqual({ status: 200, json: { faults: [rule] } });
    expect(emu.state.faults).toEqual([rule]);
    const rules = [
      { type: "http500", rate: 0.5 },
      { vendor: "tencent", action: "StopPublishCdnStream", type: "slow", delayMs: 10 },
    ];
    expect(await admin("POST", "/_emulator/faults", { rules })).toEqual({ status: 200, json: { faults: rules } });
    expect(await admin("DELETE", "/_emulator/faults")).toEqual({ status: 200, json: { faults: [] } });
    expect(emu.state.faults).toEqual([]);

    emu.state.start("zego", "CDNTransferRule", "s/u", {});
    await admin("POST", "/_emulator/faults", rule);
    expect(await admin("POST", "/_emulator/reset")).toEqual({ status: 200, json: { ok: true } });
    expect(emu.state.list(true)).toEqual([]);
    expect(emu.state.faults).toEqual([]);
  });

  it("reads a route with a trailing slash as without, and answers on every vendor listener too", async () => {
    expect(await admin("GET", "/_emulator/tasks/")).toEqual({ status: 200, json: { tasks: [] } });
    for (const url of Object.values(emu.endpoints))
      expect(await admin("GET", "/_emulator/tasks", undefined, url)).toEqual({ status: 200, json: { tasks: [] } });
  });

  it("answers 404 naming an unknown route or method, and the admin port's own 404 outside /_emulator/", async () => {
    expect(await admin("GET", "/_emulator/nothing")).toEqual({ status: 404, json: { error: "no admin route GET /_emulator/nothing" } });
    expect(await admin("DELETE", "/_emulator/tasks")).toEqual({ status: 404, json: { error: "no admin route DELETE /_emulator/tasks" } });
    expect(await admin("PUT", "/_emulator/reset")).toEqual({ status: 404, json: { error: "no admin route PUT /_emulator/reset" } });
    expect(await admin("GET", "/")).toEqual({
      status: 404,
      json: { error: "this is the emulator's admin port; vendor endpoints are listed at /_emulator/endpoints" },
    });
  });

  it("answers 500 to a body that is not JSON", async () => {
    const r = await admin("POST", "/_emulator/faults", "{not json");
    expect(r.status).toBe(500);
    expect((r.json as { error: string }).error).toMatch(/^SyntaxError/);
    expect(emu.state.faults).toEqual([]);
  });
});
