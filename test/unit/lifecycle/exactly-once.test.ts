import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { useEmulator } from "../fixtures/emulator";
import { isRtcError, type RtcError } from "../../../provider/http/errors";
import { checkTask } from "../../../provider/lifecycle/check";
import { journalFile } from "../../../provider/lifecycle/journal";
import * as runtime from "../../../provider/lifecycle/runtime";
import type { Inputs } from "../../../provider/tasks/kind";

/**
 * A start made again by the engine after a killed `pulumi up` (the create runs a second time with
 * the same inputs, since the checkpoint lost the first) finds the task the first one started:
 * nothing runs twice. What each vendor allows decides how (`TaskKind.restart`).
 */

const sandbox = useEmulator();
const STACK = "live-event/prod";

function checked(news: Inputs, olds: Inputs = {}): Inputs {
  const r = checkTask(olds, { __stack: STACK, ...news });
  expect(r.failures).toEqual([]);
  return r.inputs;
}

const stats = () => sandbox.emu.state.stats;
const running = (vendor: string) => sandbox.emu.state.list().filter((t) => t.vendor === vendor);

const tencent = (over: Inputs = {}): Inputs => ({
  __kind: "TencentRelayToCdn",
  __logicalName: "side-room",
  sdkAppId: 1400000001,
  roomId: "side-room",
  roomIdType: 1,
  withTranscoding: 1,
  audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
  videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000, gop: 2 } },
  publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/side?k=secret-side-key", isTencentCdn: 1 }],
  ...over,
});

describe("a create run again after a killed pulumi", () => {
  it("Tencent: takes over the task this machine's journal recorded, and applies the declared settings", async () => {
    const inputs = checked(tencent());
    const first = await runtime.create(inputs);
    // The checkpoint never heard of `first`; the program now asks for a higher bitrate.
    const again = checked(tencent({ videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 3000, gop: 2 } } }));
    const second = await runtime.create(again);
    expect(second.id).toBe(first.id);
    expect(running("tencent")).toHaveLength(1);
    expect(stats().doubleStarts).toBe(0);
    const task = running("tencent")[0]!;
    expect((task.params.VideoParams as { VideoEncode: { BitRate: number } }).VideoEncode.BitRate).toBe(3000);
    expect(task.updates).toBe(1);
    // The journal holds what it needs and nothing secret.
    const journal = fs.readFileSync(journalFile(STACK), "utf8");
    expect(journal).toContain(first.id);
    expect(journal).not.toContain("secret-side-key");
    expect(journal).not.toContain("push.example.com");
  });

  it("Tencent: starts afresh when the recorded task has ended since", async () => {
    const inputs = checked(tencent());
    const first = await runtime.create(inputs);
    sandbox.emu.state.end(running("tencent")[0]!, "AllAnchorsLeftForMaxIdleTime");
    const second = await runtime.create(inputs);
    expect(second.id).not.toBe(first.id);
    expect(running("tencent")).toHaveLength(1);
  });

  it("Tencent: a start sent but never answered is kept in state, unconfirmed, and never sent again", async () => {
    const inputs = checked(tencent());
    await fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "tencent", action: "StartPublishCdnStream", type: "reset", count: 1 }),
    });
    const err = (await runtime.create(inputs).catch((e: unknown) => e)) as { properties?: Inputs };
    expect(err.properties).toMatchObject({ startUnconfirmed: true });
    // The engine keeps it; were it lost too, the create runs again and still sends nothing.
    const again = (await runtime.create(inputs).catch((e: unknown) => e)) as { properties?: Inputs; message: string };
    expect(again.properties).toMatchObject({ startUnconfirmed: true });
    expect(again.message).toMatch(/no answer to it was recorded/);
    expect(sandbox.emu.state.startsByKey.size).toBe(1);
    expect(running("tencent")).toHaveLength(1);
  });

  it("Tencent: another resource naming the same robot never takes this one's task", async () => {
    await runtime.create(checked(tencent({ agentUserId: "shared-robot" })));
    const err = (await runtime
      .create(checked(tencent({ __logicalName: "other", agentUserId: "shared-robot" })))
      .catch((e: unknown) => e)) as RtcError;
    expect(isRtcError(err)).toBe(true);
    expect(err.vendorCode).toBe("FailedOperation");
    expect(running("tencent")).toHaveLength(1);
  });

  it("ZEGO: a rule recorded as created is not created twice", async () => {
    const rule = checked({
      __kind: "ZegoCdnTransferRule",
      __logicalName: "guest",
      streamId: "guest",
      cdnUrl: "rtmp://cdn.example.com/live/guest?key=k",
    });
    await runtime.create(rule);
    await runtime.create(rule);
    expect(running("zego")).toHaveLength(1);
    expect(stats().doubleStarts).toBe(0);
    expect([...sandbox.emu.state.startsByKey.values()]).toEqual([1]);
  });

  it("ZEGO: a create sent but never answered is deleted first, then created once", async () => {
    const rule = checked({
      __kind: "ZegoCdnTransferRule",
      __logicalName: "guest",
      streamId: "guest",
      cdnUrl: "rtmp://cdn.example.com/live/guest?key=k",
    });
    await fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "zego", action: "CreatCDNTransferRule", type: "reset", count: 1 }),
    });
    await runtime.create(rule).catch(() => undefined); // ran at ZEGO, answer lost, then pulumi killed
    await runtime.create(rule);
    expect(running("zego")).toHaveLength(1);
    expect(stats().doubleStarts).toBe(0);
  });

  it("Volcengine relay: the vendor answers a repeated start with the running task", async () => {
    const relay = checked({
      __kind: "VolcengineSingleRelayToCdn",
      __logicalName: "host-feed",
      appId: "app",
      roomId: "room",
      pushUrl: "rtmp://push.example.com/live/host?key=k",
      stream: { userId: "host" },
    });
    const first = await runtime.create(relay);
    const second = await runtime.create(relay);
    expect(second.id).toBe(first.id);
    expect(running("volcengine")).toHaveLength(1);
    expect(stats().doubleStarts).toBe(0);
  });

  it("Volcengine public stream: a running stream with the id this stack derives is taken over; a pinned one is refused", async () => {
    const stream = checked({
      __kind: "VolcenginePublicStream",
      __logicalName: "lobby",
      appId: "app",
      targetStreams: [{ roomId: "room", userId: "host" }],
    });
    const first = await runtime.create(stream);
    expect(String(stream.publicStreamId)).toMatch(/^lobby-[0-9a-f]{8}$/);
    const second = await runtime.create(stream);
    expect(second.id).toBe(first.id);
    expect(running("volcengine")).toHaveLength(1);
    const pinned = checked({
      __kind: "VolcenginePublicStream",
      __logicalName: "pinned",
      appId: "app",
      publicStreamId: "stage",
      targetStreams: [{ roomId: "room", userId: "host" }],
    });
    await runtime.create(pinned);
    const err = (await runtime.create(pinned).catch((e: unknown) => e)) as RtcError;
    expect(err.code).toBe("RTC_ALREADY_EXISTS");
    expect(running("volcengine")).toHaveLength(2);
  });
});

