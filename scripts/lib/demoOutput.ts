import type { EngineEvent, OpMap } from "@pulumi/pulumi/automation";
import type { EmulatedTask, RunningEmulator } from "../../provider/emulator";
import { VENDOR_NAMES, VENDORS } from "../../provider/vendors/vendor";

/**
 * What `npm run demo` prints, for a terminal and a CI log alike: plain lines, with colour only when
 * stdout is a terminal and NO_COLOR is not set (a CI log keeps no escape codes).
 */
const COLOR = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint =
  (code: string) =>
  (text: string): string =>
    COLOR ? `\u001b[${code}m${text}\u001b[0m` : text;
export const bold = paint("1");
export const dim = paint("2");
const green = paint("32");

export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** A step's heading, e.g. "━━━ 2/6  live at each vendor ━━━━…". */
export function banner(step: string, text: string): void {
  say();
  say(bold(`\u2501\u2501\u2501 ${step}  ${text} ${"\u2501".repeat(Math.max(3, 70 - step.length - text.length))}`));
}

/** The emulator's task kinds, as people call them. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  PushMixedStreamToCDN: "mixed relay to CDN",
  PushSingleStreamToCDN: "single relay to CDN",
  Webcast: "webcast",
  PublicStream: "public stream",
  PublishCdnStream: "relay to CDN",
  CDNTransferRule: "CDN transfer rule",
};

/** What runs at each vendor now, all three named even when nothing runs there. */
export function showRunning(emu: RunningEmulator): void {
  const tasks = emu.state.list();
  const keys = new Map(tasks.map((t) => [t, shortKey(t.key)]));
  const width = Math.max(0, ...[...keys.values()].map((k) => k.length));
  for (const vendor of VENDORS) {
    say(`  ${bold(VENDOR_NAMES[vendor])}`);
    const here = tasks.filter((t) => t.vendor === vendor);
    if (here.length === 0) say(dim("    (nothing running)"));
    for (const t of here)
      say(`    ${green("\u25cf")} ${(KIND_NAMES[t.kind] ?? t.kind).padEnd(19)} ${keys.get(t)!.padEnd(width)}  ${dim(age(t))}`);
  }
}

/** A vendor-made id (Tencent's TaskIds run to 80 characters) cut in the middle, so the columns fit a terminal. */
function shortKey(key: string): string {
  return key
    .split("/")
    .map((part) => (part.length > 28 ? `${part.slice(0, 12)}\u2026${part.slice(-8)}` : part))
    .join("/");
}

function age(t: EmulatedTask): string {
  const seconds = ((Date.now() - t.startedAt) / 1000).toFixed(1);
  return `running ${seconds} s${t.updates ? `, updated in place ${t.updates}\u00d7` : ""}`;
}

/**
 * The engine's events as the demo shows them: the provider's own lines (a stream started, updated,
 * stopped) in the order they happened, and every warning or error.
 */
export function engineLines(event: EngineEvent): void {
  const d = event.diagnosticEvent;
  if (!d || d.ephemeral) return;
  const message = d.message.trim();
  if (message.startsWith("rtc-tasks: ")) say(`  ${message}`);
  else if (d.severity === "warning" || d.severity === "error") say(`  ${d.severity}: ${message}`);
}

const OP_WORDS: Readonly<Record<string, string>> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  same: "unchanged",
};

/** Pulumi's count of what an update did, e.g. "Pulumi: 2 replaced, 1 updated, 1 deleted, 1 unchanged (3.2 s)". */
export function summaryLine(changes: OpMap | undefined, startedAt: number): string {
  const parts = Object.entries(changes ?? {})
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([op, n]) => `${n} ${OP_WORDS[op] ?? op}`);
  return dim(`  Pulumi: ${parts.join(", ") || "no changes"} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
}

function order(op: string): number {
  const at = Object.keys(OP_WORDS).indexOf(op);
  return at < 0 ? Object.keys(OP_WORDS).length : at;
}
