import { describe, expect, it } from "vitest";
import { useEmulator } from "../fixtures/emulator";
import { ZEGO_TEST_CREDENTIALS } from "../../../provider/emulator/zego";
import { isRtcError } from "../../../provider/http/errors";
import { UNKNOWN } from "../../../provider/lifecycle/changes";
import { checkTask } from "../../../provider/lifecycle/check";
import * as runtime from "../../../provider/lifecycle/runtime";
import { kinds } from "../../../provider/tasks/registry";
import { relayTarget, ruleId } from "../../../provider/tasks/zego/cdnTransferRule";

const KIND = "ZegoCdnTransferRule";
const APP = ZEGO_TEST_CREDENTIALS.appId;
const sandbox = useEmulator({ ZEGO_IS_TEST: undefined });

const inputs = (streamId: string, cdnUrl: string, name = "rule") => ({ __kind: KIND, __logicalName: name, streamId, cdnUrl });

interface Task {
  vendor: string;
  key: string;
  status: string;
  params: Record<string, unknown>;
}
const running = async (): Promise<Task[]> =>
  ((await (await fetch(`${sandbox.emu.baseUrl}/_emulator/tasks`)).json()) as { tasks: Task[] }).tasks.filter((t) => t.vendor === "zego");
const stats = async () => (await (await fetch(`${sandbox.emu.baseUrl}/_emulator/stats`)).json()) as Record<string, number>;

async function up(i: ReturnType<typeof inputs>) {
  const checked = await checkTask({}, i);
  expect(checked.failures).toEqual([]);
  return runtime.create(checked.inputs);
}

describe("ZegoCdnTransferRule: declaration", () => {
  const kind = kinds.get(KIND)!;

  it("is registered with no update and no read call, and the URL as its secret", () => {
    expect(kind).toBeDefined();
    expect(kind.updatable).toBeUndefined();
    expect(kind.read).toBeUndefined();
    expect(kind.secretInputs).toEqual(["cdnUrl"]);
    expect(kind.restart).toBe("stop-first");
  });

  it("has an id that names the stream but never holds the URL", () => {
    const url = "rtmp://push.example.com/live/show?key=TOPSECRETKEY";
    const id = ruleId({ streamId: "show", cdnUrl: url });
    expect(id).toMatch(/^show\|[0-9a-f]{16}$/);
    expect(id).not.toContain("TOPSECRETKEY");
    expect(id).not.toContain("push.example.com");
    expect(ruleId({ streamId: "show", cdnUrl: "rtmp://push.example.com/live/show2?key=TOPSECRETKEY" })).not.toBe(id);
    // ZEGO matches a rule by its URL without the query, and one delete stops it: one identity.
    expect(ruleId({ streamId: "show", cdnUrl: `${url}2` })).toBe(id);
  });

  it("validates each input with one failure per property", async () => {
    const r = await checkTask({}, inputs("bad stream!", "https://example.com/x"));
    expect(r.failures.map((f) => f.property).sort()).toEqual(["cdnUrl", "streamId"]);
    expect(r.failures.find((f) => f.property === "streamId")!.reason).toMatch(/letters, digits, - and _/);
    expect(r.failures.find((f) => f.property === "cdnUrl")!.reason).toMatch(/rtmp:\/\//);
    expect((await checkTask({}, inputs("x".repeat(257), "rtmp://h/a"))).failures.map((f) => f.property)).toEqual(["streamId"]);
    expect((await checkTask({}, { ...inputs("ok", "rtmp://h/a"), extra: 1 })).failures[0]!.reason).toMatch(/unknown property "extra"/);
    expect((await checkTask({}, { __kind: KIND, __logicalName: "n" })).failures.map((f) => f.reason).sort()).toEqual([
      "cdnUrl: is required",
      "streamId: is required",
    ]);
    expect((await checkTask({}, { ...inputs("ok", "rtmp://h/a"), adopt: true })).failures.map((f) => f.property)).toEqual(["adopt"]);
  });

  it("tolerates values preview does not know yet", async () => {
    expect((await checkTask({}, inputs(UNKNOWN, UNKNOWN))).failures).toEqual([]);
  });

  it("checks the test-environment prefix at preview when the stack is in test mode", async () => {
    process.env.ZEGO_IS_TEST = "true";
    const r = await checkTask({}, inputs("show", "rtmp://h/a"));
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.property).toBe("streamId");
    expect(r.failures[0]!.reason).toContain(`zegotest-${APP}-`);
    expect((await checkTask({}, inputs(`zegotest-${APP}-show`, "rtmp://h/a"))).failures).toEqual([]);
    // Without an AppId at preview the check waits for start.
    delete process.env.ZEGO_APP_ID;
    expect((await checkTask({}, inputs("show", "rtmp://h/a"))).failures).toEqual([]);
  });

  it("replaces on every change; stops first only when stream and URL (query aside) stay the same", async () => {
    const olds = { ...inputs("show", "rtmp://a.example.com/live/show?token=1") };
    const d = (news: Record<string, unknown>) => runtime.diff("id", olds, news);
    expect(await d({ ...olds })).toEqual({ changes: false });
    expect(await d({ ...olds, cdnUrl: "rtmp://b.example.com/live/show" })).toMatchObject({
      changes: true,
      replaces: ["cdnUrl"],
      deleteBeforeReplace: false,
    });
    expect(await d({ ...olds, streamId: "other" })).toMatchObject({ changes: true, replaces: ["streamId"], deleteBeforeReplace: false });
    // ZEGO matches a rule by its URL without the query: the new rule would be the old one.
    expect(await d({ ...olds, cdnUrl: "rtmp://a.example.com/live/show?token=2" })).toMatchObject({
      replaces: ["cdnUrl"],
      deleteBeforeReplace: true,
    });
    expect(await d({ ...olds, cdnUrl: UNKNOWN })).toMatchObject({ replaces: ["cdnUrl"], deleteBeforeReplace: true });
    // A rename touches nothing at ZEGO and shows as no change at all.
    expect(await d({ ...olds, __logicalName: "renamed" })).toEqual({ changes: false });
    expect(relayTarget("rtmp://h/a/b?x=1#y")).toBe("rtmp://h/a/b");
  });
});

