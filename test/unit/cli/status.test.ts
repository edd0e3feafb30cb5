import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { run, type Io } from "../../../provider/cli/main";
import * as runtime from "../../../provider/lifecycle/runtime";
import { SECRET_SIG, SIG_KEY } from "../../../provider/report/secrets";
import { TASK_TYPE_PREFIX } from "../../../provider/report/taskTypes";
import type { Inputs } from "../../../provider/tasks/kind";
import { kinds } from "../../../provider/tasks/registry";
import { useEmulator } from "../fixtures/emulator";

/**
 * `rtc-tasks status` on a stack of all six kinds, given as the JSON of `pulumi stack export` (the
 * CLI path is the end-to-end test's), against the emulator: rows, formats, hints, the exit code,
 * --watch and Ctrl-C, and no secret in what it prints.
 */
const PUSH_KEY = "txSecret=statuskey0123456789";
const push = (name: string) => `rtmp://push.example.com/live/${name}?${PUSH_KEY}`;
const SIX: Inputs[] = [
  {
    __kind: "VolcengineMixedRelayToCdn",
    __logicalName: "stage-mix",
    appId: "app1",
    roomId: "hall",
    pushUrl: push("mix"),
    layout: { layoutMode: 2, customLayout: { regions: [{ streamIndex: 0, width: 320, height: 240 }] } },
    targetStreams: { streamList: [{ userId: "host", index: 0 }] },
  },
  {
    __kind: "VolcengineSingleRelayToCdn",
    __logicalName: "guest-relay",
    appId: "app1",
    roomId: "hall",
    pushUrl: push("single"),
    stream: { userId: "guest" },
  },
  {
    __kind: "VolcengineWebcast",
    __logicalName: "slides",
    appId: "app1",
    roomId: "hall",
    sourceUrl: "https://slides.example.com/deck?token=pagetoken99",
  },
  { __kind: "VolcenginePublicStream", __logicalName: "lobby", appId: "app1", targetStreams: [{ roomId: "hall", userId: "host" }] },
  {
    __kind: "TencentRelayToCdn",
    __logicalName: "trtc",
    sdkAppId: 1400000001,
    roomId: "hall",
    roomIdType: 1,
    withTranscoding: 1,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    publishCdnParams: [{ publishCdnUrl: push("trtc"), isTencentCdn: 1 }],
  },
  { __kind: "ZegoCdnTransferRule", __logicalName: "zego-cdn", streamId: "show", cdnUrl: push("zego") },
];

/** Starts the six tasks and writes the stack export a user would have: secret outputs sealed. */
async function exportedStack(): Promise<string> {
  const resources = [];
  for (const inputs of SIX) {
    const checked = await runtime.check({}, { ...inputs, __stack: "proj/dev" });
    expect(checked.failures).toEqual([]);
    const { id, outs } = await runtime.create(checked.inputs!);
    const kind = kinds.get(String(inputs.__kind))!;
    const outputs = Object.fromEntries(
      Object.entries(outs!).map(([k, v]) => [k, kind.secretInputs.includes(k) ? { [SIG_KEY]: SECRET_SIG, ciphertext: "v1:sealed" } : v]),
    );
    const type = `${TASK_TYPE_PREFIX}${String(inputs.__kind)}`;
    resources.push({ urn: `urn:pulumi:dev::proj::${type}::${String(inputs.__logicalName)}`, type, custom: true, id, outputs });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-status-"));
  const file = path.join(dir, "stack.json");
  fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
  return file;
}

function capture(extra: Partial<Io> = {}) {
  let out = "";
  let err = "";
  const io: Io = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), ...extra };
  return { io, out: () => out, err: () => err };
}

