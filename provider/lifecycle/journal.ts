import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readSetting } from "../config";

/**
 * A write-ahead record, on this machine, of the starts the engine's checkpoint could lose. When
 * `pulumi` is killed between a vendor's answer and the checkpoint write, the task runs but the
 * stack does not know it. For most kinds the derived name finds it again (lifecycle/naming.ts).
 * Two kinds need more: Tencent makes the TaskId on its server, so only a record of the answer can
 * stop the task later; and a second ZEGO create of one rule is undocumented, so we must know
 * whether the first was sent. Each line is one JSON entry; nothing secret is written.
 */

export type Phase = "starting" | "started" | "stopped";

export interface JournalEntry {
  /** ISO time of the entry. */
  at: string;
  kind: string;
  /** The kind's start key: what names the task at the vendor before it runs. */
  key: string;
  phase: Phase;
  /** The resource's name: another resource that declares the same task does not resume it. */
  name?: string;
  /** For "started": the outputs the start returned (Tencent's TaskId), none of them secret. */
  outputs?: Record<string, unknown>;
}

const journalDirSetting = { key: "journalDir", env: ["RTC_TASKS_JOURNAL_DIR"] };

export function journalDir(): string {
  return readSetting(journalDirSetting) ?? path.join(os.homedir(), ".rtc-tasks", "journal");
}

/** One file per stack ("project/stack" as the program declared it), so stacks never mix. */
export function journalFile(stack: unknown): string {
  const name = (typeof stack === "string" && stack !== "" ? stack : "unknown-stack").replace(/[^A-Za-z0-9_.-]+/g, "_");
  return path.join(journalDir(), `${name}.jsonl`);
}

export function record(stack: unknown, entry: Omit<JournalEntry, "at">): void {
  const file = journalFile(stack);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // One small append per entry: the OS writes it whole, and a kill cannot leave half a line behind
  // that a later read does not skip.
  fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`, { mode: 0o600 });
}

/** The newest entry for a task, if this machine has one. */
export function lastEntry(stack: unknown, kind: string, key: string): JournalEntry | undefined {
  let text: string;
  try {
    text = fs.readFileSync(journalFile(stack), "utf8");
  } catch {
    return undefined;
  }
  let last: JournalEntry | undefined;
  for (const line of text.split("\n")) {
    if (!line) continue;
    let e: JournalEntry;
    try {
      e = JSON.parse(line) as JournalEntry;
    } catch {
      continue; // a line cut short by a crash
    }
    if (e.kind === kind && e.key === key) last = e;
  }
  return last;
}

/** Every task whose newest entry is not "stopped": what this machine may have left running. */
export function openEntries(stack: unknown): JournalEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(journalFile(stack), "utf8");
  } catch {
    return [];
  }
  const latest = new Map<string, JournalEntry>();
  for (const line of text.split("\n")) {
    try {
      const e = JSON.parse(line) as JournalEntry;
      latest.set(`${e.kind}\u0000${e.key}`, e);
    } catch {
      /* an empty or cut-short line */
    }
  }
  return [...latest.values()].filter((e) => e.phase !== "stopped");
}