describe("ZegoCdnTransferRule: through the lifecycle against the emulator", () => {
  it("starts on create, keeps state on read, stops on delete", async () => {
    const created = await up(inputs("show", "rtmp://push.example.com/live/show?key=SECRETKEY1"));
    expect(created.id).toBe(ruleId({ streamId: "show", cdnUrl: "rtmp://push.example.com/live/show?key=SECRETKEY1" }));
    expect(created.outs).toMatchObject({ streamId: "show", cdnUrl: "rtmp://push.example.com/live/show?key=SECRETKEY1" });
    const live = await running();
    expect(live.map((t) => t.key)).toEqual(["show/rtmp://push.example.com/live/show"]);
    expect(JSON.stringify(live)).not.toContain("SECRETKEY1");

    expect(await runtime.read(created.id, created.outs)).toEqual({ id: created.id, props: created.outs });
    await runtime.delete(created.id, created.outs);
    expect(await running()).toEqual([]);
    // Deleting again (a rule already gone) succeeds: ZEGO answers Code 0.
    await runtime.delete(created.id, created.outs);
  });

  it("creates and deletes several rules of one stream at once with no Sequence error", async () => {
    const rules = Array.from({ length: 8 }, (_, i) => inputs("concert", `rtmp://cdn${i}.example.com/live/concert?k=${i}secret`, `r${i}`));
    const created = await Promise.all(rules.map(up));
    expect((await running()).map((t) => t.key).sort()).toEqual(rules.map((r) => `concert/${relayTarget(r.cdnUrl)}`).sort());
    await Promise.all(created.map((c) => runtime.delete(c.id, c.outs)));
    expect(await running()).toEqual([]);
    expect((await stats()).doubleStarts).toBe(0);
  });

  it("retries a throttled call and succeeds", async () => {
    await fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "zego", type: "throttle", count: 3 }),
    });
    const created = await up(inputs("busy", "rtmp://h.example.com/live/busy"));
    expect((await stats()).faultsInjected).toBe(3);
    expect((await running()).map((t) => t.key)).toEqual(["busy/rtmp://h.example.com/live/busy"]);
    await runtime.delete(created.id, created.outs);
    expect(await running()).toEqual([]);
  });

  it("replaces a rule whose URL changes, start-first, leaving only the new one", async () => {
    const old = await up(inputs("swap", "rtmp://a.example.com/live/swap"));
    const news = (await checkTask(old.outs, inputs("swap", "rtmp://b.example.com/live/swap"))).inputs;
    expect(await runtime.diff(old.id, old.outs, news)).toMatchObject({ replaces: ["cdnUrl"], deleteBeforeReplace: false });
    const created = await runtime.create(news);
    expect(await running()).toHaveLength(2);
    await runtime.delete(old.id, old.outs);
    expect((await running()).map((t) => t.key)).toEqual(["swap/rtmp://b.example.com/live/swap"]);
    await runtime.delete(created.id, created.outs);
  });

  it("in the test environment refuses a stream id without the prefix before calling ZEGO", async () => {
    process.env.ZEGO_IS_TEST = "true";
    const before = (await stats()).requests;
    const err = await runtime.create({ ...inputs("show", "rtmp://h.example.com/live/show") }).catch((e: unknown) => e);
    expect(isRtcError(err, "RTC_PRECONDITION")).toBe(true); // refused here, before any call
    expect(String((err as Error).message)).toContain(`zegotest-${APP}-`);
    expect((await stats()).requests).toBe(before);
    const ok = await up(inputs(`zegotest-${APP}-show`, "rtmp://h.example.com/live/show"));
    expect((await running()).map((t) => t.params.IsTest)).toEqual([true]);
    await runtime.delete(ok.id, ok.outs);
  });

  it("surfaces a refused start with ZEGO's code and no secret in the message", async () => {
    process.env.ZEGO_SERVER_SECRET = "wrong-secret";
    const err = await runtime.create(inputs("show", "rtmp://h.example.com/live/show?key=SECRETKEY2")).catch((e: unknown) => e);
    expect(isRtcError(err, "RTC_AUTH")).toBe(true);
    expect((err as { vendorCode?: string }).vendorCode).toBe("100000005");
    expect(String((err as Error).message)).not.toContain("SECRETKEY2");
  });

  it("keeps a start whose outcome is unknown in state, and settles it by delete then create, never two creates at once", async () => {
    await fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "zego", action: "CreatCDNTransferRule", type: "reset", count: 1 }),
    });
    const i = (await checkTask({}, inputs("flaky", "rtmp://h.example.com/live/flaky"))).inputs;
    const err = (await runtime.create(i).catch((e: unknown) => e)) as { id?: string; properties?: Record<string, unknown> };
    expect(err.properties).toMatchObject({ startUnconfirmed: true, streamId: "flaky" });
    expect((await stats()).startsByKey).toEqual({ "zego:flaky/rtmp://h.example.com/live/flaky": 1 });
    // A second create of a live rule is undocumented at ZEGO, and a delete of a missing rule harmless:
    // the next up deletes the rule, then creates it, so that exactly one runs.
    const { outs } = await runtime.update(err.id!, err.properties!, i);
    expect(outs).not.toHaveProperty("startUnconfirmed");
    expect(await running()).toHaveLength(1);
    expect(await stats()).toMatchObject({ doubleStarts: 0, startsByKey: { "zego:flaky/rtmp://h.example.com/live/flaky": 2 } });
    await runtime.delete(err.id!, outs!);
    expect(await running()).toEqual([]);
  });
});
