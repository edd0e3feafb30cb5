import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { parseEmulatorOptions } from "../../../provider/cli/commands/emulator";
import { run, type Io } from "../../../provider/cli/main";
import { setStackConfig } from "../../../provider/config";
import { isRtcError } from "../../../provider/http/errors";
import { VOLCENGINE_VERSION } from "../../../provider/tasks/volcengine/common";
import { tencentCall } from "../../../provider/vendors/tencent/client";
import { volcengineCall } from "../../../provider/vendors/volcengine/client";
import { zegoCall } from "../../../provider/vendors/zego/client";
import { freePort, freePortRun, isFree } from "../fixtures/ports";

/** A command run with a stop button: what it printed so far, and its exit code once stopped. */
interface Running {
  out: () => string;
  err: () => string;
  /** Resolves once the command has printed its "Serving" line (or ended). */
  ready: Promise<void>;
  stop(): Promise<number>;
}

function start(args: string[]): Running {
  let out = "";
  let err = "";
  let interrupt!: () => void;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const io: Io = {
    stdout: (t) => {
      out += t;
      if (out.includes("Serving until Ctrl-C.")) markReady();
    },
    stderr: (t) => {
      err += t;
    },
    onInterrupt: (h) => {
      interrupt = h;
      return () => undefined;
    },
  };
  const code = run(["emulator", ...args], io).finally(markReady);
  return { out: () => out, err: () => err, ready, stop: () => (interrupt?.(), code) };
}

/** The `pulumi config set` lines printed, as key → value (quotes removed), and which were --secret. */
function configLines(out: string): { values: Map<string, string>; secret: Set<string> } {
  const values = new Map<string, string>();
  const secret = new Set<string>();
  for (const m of out.matchAll(/^ {2}pulumi config set (--secret )?(\S+) (.+)$/gm)) {
    values.set(m[2]!, m[3]!.replace(/^'(.*)'$/, "$1"));
    if (m[1]) secret.add(m[2]!);
  }
  return { values, secret };
}

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  setStackConfig(() => undefined);
});

