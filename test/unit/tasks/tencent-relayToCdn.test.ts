import { beforeAll, describe, expect, it } from "vitest";
import { useEmulator } from "../fixtures/emulator";
import { checkTask } from "../../../provider/lifecycle/check";
import * as runtime from "../../../provider/lifecycle/runtime";
import { UNKNOWN } from "../../../provider/lifecycle/changes";
import { type EmulatedTask } from "../../../provider/emulator";
import { RtcError } from "../../../provider/http/errors";
import { nextSequenceNumber } from "../../../provider/tasks/tencent/wire";

process.env.RTC_TASKS_LOG = "quiet";

const URL1 = "rtmp://push.example.com/live/stage?txSecret=k1-0123456789";
const URL2 = "rtmp://push.example.com/live/backup?txSecret=k2-0123456789";
const USERSIG = "eJwtzEELgjAYgOG-sq-secret-usersig";

type Inputs = Record<string, unknown>;

/** What the TencentRelayToCdn resource class hands the engine. */
function declared(over: Inputs = {}): Inputs {
  const v: Inputs = {
    __kind: "TencentRelayToCdn",
    __logicalName: "stage-relay",
    sdkAppId: 1400000001,
    roomId: "stage-1",
    roomIdType: 1,
    agentParams: { userSig: USERSIG, maxIdleTime: 60 },
    withTranscoding: 1,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
    publishCdnParams: [{ publishCdnUrl: URL1, isTencentCdn: 1 }],
    ...over,
  };
  for (const [k, x] of Object.entries(v)) if (x === undefined) delete v[k];
  return v;
}

async function checked(olds: Inputs, news: Inputs): Promise<Inputs> {
  const r = await checkTask(olds, news);
  expect(r.failures).toEqual([]);
  return r.inputs as Inputs;
}

