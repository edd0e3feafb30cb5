import { describe, expect, it } from "vitest";
import { useEmulator } from "../fixtures/emulator";
import { expireWebcasts } from "../../../provider/emulator/volcengine";
import { isRtcError, type RtcError } from "../../../provider/http/errors";
import { UNKNOWN } from "../../../provider/lifecycle/changes";
import { checkTask } from "../../../provider/lifecycle/check";
import * as runtime from "../../../provider/lifecycle/runtime";
import type { Inputs, State } from "../../../provider/tasks/kind";

/**
 * The single-stream relay, webcast and public-stream kinds, through the one lifecycle, against the
 * emulator: what check refuses, what diff updates or replaces, and what create, read, update and
 * delete do at the (emulated) vendor.
 */

const PUSH_KEY = "streamkey-1a2b3c4d5e";
const PAGE_TOKEN = "pagetoken-5e4d3c2b1a";

const single = {
  __kind: "VolcengineSingleRelayToCdn",
  __logicalName: "solo",
  appId: "app1",
  roomId: "room1",
  taskId: "solo-0000001",
  pushUrl: `rtmp://push.example.com/live/solo?key=${PUSH_KEY}`,
  stream: { userId: "host" },
  control: { maxIdleTime: 300 },
};

const webcast = {
  __kind: "VolcengineWebcast",
  __logicalName: "slides",
  appId: "app1",
  roomId: "room1",
  taskId: "slides-0000001",
  userId: "webcast_slides",
  sourceUrl: `https://slides.example.com/deck?token=${PAGE_TOKEN}`,
  maxRunningTime: 3600,
  videoSolutions: [{ width: 1280, height: 720, frameRate: 30 }],
};

const publicStream = {
  __kind: "VolcenginePublicStream",
  __logicalName: "lobby",
  appId: "app1",
  publicStreamId: "lobby-0000001",
  targetStreams: [
    { roomId: "room1", userId: "host", index: 0 },
    { roomId: "room2", userId: "guest", index: 1 },
  ],
  layout: {
    layoutMode: 2,
    customLayout: {
      backgroundColor: "#000000",
      regions: [
        { streamIndex: 0, widthProportion: 0.5, heightProportion: 1 },
        { streamIndex: 1, widthProportion: 0.5, heightProportion: 1, locationX: 0.5 },
      ],
    },
  },
  encode: { videoConfig: { width: 1280, height: 720, frameRate: 30, videoCodec: 0 } },
  control: { maxIdleTime: 600, dataMsg: "hello" },
};

async function failures(news: Inputs, olds: Inputs = {}): Promise<Record<string, string>> {
  const r = checkTask(olds, news);
  const props = r.failures.map((f) => f.property);
  expect(new Set(props).size).toBe(props.length); // one failure per property
  return Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
}

async function checked(news: Inputs, olds: Inputs = {}): Promise<Inputs> {
  const r = await runtime.check(olds, news);
  expect(r.failures).toEqual([]);
  return r.inputs!;
}

/** What the engine does for a change: check the new inputs against the old state, then diff. */
async function diffOf(olds: State, news: Inputs) {
  const inputs = await checked(news, olds);
  return { inputs, diff: await runtime.diff("id", olds, inputs) };
}

