/**
 * The journal of a run (`journal.ndjson`): one JSON line per event — the plan first, then a line
 * per completed run, then an end line — each synced before the next run starts, so a crash, a
 * `SIGKILL` of the runner or a Ctrl-C loses nothing that completed.
 *
 * Reading it back follows one rule, for rebuilding results and for resuming alike: a torn last
 * line (the runner died mid-write) is dropped; a bad line anywhere else is an error naming it.
 * A journal may hold several plans only if someone appended by hand; the last one is the run.
 * Errors are {@link JournalError}s: one line, naming the file and the line.
 *
 * The journal is opened without following a symbolic link: created exclusively for a new run,
 * and refused when it is a link on resume.
 *
 * @module
 */
import type { Case, Failure, Results, Sample, ScenarioInfo, SystemInfo } from "../model/types.ts";

/** The journal's file name inside a run's output folder. */
export const JOURNAL_FILE = "journal.ndjson";

/** One line of `journal.ndjson`. */
export type JournalEntry =
  | {
    type: "plan";
    runId: string;
    startedAt: string;
    seed: number;
    options: Results["options"];
    system: SystemInfo;
    scenarios: ScenarioInfo[];
    cases: Case[];
    /** The planned runs as `[caseIndex, repetition, warmup]` in order. */
    runs: [number, number, boolean][];
    /** Warm-up bytes and timeout the runs used, so a resumed run uses them too. */
    runOptions?: { warmupBytes?: number; timeoutSeconds?: number; traceFastPath?: boolean };
  }
  | { type: "sample"; caseId: string; sample: Sample }
  | { type: "failure"; caseId: string; failure: Failure }
  | {
    type: "end";
    finishedAt: string;
    interrupted: boolean;
    loadAverageEnd: number[] | null;
    /** Seconds of the `maxTime` budget spent up to this line, over every command of the run (bench/budget.ts). */
    budgetSeconds?: number;
  };

/** The first line of a journal. */
export type PlanEntry = Extract<JournalEntry, { type: "plan" }>;

/** A journal read back: its last plan and what followed it. */
export interface ParsedJournal {
  /** The plan of the run. */
  plan: PlanEntry;
  /** The entries after the plan, in order. */
  entries: Exclude<JournalEntry, PlanEntry>[];
  /** Length (in characters) of the text that is whole lines: everything but a torn last line. */
  wholeLength: number;
}

const ENTRY_TYPES: ReadonlySet<string> = new Set(["plan", "sample", "failure", "end"]);

/** A journal that cannot be read back: the message names the file and, where known, the line. */
export class JournalError extends Error {
  override name = "JournalError";
}

/** `<dir>/journal.ndjson`. */
export function journalPath(dir: string): string {
  return `${dir}/${JOURNAL_FILE}`;
}

/**
 * Parses the text of a journal. Throws an error naming the line (1-based) when a line other than
 * the last is not a journal entry, or when the journal does not start with a plan.
 */
export function parseJournal(text: string): ParsedJournal {
  const lines = text.split("\n");
  const lastFilled = lines.findLastIndex((line) => line.trim() !== "");
  const all: JournalEntry[] = [];
  let wholeLength = text.length;
  let offset = 0;
  for (const [i, line] of lines.entries()) {
    const start = offset;
    offset += line.length + 1;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i === lastFilled) { // the runner died mid-write
        wholeLength = start;
        break;
      }
      throw new JournalError(`line ${i + 1} is not JSON`);
    }
    if (!isEntry(value)) throw new JournalError(`line ${i + 1} is not a journal entry`);
    if (all.length === 0 && value.type !== "plan") {
      throw new JournalError(`line ${i + 1}: the journal does not start with a plan line: not a pipespeed journal`);
    }
    const problem = entryProblem(value);
    if (problem !== null) throw new JournalError(`line ${i + 1}: ${problem}`);
    all.push(value);
  }
  if (all.length === 0) throw new JournalError("the journal is empty: not a pipespeed journal");
  const start = all.findLastIndex((entry) => entry.type === "plan");
  const entries = all.slice(start + 1).filter((entry) => entry.type !== "plan");
  return { plan: all[start] as PlanEntry, entries, wholeLength };
}

function isEntry(value: unknown): value is JournalEntry {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof value === "object" && value !== null && typeof type === "string" && ENTRY_TYPES.has(type);
}

/** What is wrong with the shape of an entry's own fields, or `null` (values are checked with the results). */
function entryProblem(entry: JournalEntry): string | null {
  const isCount = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
  if (entry.type === "plan") {
    const ok = Array.isArray(entry.cases) && Array.isArray(entry.runs) &&
      entry.runs.every((run) => Array.isArray(run) && isCount(run[0]) && run[0] < entry.cases.length);
    return ok ? null : "the plan line has no valid cases and runs";
  }
  if (entry.type === "sample" || entry.type === "failure") {
    const outcome = entry.type === "sample" ? entry.sample : entry.failure;
    const ok = typeof entry.caseId === "string" && typeof outcome === "object" && outcome !== null &&
      isCount(outcome.run);
    return ok ? null : `the ${entry.type} line has no case id or run index`;
  }
  return null;
}

/** Reads `<dir>/journal.ndjson` as text; a missing or unreadable file is a {@link JournalError}. */
async function readText(path: string): Promise<string> {
  const info = await Deno.lstat(path).catch(() => null);
  if (info?.isSymlink) throw new JournalError(`${path}: the journal is a symbolic link: refusing to use it`);
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new JournalError(`${path}: cannot read: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** Reads and parses `<dir>/journal.ndjson`; errors name the file. */
export async function readJournal(dir: string): Promise<ParsedJournal> {
  const path = journalPath(dir);
  const text = await readText(path);
  return namingFile(path, () => parseJournal(text));
}

/**
 * Reads `<dir>/journal.ndjson` to carry it on: a torn last line is cut off the file, and a whole
 * last line that lost its newline gets one, so the next entry starts on a line of its own.
 */
export async function reopenJournal(dir: string): Promise<ParsedJournal> {
  const path = journalPath(dir);
  const text = await readText(path);
  const journal = namingFile(path, () => parseJournal(text));
  const whole = text.slice(0, journal.wholeLength);
  if (whole.length < text.length) await Deno.truncate(path, new TextEncoder().encode(whole).length);
  if (!whole.endsWith("\n")) await Deno.writeTextFile(path, "\n", { append: true });
  return journal;
}

/** Runs `parse`, prefixing any error with the file's path. */
function namingFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new JournalError(`${path}: ${(error as Error).message}`);
  }
}

/** An open journal: appends entries, each synced to disk before `append` returns. */
export interface JournalWriter {
  /** Writes one entry as one line and syncs it. */
  append(entry: JournalEntry): void;
  /** Closes the file. */
  close(): void;
}

/**
 * Opens `<dir>/journal.ndjson` for appending: a new one (created exclusively: an existing file or
 * link there is an error) or, with `existing`, the journal being resumed (refused when a link).
 */
export function openJournal(dir: string, existing = false): JournalWriter {
  const path = journalPath(dir);
  if (existing && Deno.lstatSync(path).isSymlink) {
    throw new JournalError(`${path}: the journal is a symbolic link: refusing to write through it`);
  }
  const file = Deno.openSync(path, existing ? { append: true } : { createNew: true, write: true, append: true });
  const encoder = new TextEncoder();
  return {
    append(entry) {
      const bytes = encoder.encode(JSON.stringify(entry) + "\n");
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
      file.syncDataSync();
    },
    close: () => file.close(),
  };
}