describe("TencentRelayToCdn: check", () => {
  it("names the robot Pulumi-style, inside TRTC's UserId rules, and keeps the name while the task is kept", async () => {
    const first = await checked({}, declared());
    expect(first.agentUserId).toMatch(/^stage-relay-[0-9a-f]{8}$/);
    const updated = await checked(first, declared({ publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }] }));
    expect(updated.agentUserId).toBe(first.agentUserId);
    // A replacement gets a fresh robot, so the new task can join the room while the old one still runs.
    const replaced = await checked(first, declared({ roomId: "stage-2" }));
    expect(replaced.agentUserId).toMatch(/^stage-relay-[0-9a-f]{8}$/);
    expect(replaced.agentUserId).not.toBe(first.agentUserId);
    const long = await checked({}, declared({ __logicalName: "a very long resource name with spaces" }));
    expect(String(long.agentUserId)).toMatch(/^[a-zA-Z0-9_-]{1,32}$/);
    expect(String(long.agentUserId)).toHaveLength(32);
  });

  it("keeps a UserId the user chose", async () => {
    expect((await checked({}, declared({ agentUserId: "relay_robot-1" }))).agentUserId).toBe("relay_robot-1");
  });

  it("reports one failure per bad property, naming it and its rule", async () => {
    const { failures } = await checkTask(
      {},
      declared({
        sdkAppId: "1400000001",
        roomId: "not-a-number",
        roomIdType: 0,
        agentUserId: "robot with spaces",
        agentParams: { userId: "robot", maxIdleTime: 3 },
        withTranscoding: 2,
        audioParams: {
          audioEncode: { sampleRate: 22050, channel: 1, bitRate: 600, codec: 2 },
          subscribeAudioList: [{ userInfo: { userId: "" }, soundLevel: 101 }],
        },
        videoParams: {
          videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000 },
          backGroundColor: "#000000",
          waterMarkList: [{ waterMarkType: 1 }],
        },
        publishCdnParams: [{ publishCdnUrl: "https://cdn.example.com/live", isTencentCdn: 1 }, { publishCdnUrl: URL2 }],
        seiParams: { passThrough: { payloadContent: "x", payloadType: 244 } },
        recordParams: { uniRecord: 1, recordFormat: ["mp4", "aac"] },
      }),
    );
    const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byProperty).sort()).toEqual([
      "agentParams.maxIdleTime",
      "agentParams.userId",
      "agentUserId",
      "audioParams.audioEncode.bitRate",
      "audioParams.audioEncode.channel",
      "audioParams.audioEncode.sampleRate",
      "audioParams.subscribeAudioList[0].soundLevel",
      "audioParams.subscribeAudioList[0].userInfo.userId",
      "publishCdnParams[0].publishCdnUrl",
      "publishCdnParams[1].isTencentCdn",
      "recordParams.recordFormat",
      "roomId",
      "sdkAppId",
      "seiParams.passThrough.payloadType",
      "videoParams.backGroundColor",
      "videoParams.videoEncode.gop",
      "videoParams.waterMarkList[0].waterMarkText",
      "withTranscoding",
    ]);
    expect(byProperty["agentParams.maxIdleTime"]).toBe("agentParams.maxIdleTime: must be between 5 and 86400");
    expect(byProperty["agentParams.userId"]).toMatch(/set the top-level agentUserId instead/);
    expect(byProperty["videoParams.videoEncode.gop"]).toBe("videoParams.videoEncode.gop: is required");
    expect(byProperty["publishCdnParams[0].publishCdnUrl"]).toMatch(/must be an rtmp:\/\/ URL/);
    expect(byProperty["publishCdnParams[1].isTencentCdn"]).toBe("publishCdnParams[1].isTencentCdn: is required");
    expect(byProperty.roomId).toMatch(/whole number from 1 to 4294967294 when roomIdType is 0/);
    expect(byProperty["videoParams.backGroundColor"]).toMatch(/0xRRGGBB/);
  });

  it("holds the rules that tie properties together", async () => {
    const reasons = async (over: Inputs) => (await checkTask({}, declared(over))).failures.map((f) => f.reason);
    expect(await reasons({ publishCdnParams: undefined })).toEqual([
      "publishCdnParams: is required (or feedBackRoomParams, to push back into TRTC rooms)",
    ]);
    expect(await reasons({ feedBackRoomParams: [{ roomId: "1234", roomIdType: 0, userId: "back", userSig: "sig" }] })).toEqual([
      "feedBackRoomParams: cannot be given together with publishCdnParams: a task pushes either to CDNs or back into rooms",
    ]);
    expect(
      await reasons({ publishCdnParams: Array.from({ length: 11 }, (_, i) => ({ publishCdnUrl: `${URL1}${i}`, isTencentCdn: 1 })) }),
    ).toEqual(["publishCdnParams: must have at most 10 URLs"]);
    expect(
      await reasons({
        publishCdnParams: [
          { publishCdnUrl: URL1, isTencentCdn: 1 },
          { publishCdnUrl: URL1, isTencentCdn: 0 },
        ],
      }),
    ).toEqual(["publishCdnParams: must not list the same URL twice"]);
    expect(await reasons({ singleSubscribeParams: { userMediaStream: { userInfo: { userId: "host" } } } })).toEqual([
      "singleSubscribeParams: needs withTranscoding 0: a single stream is relayed without transcoding",
    ]);
    expect(await reasons({ audioParams: { audioEncode: { sampleRate: 8000, channel: 2, bitRate: 32, codec: 1 } } })).toEqual([
      "audioParams.audioEncode.sampleRate: must be 16000 or more with HE-AAC (codec 1 or 2)",
    ]);
    expect(
      await reasons({
        videoParams: {
          videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000, gop: 2 },
          layoutParams: { mixLayoutMode: 4, mixLayoutList: [{ imageWidth: 640, imageHeight: 720, locationX: 700, locationY: 0 }] },
        },
      }),
    ).toEqual(["videoParams.layoutParams.mixLayoutList[0].locationX: locationX + imageWidth must not exceed videoEncode.width"]);
    expect(
      await reasons({
        videoParams: { videoEncode: { width: 1280, height: 720, fps: 30, bitRate: 2000, gop: 2 }, layoutParams: { mixLayoutList: [] } },
      }),
    ).toEqual(["videoParams.layoutParams.mixLayoutList: applies only to mixLayoutMode 4 (custom layout)"]);
    expect(await reasons({ recordParams: { uniRecord: 2, recordWaitTime: 30 } })).toEqual([
      "recordParams.recordWaitTime: applies only with uniRecord 3 (record with these parameters)",
    ]);
    expect(await reasons({ seiParams: { passThrough: { payloadContent: "x", payloadType: 5 } } })).toEqual([
      "seiParams.passThrough.payloadUuid: is required with payloadType 5",
    ]);
    expect(
      await reasons({
        publishCdnParams: undefined,
        feedBackRoomParams: Array.from({ length: 11 }, (_, i) => ({ roomId: `r${i}`, roomIdType: 1, userId: `u${i}`, userSig: "s" })),
      }),
    ).toEqual(["feedBackRoomParams: must have at most 10 rooms"]);
  });

  it("accepts a single-stream, audio-only relay back into a room", async () => {
    await checked(
      {},
      declared({
        withTranscoding: 0,
        videoParams: undefined,
        publishCdnParams: undefined,
        singleSubscribeParams: { userMediaStream: { userInfo: { userId: "host" }, streamType: 0 } },
        feedBackRoomParams: [{ roomId: "4000", roomIdType: 0, userId: "feedback-1", userSig: "sig-0123456789" }],
      }),
    );
  });

  it("leaves values unknown at preview out of validation, and still reports the known ones", async () => {
    expect(
      (await checkTask({}, declared({ roomId: UNKNOWN, roomIdType: 0, publishCdnParams: UNKNOWN, agentParams: UNKNOWN }))).failures,
    ).toEqual([]);
    expect(
      (
        await checkTask(
          {},
          declared({
            publishCdnParams: [{ publishCdnUrl: UNKNOWN, isTencentCdn: 1 }],
            audioParams: { audioEncode: { sampleRate: UNKNOWN, channel: 3, bitRate: 64 } },
          }),
        )
      ).failures,
    ).toEqual([
      { property: "audioParams.audioEncode.channel", reason: "audioParams.audioEncode.channel: must be one of 1, 2 (1 mono, 2 stereo)" },
    ]);
  });
});