describe("check", () => {
  it("single relay: one clear failure per bad property", async () => {
    const f = await failures({
      ...single,
      pushUrl: "https://cdn.example.com/live",
      businessId: "bad id!",
      stream: { userId: "host", streamType: 3 },
      control: { maxIdleTime: 5, mediaType: 2 },
      extra: true,
    });
    expect(f["pushUrl"]).toMatch(/rtmp:\/\//);
    expect(f["businessId"]).toMatch(/letters, digits/);
    expect(f["stream.streamType"]).toMatch(/one of 0, 1/);
    expect(f["control.maxIdleTime"]).toMatch(/between 10 and 86400/);
    expect(f["control.mediaType"]).toMatch(/0 audio and video, 1 audio only/);
    expect(f["(inputs)"]).toMatch(/unknown property "extra"/);
    expect(Object.keys(f)).toHaveLength(6);
  });
  it("single relay: the stream is required, and the task id is auto-named", async () => {
    const { stream: _s, ...rest } = single;
    expect(await failures(rest)).toEqual({ stream: "stream: is required" });
    expect((await checked({ ...single, taskId: undefined })).taskId).toMatch(/^solo-[0-9a-f]{8}$/);
  });

  it("webcast: one clear failure per bad property", async () => {
    const f = await failures({
      ...webcast,
      sourceUrl: "ftp://slides.example.com/deck",
      maxRunningTime: 5,
      videoSolutions: [{ width: 49, height: 1081, frameRate: 61, bitrate: 10001 }, { width: 641 }],
      eventNotifyConfig: { enableEventNotify: "yes", startTimeout: 61 },
      monitorConfig: { blankCheckInterval: 1, freezeCheckInterval: 31, crashCheckInterval: 31 },
    });
    expect(f).toEqual({
      sourceUrl: "sourceUrl: must be an http(s):// URL",
      maxRunningTime: "maxRunningTime: must be between 10 and 86400",
      "videoSolutions[0].width": "videoSolutions[0].width: must be between 50 and 1920",
      "videoSolutions[0].height": "videoSolutions[0].height: must be between 50 and 1080",
      "videoSolutions[0].frameRate": "videoSolutions[0].frameRate: must be between 1 and 60",
      "videoSolutions[0].bitrate": "videoSolutions[0].bitrate: must be between 0 and 10000",
      "videoSolutions[1].width": "videoSolutions[1].width: must be an even number between 50 and 1920",
      "eventNotifyConfig.enableEventNotify": "eventNotifyConfig.enableEventNotify: must be true or false",
      "eventNotifyConfig.startTimeout": "eventNotifyConfig.startTimeout: must be between 0 and 60",
      "monitorConfig.blankCheckInterval": "monitorConfig.blankCheckInterval: must be 0 (off) or between 2 and 30 seconds",
      "monitorConfig.freezeCheckInterval": "monitorConfig.freezeCheckInterval: must be 0 (off) or between 2 and 30 seconds",
      "monitorConfig.crashCheckInterval": "monitorConfig.crashCheckInterval: must be between 0 and 30",
    });
  });
  it("webcast: at most two renditions, a page URL of at most 1024 bytes, and a userId", async () => {
    const solution = { width: 640, height: 360 };
    const { userId: _u, ...noUser } = webcast;
    expect(await failures({ ...webcast, videoSolutions: [solution, solution, solution] })).toEqual({
      videoSolutions: "videoSolutions: must have at most 2 entries (two turn on simulcast)",
    });
    expect(await failures({ ...webcast, sourceUrl: `https://slides.example.com/?q=${"x".repeat(1000)}` })).toEqual({
      sourceUrl: "sourceUrl: must be at most 1024 bytes",
    });
    // Left out, the page's user is `webcast_<resource name>`, kept across renames (lifecycle/naming.ts).
    expect((await checked(noUser)).userId).toBe("webcast_slides");
    expect((await checked({ ...noUser, __logicalName: "renamed" }, await checked(noUser))).userId).toBe("webcast_slides");
    expect(await failures({ ...webcast, monitorConfig: { blankCheckInterval: 0, freezeCheckInterval: 2, crashCheckInterval: 0 } })).toEqual(
      {},
    );
  });

  it("public stream: one clear failure per bad property", async () => {
    const f = await failures({
      ...publicStream,
      targetStreams: [
        { roomId: "room1", userId: "host", index: 0, mediaType: 3 },
        { roomId: "bad room", index: 1 },
      ],
      transcodeMode: 2,
      layout: {
        layoutMode: 2,
        customLayout: { backgroundColor: "black", regions: [{ streamIndex: 0, widthProportion: 0, heightProportion: 1.5, locationX: 1 }] },
      },
      encode: { videoConfig: { width: 15, height: 721, videoCodec: 1 } },
      control: { maxIdleTime: 5, dataMsg: "x".repeat(4097), volumeIndicationInterval: 50, streamPublishStatsInterval: 999 },
    });
    expect(f).toEqual({
      "targetStreams[0].mediaType": "targetStreams[0].mediaType: must be one of 0, 1, 2 (0 audio and video, 1 audio only, 2 video only)",
      "targetStreams[1].roomId": "targetStreams[1].roomId: must be 1-128 characters of letters, digits, _ @ - .",
      transcodeMode: "transcodeMode: must be one of 0, 1 (0 transcode, 1 remux)",
      "layout.customLayout.backgroundColor": 'layout.customLayout.backgroundColor: must be a colour like "#RRGGBB"',
      "layout.customLayout.regions[0].widthProportion": "layout.customLayout.regions[0].widthProportion: must be a fraction in (0, 1]",
      "layout.customLayout.regions[0].heightProportion": "layout.customLayout.regions[0].heightProportion: must be a fraction in (0, 1]",
      "layout.customLayout.regions[0].locationX": "layout.customLayout.regions[0].locationX: must be a fraction in [0, 1)",
      "encode.videoConfig.width": "encode.videoConfig.width: must be between 16 and 1920",
      "encode.videoConfig.height": "encode.videoConfig.height: must be an even number between 16 and 1920",
      "encode.videoConfig.videoCodec":
        "encode.videoConfig.videoCodec: must be one of 0, 5 (0 H.264, 5 VP8 (VP8 only once the vendor enables it))",
      "control.maxIdleTime": "control.maxIdleTime: must be between 10 and 86400",
      "control.dataMsg": "control.dataMsg: must be at most 4 kB (4096 bytes)",
      "control.volumeIndicationInterval": "control.volumeIndicationInterval: must be at least 100 milliseconds",
      "control.streamPublishStatsInterval": "control.streamPublishStatsInterval: must be at least 1000 milliseconds",
    });
  });
  it("public stream: 1 to 17 target streams, at most 17 excluded, and a layout mode", async () => {
    const many = Array.from({ length: 18 }, (_, i) => ({ roomId: `room${i}` }));
    expect(await failures({ ...publicStream, targetStreams: [] })).toEqual({
      targetStreams: "targetStreams: must name at least one stream",
    });
    expect(await failures({ ...publicStream, layout: undefined, targetStreams: many })).toEqual({
      targetStreams: "targetStreams: must have at most 17 target streams",
    });
    expect(await failures({ ...publicStream, excludeStreams: many })).toEqual({
      excludeStreams: "excludeStreams: must have at most 17 excluded streams",
    });
    expect(await failures({ ...publicStream, layout: { customLayout: publicStream.layout.customLayout } })).toEqual({
      "layout.layoutMode": "layout.layoutMode: is required",
    });
    const { targetStreams: _t, ...noTargets } = publicStream;
    expect(await failures(noTargets)).toEqual({ targetStreams: "targetStreams: is required" });
  });
  it("public stream: the rules between fields", async () => {
    const [host, guest] = publicStream.targetStreams;
    expect(await failures({ ...publicStream, excludeStreams: [{ roomId: "room1", userId: "host" }] })).toEqual({
      excludeStreams: "excludeStreams: must not repeat a target stream (room room1, user host)",
    });
    // A screen stream of the same user is a different stream.
    expect(await failures({ ...publicStream, excludeStreams: [{ roomId: "room1", userId: "host", streamType: 1 }] })).toEqual({});
    expect(await failures({ ...publicStream, targetStreams: [host!, { ...guest!, index: 0 }] })).toEqual({
      targetStreams: "targetStreams: index values must be unique",
    });
    expect(await failures({ ...publicStream, targetStreams: [host!, { ...guest!, userId: "host" }] })).toEqual({
      targetStreams: "targetStreams: user host appears in rooms room1 and room2: a user id must be unique across rooms",
    });
    expect(await failures({ ...publicStream, targetStreams: [host!, { roomId: "room2" }] })).toEqual({
      targetStreams: "targetStreams: custom layout (layoutMode 2) needs an index on every target stream (missing for room room2)",
    });
    expect(await failures({ ...publicStream, layout: { layoutMode: 2 } })).toEqual({
      "layout.customLayout": "layout.customLayout: is required in custom layout (layoutMode 2): it places every stream",
    });
    // Remux takes exactly one user's stream and nothing excluded; layout and video settings are then ignored.
    expect(await failures({ ...publicStream, transcodeMode: 1 })).toEqual({
      targetStreams: "targetStreams: remux (transcodeMode 1) takes exactly one target stream, with a userId",
    });
    expect(await failures({ ...publicStream, transcodeMode: 1, targetStreams: [{ roomId: "room1" }] })).toEqual({
      targetStreams: "targetStreams: remux (transcodeMode 1) takes exactly one target stream, with a userId",
    });
    expect(await failures({ ...publicStream, transcodeMode: 1, targetStreams: [host!], excludeStreams: [{ roomId: "room9" }] })).toEqual({
      excludeStreams: "excludeStreams: must be empty with remux (transcodeMode 1)",
    });
    expect(await failures({ ...publicStream, transcodeMode: 1, targetStreams: [host!] })).toEqual({});
  });
  it("public stream: preview's unknown values pass, and adopt is refused", async () => {
    const [host, guest] = publicStream.targetStreams;
    expect(
      await failures({
        ...publicStream,
        targetStreams: [host!, { ...guest!, userId: UNKNOWN }, { roomId: "room3", userId: UNKNOWN, index: 2 }],
      }),
    ).toEqual({});
    expect(await failures({ ...publicStream, encode: { videoConfig: { width: UNKNOWN } } })).toEqual({});
    expect((await failures({ ...publicStream, adopt: true })).adopt).toMatch(/cannot be adopted: the vendor has no call to read/);
    expect((await checked({ ...publicStream, publicStreamId: undefined })).publicStreamId).toMatch(/^lobby-[0-9a-f]{8}$/);
  });
});

describe("diff: update in place or replace", () => {
  it("single relay: every change replaces; stops first when the task id or push URL stays", async () => {
    const bitrate = await diffOf(single, { ...single, taskId: undefined, control: { maxIdleTime: 600 } });
    expect(bitrate.inputs.taskId).not.toBe(single.taskId); // a replacement gets a fresh id ...
    expect(bitrate.diff).toMatchObject({ changes: true, deleteBeforeReplace: true }); // ... but the push URL is shared
    expect(bitrate.diff.replaces).toContain("control");

    const moved = await diffOf(single, { ...single, taskId: undefined, pushUrl: "rtmp://push.example.com/live/other" });
    expect(moved.diff).toMatchObject({ changes: true, deleteBeforeReplace: false });
    expect(moved.diff.replaces).toContain("pushUrl");

    const sameId = await diffOf(single, { ...single, stream: { userId: "guest" }, pushUrl: "rtmp://push.example.com/live/other" });
    expect(sameId.diff).toMatchObject({ changes: true, deleteBeforeReplace: true });
    expect(sameId.diff.replaces!.sort()).toEqual(["pushUrl", "stream"]);

    expect((await diffOf(single, { ...single, taskId: undefined })).diff).toEqual({ changes: false });
  });

  it("webcast: every change replaces; stops first when room and user stay, since one user cannot join twice", async () => {
    const page = await diffOf(webcast, { ...webcast, taskId: undefined, sourceUrl: "https://slides.example.com/other" });
    expect(page.inputs.taskId).not.toBe(webcast.taskId);
    expect(page.diff).toMatchObject({ changes: true, replaces: expect.arrayContaining(["sourceUrl"]), deleteBeforeReplace: true });

    const otherUser = await diffOf(webcast, { ...webcast, taskId: undefined, userId: "webcast_slides2", maxRunningTime: 7200 });
    expect(otherUser.diff).toMatchObject({ changes: true, deleteBeforeReplace: false });

    const unknownUser = await diffOf(webcast, { ...webcast, taskId: undefined, userId: UNKNOWN });
    expect(unknownUser.diff.deleteBeforeReplace).toBe(true);

    expect((await diffOf(webcast, { ...webcast, videoSolutions: [{ width: 1280, height: 720, frameRate: 25 }] })).diff.replaces).toEqual([
      "videoSolutions",
    ]);
  });

  it("public stream: updates in place except for the idle timeout and the codec", async () => {
    const inPlace = [
      { targetStreams: [publicStream.targetStreams[0]!], layout: { layoutMode: 0 } },
      { layout: { layoutMode: 3 } },
      { excludeStreams: [{ roomId: "room1", userId: "heckler" }] },
      { encode: { videoConfig: { ...publicStream.encode.videoConfig, bitrate: 3000, frameRate: 25 } } },
      { control: { ...publicStream.control, dataMsg: "next slide", volumeIndicationMode: true } },
      { businessId: "biz" },
    ];
    for (const change of inPlace) {
      const { diff } = await diffOf(publicStream, { ...publicStream, publicStreamId: undefined, ...change });
      expect(diff, JSON.stringify(change)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    }
    const idle = await diffOf(publicStream, {
      ...publicStream,
      publicStreamId: undefined,
      control: { ...publicStream.control, maxIdleTime: 60 },
    });
    expect(idle.inputs.publicStreamId).not.toBe(publicStream.publicStreamId); // a fresh id: the new stream starts first
    expect(idle.diff).toMatchObject({ replaces: expect.arrayContaining(["control"]), deleteBeforeReplace: false });

    const codec = { ...publicStream, encode: { videoConfig: { ...publicStream.encode.videoConfig, videoCodec: 5 } } };
    const sameId = await diffOf(publicStream, codec); // the user pinned the id: the old stream must stop first
    expect(sameId.diff).toEqual({ changes: true, replaces: ["encode"], deleteBeforeReplace: true });
  });
});

describe("against the emulator", () => {
  const sandbox = useEmulator({ RTC_TASKS_REQUEST_TIMEOUT_MS: "500" });

  describe("single-stream relay", () => {
    const key = "app1/room1/solo-0000001";
    it("starts with the stream and control the vendor requires, and stops idempotently", async () => {
      const created = await runtime.create(await checked(single));
      expect(created.id).toBe(key);
      const task = sandbox.emu.state.running("volcengine", key)!;
      expect(task.kind).toBe("PushSingleStreamToCDN");
      expect(task.params).toMatchObject({ PushURL: single.pushUrl, Stream: { UserId: "host" }, Control: { MaxIdleTime: 300 } });
      expect(task.params).not.toHaveProperty("__kind");

      await runtime.delete(key, created.outs);
      expect(sandbox.emu.state.get("volcengine", key)!.stopReason).toBe("StopByAPI");
      await runtime.delete(key, created.outs); // already stopped: still fine
      expect(sandbox.emu.state.list()).toHaveLength(0);
    });
    it("sends an empty Control when none is declared", async () => {
      const { control: _c, ...bare } = single;
      await runtime.create(await checked(bare));
      expect(sandbox.emu.state.running("volcengine", key)!.params.Control).toEqual({});
    });
    it("reads a running task back, and marks it ended once it ended on its own", async () => {
      const created = await runtime.create(await checked(single));
      // The vendor's status as outputs; no inputs: what it echoes, defaults filled in, is no drift.
      const live = { taskStatus: "running", pushStatus: "pushing", taskStartTime: expect.any(String) };
      expect(await runtime.read(key, created.outs)).toEqual({ id: key, props: { ...created.outs, ...live } });
      sandbox.emu.state.end(sandbox.emu.state.running("volcengine", key)!, "IdleTimeOut");
      const refreshed = await runtime.read(key, created.outs);
      expect(refreshed).toMatchObject({
        id: key,
        props: {
          ...created.outs,
          endedAt: expect.any(String),
          taskStatus: "ended",
          stopReason: "IdleTimeOut",
          taskEndTime: expect.any(String),
        },
      });
      expect(refreshed.props).not.toHaveProperty("pushStatus"); // meaningful only while it runs
      expect(refreshed.inputs).toMatchObject({ taskId: single.taskId, endedAt: refreshed.props!.endedAt });
    });
    it("adopts a running task instead of starting a second one", async () => {
      await runtime.create(await checked(single));
      const adopted = await runtime.create(await checked({ ...single, adopt: true }));
      expect(adopted.id).toBe(key);
      expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
    });
    it("replaces by stop then start when the push URL stays", async () => {
      const created = await runtime.create(await checked(single));
      const { inputs, diff } = await diffOf(created.outs!, { ...single, taskId: undefined, control: { maxIdleTime: 60 } });
      expect(diff.deleteBeforeReplace).toBe(true);
      await runtime.delete(key, created.outs); // the engine's order for deleteBeforeReplace
      const fresh = await runtime.create(inputs);
      expect(sandbox.emu.state.list().map((t) => t.key)).toEqual([fresh.id]);
    });
  });

  describe("webcast", () => {
    const key = "app1/room1/slides-0000001";
    it("starts the page as its user, and stops idempotently", async () => {
      const created = await runtime.create(await checked(webcast));
      expect(created.id).toBe(key);
      expect(sandbox.emu.state.running("volcengine", key)!.params).toMatchObject({
        UserId: "webcast_slides",
        SourceURL: webcast.sourceUrl,
        MaxRunningTime: 3600,
        VideoSolutions: [{ Width: 1280, Height: 720, FrameRate: 30 }],
      });
      await runtime.delete(key, created.outs);
      await runtime.delete(key, created.outs);
      expect(sandbox.emu.state.get("volcengine", key)!.stopReason).toBe("StopByAPI");
    });
    it("notices at refresh a webcast that reached its maximum running time", async () => {
      const created = await runtime.create(await checked({ ...webcast, maxRunningTime: 10 }));
      expect((await runtime.read(key, created.outs)).id).toBe(key);
      const task = sandbox.emu.state.running("volcengine", key)!;
      task.startedAt -= 10_000; // as if ten seconds had passed
      expect((await runtime.read(key, created.outs)).props).toHaveProperty("endedAt");
      expect(task).toMatchObject({ status: "ended", stopReason: "ExceedMaxRunningTime", endedAt: task.startedAt + 10_000 });
      await runtime.delete(key, created.outs); // already ended: destroy still succeeds
    });
    it("ends webcasts without MaxRunningTime after the vendor's default of 24 hours", () => {
      const page = sandbox.emu.state.start("volcengine", "Webcast", "a/r/t", { AppId: "a", RoomId: "r", TaskId: "t" });
      expireWebcasts(sandbox.emu.state, page.startedAt + 86_399_000);
      expect(page.status).toBe("running");
      expireWebcasts(sandbox.emu.state, page.startedAt + 86_400_000);
      expect(page.stopReason).toBe("ExceedMaxRunningTime");
    });
    it("adopts a running webcast", async () => {
      await runtime.create(await checked(webcast));
      expect((await runtime.create(await checked({ ...webcast, adopt: true }))).id).toBe(key);
      expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
    });
    it("replaces a page stop-first when the user stays, so neither page kicks the other out", async () => {
      const created = await runtime.create(await checked(webcast));
      const { inputs, diff } = await diffOf(created.outs!, { ...webcast, taskId: undefined, sourceUrl: "https://slides.example.com/v2" });
      expect(diff.deleteBeforeReplace).toBe(true);
      await runtime.delete(key, created.outs);
      const fresh = await runtime.create(inputs);
      expect(sandbox.emu.state.get("volcengine", key)!.stopReason).toBe("StopByAPI");
      expect(sandbox.emu.state.list().map((t) => t.key)).toEqual([fresh.id]);
    });
    it("keeps the page token out of a vendor refusal that echoes the URL", async () => {
      // create without check, so the emulator (which quotes the bad URL, as vendors do) refuses it.
      const tooLong = `https://slides.example.com/deck?token=${PAGE_TOKEN}&pad=${"x".repeat(1024)}`;
      const err = (await runtime.create({ ...webcast, sourceUrl: tooLong }).catch((e: unknown) => e)) as RtcError;
      expect(err.code).toBe("RTC_INVALID");
      expect(err.message).toMatch(/SourceURL "\[secret\]" must be a string, at most 1024 characters/);
      expect(err.message).not.toContain(PAGE_TOKEN);
    });
  });

  describe("public stream", () => {
    const key = "app1/lobby-0000001";
    it("starts, updates in place with the full desired state, and stops idempotently", async () => {
      const created = await runtime.create(await checked(publicStream));
      expect(created.id).toBe(key);
      const started = sandbox.emu.state.running("volcengine", key)!;
      expect(started.kind).toBe("PublicStream");
      expect(started.params).toMatchObject({ PublicStreamId: "lobby-0000001", Control: { MaxIdleTime: 600, DataMsg: "hello" } });

      // Drop the data message, add an exclusion and change the layout: one update, nothing restarts.
      const news = await checked(
        {
          ...publicStream,
          control: { maxIdleTime: 600 },
          excludeStreams: [{ roomId: "room3" }],
          layout: { layoutMode: 0 },
          targetStreams: publicStream.targetStreams.map(({ index: _i, ...s }) => s),
        },
        created.outs,
      );
      expect(await runtime.diff(key, created.outs!, news)).toMatchObject({ replaces: [] });
      const updated = await runtime.update(key, created.outs!, news);
      const task = sandbox.emu.state.running("volcengine", key)!;
      expect(task.updates).toBe(1);
      expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
      expect(task.params.Layout).toEqual({ LayoutMode: 0 });
      expect(task.params.ExcludeStreams).toEqual([{ RoomId: "room3" }]);
      expect(task.params.Control).toEqual({ MaxIdleTime: 600 }); // the data message was reset, not kept
      expect(task.params.Encode).toEqual({ VideoConfig: { Width: 1280, Height: 720, FrameRate: 30, VideoCodec: 0 } });
      expect(updated.outs).toMatchObject({ excludeStreams: [{ roomId: "room3" }] });

      await runtime.delete(key, updated.outs!);
      await runtime.delete(key, updated.outs!);
      expect(sandbox.emu.state.list()).toHaveLength(0);
    });
    it("has no read call: refresh keeps the state even after the stream ended", async () => {
      const created = await runtime.create(await checked(publicStream));
      sandbox.emu.state.end(sandbox.emu.state.running("volcengine", key)!, "IdleTimeOut");
      expect(await runtime.read(key, created.outs)).toEqual({ id: key, props: created.outs });
      await runtime.delete(key, created.outs); // and destroy of the ended stream succeeds
    });
    it("refuses to start a public stream id that is already live, saying what to do", async () => {
      await runtime.create(await checked(publicStream));
      const err = (await runtime.create(await checked({ ...publicStream, __logicalName: "other" })).catch((e: unknown) => e)) as RtcError;
      expect(isRtcError(err, "RTC_ALREADY_EXISTS")).toBe(true);
      expect(err.vendorCode).toBe("InvalidParameter.TaskAlreadyExists");
      expect(err.message).toMatch(/already publishes this publicStreamId: choose another one/);
      expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
    });
    // The lifecycle reads RTC_ALREADY_EXISTS from a confirming start as "the earlier start ran".
    it("keeps a start whose answer was lost in state, and confirms it on the next up without a second start", async () => {
      sandbox.emu.state.faults = [{ vendor: "volcengine", action: "StartPushPublicStream", type: "reset", count: 1 }];
      const inputs = await checked(publicStream);
      const err = (await runtime.create(inputs).catch((e: unknown) => e)) as { id?: string; properties?: State; message: string };
      expect(err.id).toBe(key);
      expect(err.properties!.startUnconfirmed).toBe(true);
      expect(sandbox.emu.state.running("volcengine", key)).toBeDefined(); // it did start

      const confirmed = await runtime.update(key, err.properties!, inputs);
      expect(confirmed.outs!.startUnconfirmed).toBeUndefined();
      expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(1);
      expect(sandbox.emu.state.running("volcengine", key)!.params).not.toHaveProperty("StartUnconfirmed");
    });
    it("confirms an unconfirmed start that never reached the vendor by starting it", async () => {
      const inputs = await checked(publicStream);
      const confirmed = await runtime.update(key, { ...inputs, startUnconfirmed: true }, inputs);
      expect(confirmed.outs!.startUnconfirmed).toBeUndefined();
      expect(sandbox.emu.state.running("volcengine", key)!.params).not.toHaveProperty("StartUnconfirmed");
    });
    it("replaces by stop then start when a pinned public stream id stays", async () => {
      const created = await runtime.create(await checked(publicStream));
      const { inputs, diff } = await diffOf(created.outs!, { ...publicStream, control: { maxIdleTime: 60 } });
      expect(diff.deleteBeforeReplace).toBe(true);
      await runtime.delete(key, created.outs);
      await runtime.create(inputs);
      expect(sandbox.emu.state.running("volcengine", key)!.params.Control).toEqual({ MaxIdleTime: 60 });
      expect(sandbox.emu.state.startsByKey.get(`volcengine:${key}`)).toBe(2);
    });
  });
});