describe("rtc-tasks status", () => {
  const sandbox = useEmulator();
  const running = (type: string) => sandbox.emu.state.list().find((t) => t.kind === type)!;
  const noSecrets = (text: string) => {
    for (const s of [
      PUSH_KEY,
      "pagetoken99",
      process.env.VOLCENGINE_SECRET_KEY!,
      process.env.ZEGO_SERVER_SECRET!,
      process.env.TENCENTCLOUD_SECRET_KEY!,
    ])
      expect(text).not.toContain(s);
  };

  it("prints a row per task: on air, what cannot be known, and hints labelled as hints; exit 0", async () => {
    const file = await exportedStack();
    running("PublicStream").live = { subscribers: 7 };
    const c = capture();
    expect(await run(["status", "--input", file], c.io)).toBe(0);
    const text = c.out();
    expect(text.split("\n")[0]).toMatch(/^3 of 6 tasks on air · 3 cannot be known \(checked \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/);
    expect(text).toMatch(/^Resource +Kind +Identity +Status +CDN push +Running since +Notes$/m);
    expect(text).toMatch(
      /^stage-mix +Volcengine mixed relay to CDN +app1\/hall\/stage-mix-[0-9a-f]{8} +running +pushing +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m,
    );
    expect(text).toMatch(/^slides +Volcengine cloud webcast +app1\/hall\/slides-[0-9a-f]{8} +running +- +\d{4}-/m);
    expect(text).toMatch(
      /^lobby .* \(cannot be known\) +- +- +Volcengine has no call that reads a public stream back: its status cannot be known; hint \(ListRealTimePublicStreamInfo\): 7 subscribers in the 30 s from /m,
    );
    expect(text).toMatch(
      /^trtc .*\(cannot be known\) .*Tencent Cloud TRTC has no call that reads a relay to CDN back: its status cannot be known$/m,
    );
    expect(text).toMatch(
      /^zego-cdn +ZEGO CDN transfer rule +show\/\[secret\] .*hint \(DescribeRTCStreamState\): source stream show is published to ZEGO since /m,
    );
    expect(text).not.toContain("\x1b["); // not a terminal: no colour codes
    expect(c.err()).toBe("");
    noSecrets(text);
  });

  it("exits 1 when a declared task is not on air: a relay reconnecting, a webcast ended", async () => {
    const file = await exportedStack();
    running("PushMixedStreamToCDN").live = { pushState: 3 };
    let c = capture();
    expect(await run(["status", "--input", file], c.io)).toBe(1);
    expect(c.out()).toMatch(/^stage-mix .* running +reconnecting +\d{4}-\S+ +not on air: it runs, but does not push to its CDN$/m);
    expect(c.out().split("\n")[0]).toMatch(/^2 of 6 tasks on air · 1 not on air · 3 cannot be known/);

    sandbox.emu.state.end(running("Webcast"), "ExceedMaxRunningTime");
    c = capture();
    expect(await run(["status", "--input", file, "--format", "json"], c.io)).toBe(1);
    const json = JSON.parse(c.out()) as { onAir: boolean; counts: object; tasks: Record<string, unknown>[] };
    expect(json.onAir).toBe(false);
    expect(json.counts).toEqual({ onAir: 1, notOnAir: 2, unknown: 3 });
    expect(json.tasks.find((t) => t.resource === "slides")).toMatchObject({
      status: "ended",
      stopReason: "ExceedMaxRunningTime",
      onAir: false,
      runningSince: null,
      startTime: expect.any(String),
      note: "ended at the vendor: the next `pulumi up` starts it again",
    });
    expect(json.tasks.find((t) => t.resource === "zego-cdn")).toMatchObject({
      status: null,
      onAir: null,
      hint: { source: "DescribeRTCStreamState", text: expect.stringMatching(/^source stream show is published/) },
    });
    noSecrets(c.out());
  });

  it("prints Markdown for a checklist or a chat, its cells escaped", async () => {
    const file = await exportedStack();
    const c = capture();
    expect(await run(["status", "--input", file, "--format", "markdown"], c.io)).toBe(0);
    const lines = c.out().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\*\*3 of 6 tasks on air · 3 cannot be known \(checked .*\)\*\*$/);
    expect(lines[2]).toBe("| Resource | Kind | Identity | Status | CDN push | Running since | Notes |");
    expect(lines).toHaveLength(3 + 1 + 6);
    expect(c.out()).toMatch(
      /^\| guest-relay \| Volcengine single-stream relay to CDN \| app1\/hall\/guest-relay-[0-9a-f]{8} \| running \| pushing \| /m,
    );
    expect(c.out()).toContain("hint (ListRealTimePublicStreamInfo): 0 subscribers");
    noSecrets(c.out());
  });

  it("colours the status on a terminal only, and never with NO_COLOR", async () => {
    const file = await exportedStack();
    const tty = capture({ isTTY: true });
    await run(["status", "--input", file], tty.io);
    expect(tty.out()).toContain("\x1b[32mrunning");
    process.env.NO_COLOR = "1";
    const plain = capture({ isTTY: true });
    await run(["status", "--input", file], plain.io);
    expect(plain.out()).not.toContain("\x1b[");
  });

  it("says when a read failed, without the credentials, and counts the task as not on air", async () => {
    const file = await exportedStack();
    process.env.RTC_TASKS_CALL_DEADLINE_MS = "300";
    sandbox.emu.state.faults = [{ vendor: "volcengine", action: "GetWebCastTask", type: "http500" }];
    const c = capture();
    expect(await run(["status", "--input", file, "--format", "json"], c.io)).toBe(1);
    const slides = (JSON.parse(c.out()) as { tasks: Record<string, unknown>[] }).tasks.find((t) => t.resource === "slides")!;
    expect(slides).toMatchObject({ onAir: false, note: expect.stringMatching(/^could not read it: .*GetWebCastTask/) });
    noSecrets(c.out());
  });

  it("--watch checks again every interval and ends cleanly on Ctrl-C, with the last check's code", async () => {
    const file = await exportedStack();
    let interrupt = () => {};
    let unregistered = false;
    let rounds = 0;
    const c = capture({
      onInterrupt: (h) => {
        interrupt = h;
        return () => void (unregistered = true);
      },
    });
    const stdout = c.io.stdout;
    c.io.stdout = (t) => {
      stdout(t);
      if (++rounds === 2) {
        running("PushSingleStreamToCDN").live = { pushState: 3 }; // seen by no check: Ctrl-C comes first
        interrupt();
      }
    };
    const started = Date.now();
    expect(await run(["status", "--input", file, "--watch", "--interval", "1"], c.io)).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(rounds).toBe(2);
    expect(unregistered).toBe(true);
    expect(c.out().match(/tasks on air/g)).toHaveLength(2);
    expect(c.out()).not.toContain("\x1b["); // not a terminal: appended, not redrawn
  });

  it("refuses bad usage with exit 2, and a file that is not a stack export", async () => {
    for (const args of [["--format", "html"], ["--interval", "5"], ["--watch", "--interval", "0"], ["extra"], ["--nope"]]) {
      const c = capture();
      expect(await run(["status", ...args], c.io), args.join(" ")).toBe(2);
      expect(c.err()).toMatch(/^rtc-tasks status: .*\n\nUsage: rtc-tasks status/s);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rtc-tasks-status-"));
    fs.writeFileSync(path.join(dir, "x.json"), '{"steps": []}');
    const c = capture();
    expect(await run(["status", "--input", path.join(dir, "x.json")], c.io)).toBe(2);
    expect(c.err()).toBe("rtc-tasks status: not the JSON of `pulumi stack export`: it has no deployment\n");
    const help = capture();
    expect(await run(["status", "--help"], help.io)).toBe(0);
    expect(help.out()).toMatch(/^Usage: rtc-tasks status/);
  });
});
