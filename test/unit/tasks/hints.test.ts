import { describe, expect, it } from "vitest";
import { isRtcError } from "../../../provider/http/errors";
import * as runtime from "../../../provider/lifecycle/runtime";
import type { Inputs } from "../../../provider/tasks/kind";
import { kinds } from "../../../provider/tasks/registry";
import { subscribersHint } from "../../../provider/tasks/volcengine/subscribers";
import { volcengineCall } from "../../../provider/vendors/volcengine/client";
import { useEmulator } from "../fixtures/emulator";

/**
 * The hints of the kinds whose vendor has no read call (a public stream's subscriptions, the state of
 * the stream a ZEGO rule relays), against the emulator: labelled with their source, never state.
 */
const ctx = { redact: (s: string) => s };
const publicStream = kinds.get("VolcenginePublicStream")!;
const zegoRule = kinds.get("ZegoCdnTransferRule")!;

const LOBBY: Inputs = {
  __kind: "VolcenginePublicStream",
  __logicalName: "lobby",
  appId: "app1",
  publicStreamId: "lobby-1",
  targetStreams: [{ roomId: "room1", userId: "host" }],
};

async function created(inputs: Inputs) {
  const checked = await runtime.check({}, inputs);
  expect(checked.failures).toEqual([]);
  return (await runtime.create(checked.inputs!)).outs!;
}

describe("hints where the vendor has no read call", () => {
  const sandbox = useEmulator();

  it("a public stream: its subscriptions in the latest 30-second bucket, from ListRealTimePublicStreamInfo", async () => {
    const s = await created(LOBBY);
    expect(await publicStream.hint!(ctx, s)).toEqual({
      source: "ListRealTimePublicStreamInfo",
      text: expect.stringMatching(/^0 subscribers in the 30 s from \d{4}-\d\d-\d\dT\d\d:\d\d:(00|30)Z$/),
    });
    sandbox.emu.state.running("volcengine", "app1/lobby-1")!.live = { subscribers: 12 };
    expect((await publicStream.hint!(ctx, s)).text).toMatch(/^12 subscribers in the 30 s from /);
    expect(publicStream.read).toBeUndefined(); // a hint, not a read: refresh keeps the state
    // Another stream of the app has no data of its own.
    expect((await publicStream.hint!(ctx, { ...s, publicStreamId: "other" })).text).toBe(
      "no subscription data in the last 5 minutes (it lags up to a minute)",
    );
  });

  it("a public stream started in the first second of a bucket is counted in it (the window's end is that bucket's stamp)", async () => {
    const s = await created(LOBBY);
    const bucket = Math.floor(Date.now() / 30_000) * 30_000;
    sandbox.emu.state.running("volcengine", "app1/lobby-1")!.startedAt = bucket + 300;
    // Asked 200 ms after the start: the query ends at the bucket's own second.
    expect((await subscribersHint(ctx, s, bucket + 500)).text).toBe(
      `0 subscribers in the 30 s from ${new Date(bucket).toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    );
  });

  it("the emulator holds ListRealTimePublicStreamInfo to the vendor's rules: pull_num only, 120 minutes at most", async () => {
    const ask = (body: Record<string, unknown>) =>
      volcengineCall({
        action: "ListRealTimePublicStreamInfo",
        version: "2023-11-01",
        method: "POST",
        idempotent: true,
        params: body,
      }).then(
        () => "ok",
        (e: unknown) => (isRtcError(e) ? `${e.vendorCode}` : String(e)),
      );
    const base = { AppId: "app1", StartTime: "2026-01-01T00:00:00Z", EndTime: "2026-01-01T01:00:00Z", Indicator: ["pull_num"] };
    expect(await ask(base)).toBe("ok");
    expect(await ask({ ...base, Indicator: ["push_num"] })).toBe("InvalidParameter");
    expect(await ask({ ...base, EndTime: "2026-01-01T02:00:01Z" })).toBe("InvalidParameter");
    expect(await ask({ ...base, StartTime: "yesterday" })).toBe("InvalidParameter");
  });

  it("a ZEGO rule: whether the stream it relays is published, from DescribeRTCStreamState", async () => {
    const rule = await created({
      __kind: "ZegoCdnTransferRule",
      __logicalName: "cdn",
      streamId: "show",
      cdnUrl: "rtmp://push.example.com/live/show?key=HINTSECRET1",
    });
    expect(await zegoRule.hint!(ctx, rule)).toEqual({
      source: "DescribeRTCStreamState",
      text: expect.stringMatching(/^source stream show is published to ZEGO since \d{4}-/),
    });
    const [task] = sandbox.emu.state.list();
    task!.live = { sourcePublished: false };
    expect(await zegoRule.hint!(ctx, rule)).toEqual({
      source: "DescribeRTCStreamState",
      text: "source stream show is not published to ZEGO: the rule has nothing to relay",
    });
    expect(zegoRule.read).toBeUndefined();
  });
});