describe("a replacement the engine makes without asking the provider (`pulumi up --replace`)", () => {
  it("starts the new resource first with the name kept; the old one's delete leaves the task running", async () => {
    const relay = checked({
      __kind: "VolcengineMixedRelayToCdn",
      __logicalName: "stage-mix",
      appId: "app",
      roomId: "room",
      pushUrl: "rtmp://push.example.com/live/mix?key=k",
      layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 640, height: 360 }] } },
      targetStreams: { streamList: [{ userId: "host", index: 0 }] },
    });
    const old = await runtime.create(relay);
    await new Promise((r) => setTimeout(r, 5)); // a new create has a new start time
    const replacement = await runtime.create(relay);
    await runtime.delete(old.id, old.outs);
    expect(running("volcengine")).toHaveLength(1);
    // The replacement's own delete still stops it.
    await runtime.delete(replacement.id, replacement.outs);
    expect(running("volcengine")).toHaveLength(0);
  });

  it("also when the new resource took the task over with the old one's very state (a ZEGO rule or a Tencent relay, from the journal)", async () => {
    for (const inputs of [
      checked({
        __kind: "ZegoCdnTransferRule",
        __logicalName: "rule",
        streamId: "stage",
        cdnUrl: "rtmp://cdn.example.com/live/stage?key=k",
      }),
      checked(tencent()),
    ]) {
      const vendor = inputs.__kind === "ZegoCdnTransferRule" ? "zego" : "tencent";
      const old = await runtime.create(inputs);
      const replacement = await runtime.create(inputs); // taken over: no second start
      expect(stats().doubleStarts).toBe(0);
      // The journal's record of the start and the state's start time can fall in one millisecond:
      // then the two states are the same, and only the order tells them apart.
      await runtime.delete(old.id, { ...old.outs, startedAt: replacement.outs!.startedAt });
      expect(running(vendor), vendor).toHaveLength(1);
      await runtime.delete(replacement.id, replacement.outs);
      expect(running(vendor), vendor).toHaveLength(0);
    }
  });
});

describe("a start whose answer was lost", () => {
  it("keeps a state that refresh, update and destroy can load: it carries the provider reference", async () => {
    const stream = checked({
      __kind: "VolcenginePublicStream",
      __logicalName: "lobby",
      appId: "app",
      targetStreams: [{ roomId: "room", userId: "host" }],
    });
    await fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "volcengine", action: "StartPushPublicStream", type: "reset", count: 1 }),
    });
    const err = (await runtime.create({ ...stream, __provider: "exports.handler = () => provider;" }).catch((e: unknown) => e)) as {
      properties?: Inputs;
    };
    expect(err.properties).toMatchObject({ startUnconfirmed: true, __provider: "exports.handler = () => provider;" });
  });
});