describe("TencentRelayToCdn: diff", () => {
  let olds: Inputs;
  beforeAll(async () => {
    olds = { ...(await checked({}, declared())), taskId: "task-1", sequenceNumber: 0 };
  });
  /** The diff, with `replaces` sorted: the engine reads it as a set. */
  const diffTo = async (over: Inputs) => sorted(await runtime.diff("task-1", olds, await checked(olds, declared(over))));
  const sorted = <T extends { replaces?: string[] }>(d: T): T => (d.replaces ? { ...d, replaces: [...d.replaces].sort() } : d);
  const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };

  it("updates in place what UpdatePublishCdnStream changes", async () => {
    expect(await diffTo({})).toEqual({ changes: false });
    expect(
      await diffTo({
        publishCdnParams: [
          { publishCdnUrl: URL1, isTencentCdn: 1 },
          { publishCdnUrl: URL2, isTencentCdn: 0 },
        ],
      }),
    ).toEqual(inPlace);
    expect(
      await diffTo({
        audioParams: {
          audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 },
          subscribeAudioList: [{ userInfo: { userId: "host" } }],
        },
      }),
    ).toEqual(inPlace);
    expect(
      await diffTo({
        videoParams: {
          videoEncode: { width: 1920, height: 1080, fps: 25, bitRate: 4000, gop: 3 },
          layoutParams: { mixLayoutMode: 1 },
          backGroundColor: "0x112233",
        },
      }),
    ).toEqual(inPlace);
    expect(await diffTo({ seiParams: { layoutVolume: { payloadType: 100 } } })).toEqual(inPlace);
    expect(await diffTo({ withTranscoding: 0 })).toEqual(inPlace);
  });

  it("replaces on what Update cannot change, stopping first when the CDN URL stays the same", async () => {
    // The replacement also gets a fresh auto-named robot; that is its consequence, so it is not listed as a cause.
    const replacing = (...props: string[]) => ({ changes: true, replaces: props.sort(), deleteBeforeReplace: true });
    expect(await diffTo({ roomId: "stage-2" })).toEqual(replacing("roomId"));
    expect(await diffTo({ audioParams: { audioEncode: { sampleRate: 44100, channel: 2, bitRate: 64 } } })).toEqual(
      replacing("audioParams"),
    );
    expect(await diffTo({ agentParams: { userSig: USERSIG, maxIdleTime: 300 } })).toEqual(replacing("agentParams"));
    expect(await diffTo({ recordParams: { uniRecord: 2 } })).toEqual(replacing("recordParams"));
    expect(await diffTo({ sdkAppId: 1400000002 })).toEqual(replacing("sdkAppId"));
    expect(await diffTo({ roomIdType: 0, roomId: "1234" })).toEqual(replacing("roomId", "roomIdType"));
    // A new URL as well: the new task starts first, so the audience never loses the stream.
    expect(await diffTo({ roomId: "stage-2", publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }] })).toEqual({
      changes: true,
      replaces: ["roomId"],
      deleteBeforeReplace: false,
    }); // the fresh robot name is a consequence, not a cause
    // A robot the user named stays the same across the replacement: then it must leave the room first.
    const named = { ...(await checked({}, declared({ agentUserId: "robot-1" }))), taskId: "t", sequenceNumber: 0 };
    const moved = await runtime.diff(
      "t",
      named,
      await checked(
        named,
        declared({ agentUserId: "robot-1", recordParams: { uniRecord: 1 }, publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }] }),
      ),
    );
    expect(moved).toEqual({ changes: true, replaces: ["recordParams"], deleteBeforeReplace: true });
  });

  it("replaces when the task switches between audio-only and audio+video, naming videoParams", async () => {
    // Tencent cannot switch a running task's media type, so adding or removing video is no update.
    const replacing = { changes: true, replaces: ["videoParams"], deleteBeforeReplace: true };
    expect(await diffTo({ videoParams: undefined })).toEqual(replacing);
    const audioOnly = { ...(await checked({}, declared({ videoParams: undefined }))), taskId: "task-2", sequenceNumber: 0 };
    expect(sorted(await runtime.diff("task-2", audioOnly, await checked(audioOnly, declared())))).toEqual(replacing);
    // Added together with an in-place change, video still forces the replacement.
    const both = await runtime.diff(
      "task-2",
      audioOnly,
      await checked(audioOnly, declared({ publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }] })),
    );
    expect(sorted(both)).toEqual({ changes: true, replaces: ["videoParams"], deleteBeforeReplace: false });
    // Audio-only to audio-only: an in-place change stays in place.
    expect(
      await runtime.diff(
        "task-2",
        audioOnly,
        await checked(audioOnly, declared({ videoParams: undefined, publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }] })),
      ),
    ).toEqual(inPlace);
  });

  it("replaces when a member is removed, since an incremental update cannot clear it; an emptied mixing list is the exception", async () => {
    const withSei = {
      ...(await checked(
        {},
        declared({ seiParams: { layoutVolume: { payloadType: 100 }, passThrough: { payloadContent: "x", payloadType: 100 } } }),
      )),
      taskId: "t",
      sequenceNumber: 1,
    };
    expect(
      (await runtime.diff("t", withSei, await checked(withSei, declared({ seiParams: { layoutVolume: { payloadType: 100 } } })))).replaces,
    ).toEqual(["seiParams"]);
    const withList = {
      ...(await checked(
        {},
        declared({
          audioParams: {
            audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 },
            subscribeAudioList: [{ userInfo: { userId: "host" } }],
          },
        }),
      )),
      taskId: "t",
      sequenceNumber: 1,
    };
    expect(await runtime.diff("t", withList, await checked(withList, declared()))).toEqual(inPlace);
  });

  it("shows a change whose start was never confirmed", async () => {
    expect(
      (await runtime.diff("unconfirmed:x", { ...olds, taskId: undefined, startUnconfirmed: true }, await checked(olds, declared())))
        .changes,
    ).toBe(true);
  });

  it("stops first when an unknown value could turn out to be the same URL", async () => {
    const d = await runtime.diff("task-1", olds, { ...(await checked(olds, declared({ roomId: "stage-2" }))), publishCdnParams: UNKNOWN });
    expect(sorted(d)).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: true });
  });
});

