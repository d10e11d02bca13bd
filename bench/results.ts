/**
 * Results: building them run by run, the journal that makes every completed run durable at once,
 * and `results.json` written atomically.
 *
 * The journal (`journal.ndjson`) gets one line per event — the plan first, then a line per
 * completed run — flushed before the next run starts, so a crash, a `SIGKILL` of the runner or a
 * Ctrl-C loses nothing that completed; {@link resultsFromJournal} rebuilds the results from it.
 *
 * @module
 */
import { checkResults } from "../model/results-schema.ts";
import { caseStats } from "../stats/stats.ts";
import type { Case, CaseResult, Failure, Results, Sample, ScenarioInfo, SystemInfo } from "../model/types.ts";

/** Current results format. */
export const SCHEMA_VERSION = 1 as const;

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
  | { type: "end"; finishedAt: string; interrupted: boolean; loadAverageEnd: number[] | null };

/** Results with no runs yet. */
export function emptyResults(
  plan: Extract<JournalEntry, { type: "plan" }>,
): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: plan.runId,
    startedAt: plan.startedAt,
    finishedAt: null,
    seed: plan.seed,
    options: plan.options,
    system: plan.system,
    scenarios: plan.scenarios,
    cases: plan.cases.map((c): CaseResult => ({ ...c, samples: [], failures: [], stats: null, warnings: [] })),
    warnings: [],
    interrupted: false,
  };
}

/** Applies one journal entry to `results` (in place) and returns it. */
export function applyEntry(results: Results, entry: JournalEntry): Results {
  const find = (id: string) => {
    const found = results.cases.find((c) => c.id === id);
    if (found === undefined) throw new Error(`journal names an unknown case ${id}`);
    return found;
  };
  if (entry.type === "sample") find(entry.caseId).samples.push(entry.sample);
  if (entry.type === "failure") find(entry.caseId).failures.push(entry.failure);
  if (entry.type === "end") {
    results.finishedAt = entry.finishedAt;
    results.interrupted = entry.interrupted;
    results.system.loadAverage.end = entry.loadAverageEnd;
  }
  return results;
}

/** Computes statistics and warnings for every case (call once all runs are in). */
export function finalizeResults(results: Results): Results {
  for (const c of results.cases) {
    c.stats = caseStats(c.samples.map((s) => s.gibPerSecond), results.seed);
    c.warnings = caseWarnings(c);
  }
  const failed = results.cases.reduce((n, c) => n + c.failures.length, 0);
  results.warnings = results.warnings.filter((w) => !w.startsWith("failed runs:"));
  if (failed > 0) results.warnings.push(`failed runs: ${failed} (see each case's failures)`);
  return results;
}

function caseWarnings(c: CaseResult): string[] {
  const warnings: string[] = [];
  if (c.params.hugePages) {
    for (const side of ["writer", "reader"] as const) {
      const short = c.samples.filter((s) => {
        const report = s[side]?.hugePages;
        return report !== undefined && report.requestedBytes > 0 && report.backedBytes < report.requestedBytes;
      });
      if (short.length > 0) {
        const worst = Math.min(...short.map((s) => s[side]!.hugePages.backedBytes / s[side]!.hugePages.requestedBytes));
        warnings.push(
          `huge pages asked for but not obtained on the ${side} in ${short.length} of ${c.samples.length} runs ` +
            `(as little as ${(worst * 100).toFixed(0)}% backed): check /sys/kernel/mm/transparent_hugepage/enabled ` +
            `is 'madvise' or 'always' and that memory is not fragmented`,
        );
      }
    }
  }
  for (const side of ["writer", "reader"] as const) {
    const traced = c.samples.flatMap((s) => s[side]?.fastPath ? [s[side]!.fastPath!] : []);
    const slow = traced.reduce((sum, t) => sum + Math.max(0, t.bytes - t.fastBytes), 0);
    const total = traced.reduce((sum, t) => sum + t.bytes, 0);
    if (slow > 0) {
      warnings.push(
        `${(slow / total * 100).toFixed(0)}% of the ${side}'s measured bytes went through V8's slow FFI path ` +
          `(its hot loop was not yet optimized by TurboFan)`,
      );
    }
  }
  if (c.stats && c.stats.throughputGibPerSecond.cv > 0.1 && c.samples.length >= 3) {
    warnings.push(
      `noisy: coefficient of variation ${(c.stats.throughputGibPerSecond.cv * 100).toFixed(0)}%; ` +
        `add repetitions or quiet the machine`,
    );
  }
  if (c.failures.length > 0) warnings.push(`${c.failures.length} failed run(s)`);
  return warnings;
}

/** Rebuilds results from the text of a `journal.ndjson` (a torn last line is ignored). */
export function resultsFromJournal(text: string): Results {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  let results: Results | undefined;
  lines.forEach((line, i) => {
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line);
    } catch {
      if (i === lines.length - 1) return; // the runner died mid-write
      throw new Error(`journal line ${i + 1} is not JSON`);
    }
    if (entry.type === "plan") results = emptyResults(entry);
    else if (results === undefined) throw new Error("journal does not start with a plan line");
    else applyEntry(results, entry);
  });
  if (results === undefined) throw new Error("journal is empty");
  if (results.finishedAt === null) results.interrupted = true;
  return finalizeResults(results);
}

/** Appends journal entries to `<dir>/journal.ndjson`, each one synced before returning. */
export function openJournal(dir: string): { append(entry: JournalEntry): void; close(): void } {
  const file = Deno.openSync(`${dir}/journal.ndjson`, { create: true, append: true });
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

/** Writes `results.json` into `dir` atomically (temporary file, then rename). */
export async function writeResultsFile(dir: string, results: Results): Promise<string> {
  const path = `${dir}/results.json`;
  const temporary = `${path}.tmp`;
  await Deno.writeTextFile(temporary, JSON.stringify(results, null, 2) + "\n");
  await Deno.rename(temporary, path);
  return path;
}

/** Reads and checks a results file: a clear error naming the file when it is not one. */
export async function readResultsFile(path: string): Promise<Results> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`${path}: cannot read: ${error instanceof Error ? error.message : error}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (truncated?): ${error instanceof Error ? error.message : error}`);
  }
  const record = value as Partial<Results> | null;
  if (typeof record !== "object" || record === null || !("schemaVersion" in record)) {
    throw new Error(`${path}: not a pipespeed results file (no schemaVersion)`);
  }
  if (record.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(
      `${path}: results schemaVersion ${record.schemaVersion} is not supported (this pipespeed reads ${SCHEMA_VERSION})`,
    );
  }
  const checked = checkResults(record);
  if (!checked.ok) {
    throw new Error(
      `${path}: not a valid results file (model/results.schema.json):\n  ${checked.problems.join("\n  ")}`,
    );
  }
  return checked.results;
}

/** Adds a sample or failure to the case it belongs to. */
export function recordOutcome(
  results: Results,
  caseIndex: number,
  outcome: { sample: Sample } | { failure: Failure },
): JournalEntry {
  const c = results.cases[caseIndex];
  const entry: JournalEntry = "sample" in outcome
    ? { type: "sample", caseId: c.id, sample: outcome.sample }
    : { type: "failure", caseId: c.id, failure: outcome.failure };
  applyEntry(results, entry);
  return entry;
}
