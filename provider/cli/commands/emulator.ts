import { parseArgs } from "node:util";
import type { Setting } from "../../config";
import type { RunningEmulator } from "../../emulator";
import { VENDOR_NAMES, VENDORS, type Vendor } from "../../vendors/vendor";
import { nodeIo, usageError, type Io } from "../io";

export const EMULATOR_USAGE = `Usage: rtc-tasks emulator [options]

Serves the Volcengine RTC, Tencent Cloud TRTC and ZEGO APIs on this machine, so that a stack can be
tried without a vendor account. It checks every request's signature and fields against the vendor's
own model and keeps the set of running tasks. It prints its URLs, then the environment variables and
the \`pulumi config set\` lines that point a program at it, and serves until Ctrl-C.

Options:
  --ports N            Fixed ports: the admin API on N, Volcengine on N+1, Tencent on N+2, ZEGO on N+3
  --port N             The admin API's port (default: $RTC_TASKS_EMULATOR_PORT, else a free one)
  --volcengine-port N  Volcengine's port (default: a free one; these three override --ports)
  --tencent-port N     Tencent's port
  --zego-port N        ZEGO's port
  --host ADDR          The address to listen on (default 127.0.0.1; printed URLs name 127.0.0.1 for
                       0.0.0.0). The provider takes a plain-HTTP Tencent endpoint on loopback only
  -h, --help           Show this help

Without fixed ports every start picks new ones, and a stack config saved from an earlier start
points at ports that are gone. The credentials it prints are the emulator's fixed test credentials,
not a vendor's.

Admin API: GET <admin URL>/_emulator/tasks lists the running tasks; /_emulator/endpoints, /env,
/stats, /faults and /reset are described in the README ("The emulator").

Examples:
  npx rtc-tasks emulator --ports 8700
  npm run emulator -- --ports 8700     (in the rtc-tasks repository)
`;

const OPTIONS = {
  ports: { type: "string" },
  port: { type: "string" },
  "volcengine-port": { type: "string" },
  "tencent-port": { type: "string" },
  "zego-port": { type: "string" },
  host: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface EmulatorCommandOptions {
  host?: string;
  port?: number;
  vendorPorts: Partial<Record<Vendor, number>>;
}

/** Parses the options; throws a usage message. `env` supplies the admin port's old variable. */
export function parseEmulatorOptions(args: readonly string[], env: NodeJS.ProcessEnv = process.env): EmulatorCommandOptions | "help" {
  const { values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return "help";
  const base = values.ports === undefined ? undefined : port("--ports", values.ports, 1, 65_532);
  const fromBase = (offset: number) => (base === undefined ? undefined : base + offset);
  const portEnv = env.RTC_TASKS_EMULATOR_PORT;
  return {
    host: values.host,
    port:
      values.port !== undefined
        ? port("--port", values.port)
        : (fromBase(0) ?? (portEnv ? port("RTC_TASKS_EMULATOR_PORT", portEnv) : undefined)),
    vendorPorts: {
      volcengine: values["volcengine-port"] !== undefined ? port("--volcengine-port", values["volcengine-port"]) : fromBase(1),
      tencent: values["tencent-port"] !== undefined ? port("--tencent-port", values["tencent-port"]) : fromBase(2),
      zego: values["zego-port"] !== undefined ? port("--zego-port", values["zego-port"]) : fromBase(3),
    },
  };
}

function port(name: string, text: string, min = 0, max = 65_535): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`${name} must be a port number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** `rtc-tasks emulator`: starts the emulator, says how to point a stack at it, serves until interrupted. */
export async function emulatorCommand(args: readonly string[], io: Io): Promise<number> {
  let options: EmulatorCommandOptions | "help";
  try {
    options = parseEmulatorOptions(args);
  } catch (e) {
    return usageError(io, `emulator: ${(e as Error).message}`, EMULATOR_USAGE);
  }
  if (options === "help") {
    io.stdout(EMULATOR_USAGE);
    return 0;
  }
  // Loaded here, so that the other commands do not load the emulator.
  const { startEmulator } = await import("../../emulator");
  let emu: RunningEmulator;
  try {
    emu = await startEmulator(options);
  } catch (e) {
    io.stderr(`rtc-tasks emulator: ${(e as Error).message}\n`);
    return 2;
  }
  const allFixed = [options.port, ...VENDORS.map((v) => options.vendorPorts[v])].every((p) => p !== undefined && p !== 0);
  io.stdout(await describeEmulator(emu, allFixed));
  let unregister = (): void => undefined;
  await new Promise<void>((resolve) => (unregister = (io.onInterrupt ?? nodeIo().onInterrupt!)(resolve)));
  unregister();
  await emu.close();
  io.stderr("rtc-tasks emulator: stopped\n");
  return 0;
}

/** What the command prints once listening: URLs, `export` lines, `pulumi config set` lines. */
export async function describeEmulator(emu: RunningEmulator, fixedPorts: boolean): Promise<string> {
  const settings = await settingsByEnv();
  const env = emu.env();
  const ordered = Object.keys(env).sort((a, b) => order(a) - order(b));
  const lines = [
    "rtc-tasks emulator: the Volcengine RTC, Tencent Cloud TRTC and ZEGO APIs, served on this machine",
    "",
    `  ${"admin API".padEnd(19)}${emu.baseUrl}   (GET /_emulator/tasks lists the running tasks)`,
    ...VENDORS.map((v) => `  ${VENDOR_NAMES[v].padEnd(19)}${emu.endpoints[v]}`),
    "",
    "Point a shell at it (pulumi runs the provider with this environment):",
    ...ordered.map((k) => `  export ${k}=${shellQuote(env[k]!)}`),
    "",
    "Or save it in a stack's config (in the Pulumi project's directory; stack config wins over the environment):",
    ...ordered.map((k) => {
      const s = settings.get(k);
      if (!s) throw new Error(`no stack config setting reads ${k}`);
      return `  pulumi config set ${s.secret ? "--secret " : ""}rtc-tasks:${s.key} ${shellQuote(env[k]!)}`;
    }),
    "",
    "The credentials are the emulator's fixed test credentials, not a vendor's.",
    fixedPorts
      ? "The ports are fixed: a config saved from these lines keeps working when the emulator is started again the same way."
      : "The ports were picked for this run: pass --ports N to fix them, so that a saved config keeps working after a restart.",
    "",
    "Serving until Ctrl-C.",
    "",
  ];
  return lines.join("\n");
}

/** The provider's own settings tables, by the environment variable each reads. */
async function settingsByEnv(): Promise<Map<string, Setting>> {
  const [{ volcengineSettings }, { tencentSettings }, { zegoSettings }] = await Promise.all([
    import("../../vendors/volcengine/client"),
    import("../../vendors/tencent/client"),
    import("../../vendors/zego/client"),
  ]);
  const all: Setting[] = [volcengineSettings, tencentSettings, zegoSettings].flatMap((t) => Object.values(t) as Setting[]);
  return new Map(all.flatMap((s) => s.env.map((e) => [e, s] as const)));
}

function order(envName: string): number {
  const at = VENDORS.findIndex((v) => envName.startsWith(v === "tencent" ? "TENCENTCLOUD_" : `${v.toUpperCase()}_`));
  return at < 0 ? VENDORS.length : at;
}

/** Single quotes only where a shell would otherwise split or expand the value. */
function shellQuote(value: string): string {
  return /^[\w.:/@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