describe("TencentRelayToCdn against the emulator", () => {
  const sandbox = useEmulator();

  const running = (): EmulatedTask[] => sandbox.emu.state.list().filter((t) => t.vendor === "tencent");
  const only = (): EmulatedTask => {
    const r = running();
    expect(r).toHaveLength(1);
    return r[0]!;
  };
  const create = async (over: Inputs = {}) => {
    const inputs = await checked({}, declared(over));
    const res = await runtime.create(inputs);
    return { inputs, id: res.id, outs: res.outs as Inputs };
  };

  it("creates: starts one task, keyed by the TaskId Tencent made", async () => {
    const { inputs, id, outs } = await create();
    const task = only();
    expect(task.key).toBe(`1400000001/${id}`);
    expect(outs.taskId).toBe(id);
    expect(outs.sequenceNumber).toBe(0);
    expect(outs.agentUserId).toBe(inputs.agentUserId);
    expect(task.params).toMatchObject({
      SdkAppId: 1400000001,
      RoomId: "stage-1",
      RoomIdType: 1,
      WithTranscoding: 1,
      AgentParams: { UserId: inputs.agentUserId, UserSig: USERSIG, MaxIdleTime: 60 },
      AudioParams: { AudioEncode: { SampleRate: 48000, Channel: 2, BitRate: 64 } },
      VideoParams: { VideoEncode: { Width: 1280, Height: 720, Fps: 30, BitRate: 2000, Gop: 2 }, LayoutParams: { MixLayoutMode: 3 } },
      PublishCdnParams: [{ PublishCdnUrl: URL1, IsTencentCdn: 1 }],
    });
    expect(task.params).not.toHaveProperty("AgentUserId");
  });

  it("updates in place with a growing SequenceNumber, even when state missed the last one", async () => {
    const { inputs, id, outs } = await create();
    const news = await checked(
      inputs,
      declared({
        publishCdnParams: [
          { publishCdnUrl: URL1, isTencentCdn: 1 },
          { publishCdnUrl: URL2, isTencentCdn: 0 },
        ],
        audioParams: {
          audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 },
          unSubscribeAudioList: [{ userInfo: { userId: "noisy" } }],
        },
      }),
    );
    const first = (await runtime.update(id, outs, news)).outs as Inputs;
    const task = only();
    expect(task.key).toBe(`1400000001/${id}`);
    expect(task.updates).toBe(1);
    expect(first.taskId).toBe(id);
    expect(first.sequenceNumber).toBeGreaterThan(0);
    expect(task.params.SequenceNumber).toBe(first.sequenceNumber);
    expect(task.params.PublishCdnParams).toEqual([
      { PublishCdnUrl: URL1, IsTencentCdn: 1 },
      { PublishCdnUrl: URL2, IsTencentCdn: 0 },
    ]);
    expect(task.params.AudioParams).toMatchObject({ SubscribeAudioList: [], UnSubscribeAudioList: [{ UserInfo: { UserId: "noisy" } }] });

    const back = await checked(first, declared());
    const second = (await runtime.update(id, first, back)).outs as Inputs;
    expect(second.sequenceNumber).toBeGreaterThan(first.sequenceNumber as number);
    expect(task.params.PublishCdnParams).toEqual([{ PublishCdnUrl: URL1, IsTencentCdn: 1 }]);
    expect(task.params.AudioParams).toMatchObject({ SubscribeAudioList: [], UnSubscribeAudioList: [] });

    // State from before both updates (as after a lost answer): the update still lands, with a higher number.
    const third = (await runtime.update(id, outs, news)).outs as Inputs;
    expect(third.sequenceNumber).toBeGreaterThan(second.sequenceNumber as number);
    expect(task.updates).toBe(3);
    expect(task.params.PublishCdnParams).toHaveLength(2);
    expect(sandbox.emu.state.startsByKey.get(`tencent:1400000001/${id}`)).toBe(1);
  });

  it("deletes: stops the task, and a task that already ended counts as stopped", async () => {
    const { id, outs } = await create();
    await runtime.delete(id, outs);
    expect(running()).toHaveLength(0);
    expect(sandbox.emu.state.get("tencent", `1400000001/${id}`)!.stopReason).toBe("StopByAPI");
    await runtime.delete(id, outs);

    const again = await create();
    await fetch(`${sandbox.emu.baseUrl}/_emulator/tasks/end`, {
      method: "POST",
      body: JSON.stringify({ vendor: "tencent", key: `1400000001/${again.id}` }),
    });
    expect(running()).toHaveLength(0);
    await runtime.delete(again.id, again.outs);
  });

  it("an update of a task that ended on its own says how to start it again", async () => {
    const { inputs, id, outs } = await create();
    await fetch(`${sandbox.emu.baseUrl}/_emulator/tasks/end`, { method: "POST", body: JSON.stringify({ all: true }) });
    const news = await checked(inputs, declared({ publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }] }));
    const err = (await runtime.update(id, outs, news).catch((e: unknown) => e)) as RtcError;
    expect(err).toBeInstanceOf(RtcError);
    expect(err.code).toBe("RTC_NOT_FOUND");
    expect(err.vendorCode).toBe("FailedOperation.TaskFinished");
    expect(err.message).toMatch(/pulumi up --replace/);
    expect(err.message).not.toContain("k2-0123456789");
  });

  it("a start whose answer is lost is not sent again, and stays in state under a stable id", async () => {
    await fetch(`${sandbox.emu.baseUrl}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ vendor: "tencent", action: "StartPublishCdnStream", type: "reset", count: 1 }),
    });
    const inputs = await checked({}, declared({ agentUserId: "robot-lost" }));
    const err = (await runtime.create(inputs).catch((e: unknown) => e)) as { id?: string; properties?: Inputs; message: string };
    expect(err.id).toBe("unconfirmed:1400000001/stage-1/robot-lost");
    expect(err.properties).toMatchObject({ startUnconfirmed: true, agentUserId: "robot-lost" });
    expect(err.properties).not.toHaveProperty("taskId");
    expect(err.message).toMatch(/stays in state/);
    const started = sandbox.emu.state.list(true).filter((t) => t.vendor === "tencent");
    expect(started).toHaveLength(1);
    expect(started[0]!.status).toBe("running");

    // Another start would be a second paid task: update refuses, and so does delete, saying what to do.
    const state = err.properties!;
    const again = (await runtime.update(err.id!, state, inputs).catch((e: unknown) => e)) as RtcError;
    expect(again.code).toBe("RTC_UNCONFIRMED");
    expect(again.message).toMatch(/an earlier start was sent at .* but no answer to it was recorded/);
    expect(again.message).toMatch(/Check the Tencent Cloud TRTC console/);
    const stop = (await runtime.delete(err.id!, state).catch((e: unknown) => e)) as RtcError;
    expect(stop).toBeInstanceOf(RtcError);
    expect(stop.code).toBe("RTC_UNCONFIRMED");
    expect(stop.message).toMatch(/cannot be stopped through the API/);
    expect(stop.message).toMatch(/60 s \(agentParams.maxIdleTime\)/);
    expect(stop.message).toMatch(/pulumi state delete/);
    expect(running()).toHaveLength(1);
  });

  it("a robot UserId already in the room is refused, naming no secret", async () => {
    await create({ agentUserId: "robot-1" });
    // Another resource naming the same robot: the first one's task is not its own to take over.
    const err = (await create({
      __logicalName: "other-relay",
      agentUserId: "robot-1",
      publishCdnParams: [{ publishCdnUrl: URL2, isTencentCdn: 1 }],
    }).catch((e: unknown) => e)) as RtcError;
    expect(err.code).toBe("RTC_INVALID");
    expect(err.vendorCode).toBe("FailedOperation");
    expect(err.message).toMatch(/robot-1 is already used/);
    expect(err.message).not.toContain("k2-0123456789");
    expect(running()).toHaveLength(1);
  });

  it("refresh keeps the state as it is: Tencent cannot read a relay back", async () => {
    const { id, outs } = await create();
    expect(await runtime.read(id, outs)).toEqual({ id, props: outs });
  });
});

describe("SequenceNumber", () => {
  it("grows past state and keeps up with the clock, in seconds", () => {
    expect(nextSequenceNumber(undefined, 1_700_000_000_000)).toBe(1_700_000_000);
    expect(nextSequenceNumber(1_700_000_000, 1_700_000_000_000)).toBe(1_700_000_001);
    expect(nextSequenceNumber(5, 1_700_000_123_456)).toBe(1_700_000_123);
    expect(nextSequenceNumber(2_000_000_000, 1_700_000_000_000)).toBe(2_000_000_001);
  });
});