describe("rtc-tasks emulator", () => {
  it("documents every option in --help", async () => {
    let out = "";
    const code = await run(["emulator", "--help"], { stdout: (t) => (out += t), stderr: () => undefined });
    expect(code).toBe(0);
    for (const option of ["--ports N", "--port N", "--volcengine-port N", "--tencent-port N", "--zego-port N", "--host ADDR", "Ctrl-C"])
      expect(out).toContain(option);
  });

  it("refuses what is not a port, naming the option, with exit code 2", async () => {
    for (const args of [["--ports", "65533"], ["--port", "http"], ["--zego-port", "-1"], ["--bogus"]]) {
      let err = "";
      const code = await run(["emulator", ...args], { stdout: () => undefined, stderr: (t) => (err += t) });
      expect(code, args.join(" ")).toBe(2);
      expect(err).toContain("Usage: rtc-tasks emulator");
    }
  });

  it("fixes all four ports from --ports N, each overridable, and the admin port from the old variable", () => {
    expect(parseEmulatorOptions(["--ports", "8700"], {})).toEqual({
      host: undefined,
      port: 8700,
      vendorPorts: { volcengine: 8701, tencent: 8702, zego: 8703 },
    });
    expect(parseEmulatorOptions(["--ports", "8700", "--zego-port", "9000", "--port", "9001"], {})).toMatchObject({
      port: 9001,
      vendorPorts: { volcengine: 8701, tencent: 8702, zego: 9000 },
    });
    expect(parseEmulatorOptions([], { RTC_TASKS_EMULATOR_PORT: "8800" })).toMatchObject({ port: 8800, vendorPorts: {} });
  });

  it("serves on the ports given and prints lines that point a shell or a stack at it", async () => {
    const [admin, volcengine, tencent, zego] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const args = ["--port", admin, "--volcengine-port", volcengine, "--tencent-port", tencent, "--zego-port", zego].map(String);
    const emu = start(args);
    running.push(emu);
    await emu.ready;
    const out = emu.out();
    expect(out).toContain(`admin API          http://127.0.0.1:${admin} `);
    expect(out).toContain(`Volcengine         http://127.0.0.1:${volcengine}\n`);
    expect(out).toContain(`Tencent Cloud TRTC http://127.0.0.1:${tencent}\n`);
    expect(out).toContain(`ZEGO               http://127.0.0.1:${zego}\n`);
    expect(out).toContain("The ports are fixed");

    // The export lines, run by a shell, give exactly the environment the emulator itself hands out.
    const exports = [...out.matchAll(/^ {2}(export .+)$/gm)].map((m) => m[1]).join("\n");
    const { stdout } = await promisify(execFile)("bash", ["-c", `${exports}\nnode -p 'JSON.stringify(process.env)'`], { env: {} });
    const served = (await (await fetch(`http://127.0.0.1:${admin}/_emulator/env`)).json()) as Record<string, string>;
    const shellEnv = JSON.parse(stdout) as Record<string, string>;
    for (const [k, v] of Object.entries(served)) expect(shellEnv[k], k).toBe(v);

    // The config lines alone, with no environment, reach each vendor with a signature it accepts.
    const { values, secret } = configLines(out);
    expect([...secret].sort()).toEqual(
      [
        "rtc-tasks:tencentSecretId",
        "rtc-tasks:tencentSecretKey",
        "rtc-tasks:volcengineAccessKey",
        "rtc-tasks:volcengineSecretKey",
        "rtc-tasks:zegoServerSecret",
      ].sort(),
    );
    const saved = { ...process.env };
    for (const k of Object.keys(served)) delete process.env[k];
    try {
      setStackConfig((key) => values.get(key));
      const answer = (call: Promise<unknown>) =>
        call.then(
          () => "ok",
          (e: unknown) => (isRtcError(e) && e.code !== "RTC_AUTH" && e.vendorCode !== undefined ? "vendor answered" : e),
        );
      const get = { version: VOLCENGINE_VERSION, method: "GET", params: {}, idempotent: true } as const;
      expect(await answer(volcengineCall({ action: "GetPushMixedStreamToCDNTask", ...get }))).toBe("vendor answered");
      expect(await answer(tencentCall({ action: "StopPublishCdnStream", params: {}, idempotent: true }))).toBe("vendor answered");
      expect(await answer(zegoCall({ action: "DeleteCDNTransferRule", streamId: "s", params: {}, idempotent: true }))).toBe(
        "vendor answered",
      );
    } finally {
      Object.assign(process.env, saved);
    }
    const stats = (await (await fetch(`http://127.0.0.1:${admin}/_emulator/stats`)).json()) as Record<string, number>;
    expect(stats).toMatchObject({ requests: 3, rejectedSignatures: 0 });
  });

  it("starts again on the same --ports once stopped, so a saved config keeps working", async () => {
    const base = await freePortRun();
    const first = start(["--ports", String(base)]);
    await first.ready;
    const printed = first.out();
    expect(await first.stop()).toBe(0);
    expect(first.err()).toContain("stopped");
    const second = start(["--ports", String(base)]);
    running.push(second);
    await second.ready;
    expect(second.out()).toBe(printed);
    expect(printed).toContain(`pulumi config set rtc-tasks:zegoEndpoint http://127.0.0.1:${base + 3}\n`);
  });

  it("says which port is taken, and leaves none of its own listening", async () => {
    const base = await freePortRun();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(base + 2, "127.0.0.1", r));
    try {
      let err = "";
      const code = await run(["emulator", "--ports", String(base)], {
        stdout: () => undefined,
        stderr: (t) => (err += t),
        onInterrupt: (h) => (h(), () => undefined),
      });
      expect(code).toBe(2);
      expect(err).toContain(`the tencent port ${base + 2} on 127.0.0.1 is in use`);
      expect(await Promise.all([base, base + 1, base + 3].map(isFree))).toEqual([true, true, true]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it("prints free ports, and says how to fix them, when none is given", async () => {
    const emu = start([]);
    running.push(emu);
    await emu.ready;
    expect(emu.out()).toMatch(/admin API {10}http:\/\/127\.0\.0\.1:\d+ /);
    expect(emu.out()).toContain("pass --ports N to fix them");
  });
});
