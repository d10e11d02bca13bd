/**
 * Results: building them run by run (from outcomes as they land, or replayed from a journal),
 * their statistics and warnings, and `results.json` written atomically and read back checked.
 *
 * @module
 */
import { checkResults, RESULTS_SCHEMA_URL } from "../model/results-schema.ts";
import { writeFileAtomic } from "../model/write-file.ts";
import { type JournalEntry, JournalError, type ParsedJournal, parseJournal, type PlanEntry } from "./journal.ts";
import { casesStats } from "../stats/summary.ts";
import { contentProblems, recomputeContradictedStats } from "./_results-checks.ts";
import { STEAL_SPIKE, stealSpikes } from "../stats/steal.ts";
import { explainCase } from "../stats/explain.ts";
import { isLatencyCase } from "../model/latency.ts";
import { sharedCpusWarning } from "./_contention-outcome.ts";
import type { CaseResult, Failure, Results, Sample } from "../model/types.ts";

/** Current results format. */
export const SCHEMA_VERSION = 1 as const;

/** Results with no runs yet. */
export function emptyResults(plan: PlanEntry): Results {
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
  const stats = casesStats(results.cases, results.seed);
  results.cases.forEach((c, index) => {
    c.stats = stats[index];
    c.warnings = caseWarnings(c);
    // The cost model is per GiB streamed: a latency case times messages (its own table), so it has none.
    if (isLatencyCase(c.params)) delete c.explain;
    else c.explain = explainCase(c, results.system.calibration);
  });
  const failed = results.cases.reduce((n, c) => n + c.failures.length, 0);
  results.warnings = results.warnings.filter((w) => !w.startsWith("failed runs:"));
  if (failed > 0) results.warnings.push(`failed runs: ${failed} (see each case's failures)`);
  return results;
}

/**
 * `noisy:` when a case's runs disagree (coefficient of variation above 10%, from 3 runs): of its
 * throughput, or for a latency case of its runs' p50 round trip — the throughput of round trips
 * mixes the median with the tail and is not what a latency case reports.
 */
function noisyWarning(c: CaseResult): string | null {
  if (!c.stats || c.samples.length < 3) return null;
  const latency = c.stats.latencyMicroseconds;
  const cv = latency === undefined ? c.stats.throughputGibPerSecond.cv : latency.p50.cv;
  if (!(cv > 0.1)) return null;
  const what = latency === undefined ? "coefficient of variation" : "coefficient of variation of the runs' p50";
  return `noisy: ${what} ${(cv * 100).toFixed(0)}%; add repetitions or quiet the machine`;
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
        // A loop, not Math.min(...): 10,000s of samples overflow the call stack as arguments.
        const worst = short.reduce(
          (low, s) => Math.min(low, s[side]!.hugePages.backedBytes / s[side]!.hugePages.requestedBytes),
          Infinity,
        );
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
  const noisy = noisyWarning(c);
  if (noisy !== null) warnings.push(noisy);
  const spikes = stealSpikes(c.samples);
  if (spikes > 0) {
    warnings.push(
      `${spikes} of ${c.samples.length} runs during a steal spike (the hypervisor took at least ` +
        `${STEAL_SPIKE * 100}% of CPU time): their numbers are suspect`,
    );
  }
  const shared = sharedCpusWarning(c);
  if (shared !== null) warnings.push(shared);
  if (c.failures.length > 0) warnings.push(`${c.failures.length} failed run(s)`);
  return warnings;
}

/** A sample or failure line of a journal. */
type OutcomeEntry = Extract<JournalEntry, { type: "sample" | "failure" }>;

/**
 * The results a journal holds so far: its plan, with every sample, failure and end line after it
 * applied (no statistics yet: see {@link finalizeResults}).
 *
 * One outcome per planned run: a run index journaled twice (a copied line, two processes in one
 * folder) counts once — the first sample wins, and a warning names the others. A failure followed
 * by another outcome of the same run is a retry (resume retries failed runs): the later outcome
 * replaces it. Lines naming a planned warm-up run, or a run of another case, are ignored, with a
 * warning.
 */
export function replayJournal(journal: ParsedJournal): Results {
  const results = emptyResults(structuredClone(journal.plan));
  const kept = new Map<number, OutcomeEntry>();
  const duplicates: number[] = [];
  const strays: number[] = [];
  for (const entry of journal.entries) {
    if (entry.type === "end") {
      applyEntry(results, entry);
      continue;
    }
    const run = entry.type === "sample" ? entry.sample.run : entry.failure.run;
    const planned = journal.plan.runs[run];
    if (planned !== undefined && (planned[2] || journal.plan.cases[planned[0]]?.id !== entry.caseId)) {
      strays.push(run);
      continue;
    }
    const first = kept.get(run);
    const retry = first?.type === "failure" && JSON.stringify(first) !== JSON.stringify(entry);
    if (first === undefined || retry) kept.set(run, entry);
    else duplicates.push(run);
  }
  for (const entry of kept.values()) applyEntry(results, entry);
  if (duplicates.length > 0) {
    results.warnings.push(
      `journal: run ${listRuns(duplicates)} journaled more than once; the first outcome of each is kept`,
    );
  }
  if (strays.length > 0) {
    results.warnings.push(`journal: lines for run ${listRuns(strays)} match no measured run of the plan: ignored`);
  }
  return results;
}

/** `3, 7, 9` (plan indices, 0-based as journaled), at most ten then `…`. */
function listRuns(runs: number[]): string {
  const unique = [...new Set(runs)];
  return unique.slice(0, 10).join(", ") + (unique.length > 10 ? ` and ${unique.length - 10} more` : "");
}

/**
 * Rebuilds finished results from the text of a `journal.ndjson` (read by the rule of
 * {@link parseJournal}: a torn last line is dropped). A journal without an end line is an
 * interrupted run.
 */
export function resultsFromJournal(text: string): Results {
  const results = replayJournal(parseJournal(text));
  if (results.finishedAt === null) results.interrupted = true;
  return finalizeResults(results);
}

/**
 * {@link resultsFromJournal}, checked as a results file would be when read back: what a journal
 * with a hand-edited or corrupt line would make is refused rather than written.
 *
 * @throws {JournalError} naming the journal and the first problems.
 */
export function checkedResultsFromJournal(text: string, path: string): Results {
  let results: Results;
  try {
    results = resultsFromJournal(text);
  } catch (error) {
    throw new JournalError(`${path}: ${(error as Error).message}`);
  }
  const checked = checkResults(JSON.parse(resultsText(results)));
  const problems = checked.ok ? contentProblems(results) : checked.problems;
  if (problems.length > 0) {
    throw new JournalError(
      `${path}: its lines do not make a valid results file (model/results.schema.json): ${problems.join("; ")}`,
    );
  }
  return results;
}

/** Samples and failures held: what "more complete" means between two results of one run. */
export function outcomeCount(results: Results): number {
  return results.cases.reduce((n, c) => n + c.samples.length + c.failures.length, 0);
}

/**
 * The text of `results.json`: `$schema` first (this version's {@link RESULTS_SCHEMA_URL}, replacing
 * the one of a file read back), then the results, two-space indented.
 */
export function resultsText(results: Results): string {
  const { $schema: _read, ...rest } = results;
  return JSON.stringify({ $schema: RESULTS_SCHEMA_URL, ...rest }, null, 2) + "\n";
}

/**
 * Writes `results.json` into `dir` atomically and without following a link (model/write-file.ts).
 *
 * @throws {OutputError} when it cannot be written (the previous file, if any, is left whole).
 */
export async function writeResultsFile(dir: string, results: Results): Promise<string> {
  const path = `${dir}/results.json`;
  await writeFileAtomic(path, resultsText(results));
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
  const problems = checked.ok ? contentProblems(checked.results) : checked.problems;
  if (!checked.ok || problems.length > 0) {
    throw new Error(
      `${path}: not a valid results file (model/results.schema.json):\n  ${problems.join("\n  ")}`,
    );
  }
  recomputeContradictedStats(checked.results);
  return checked.results;
}

/** Adds a sample or failure to the case it belongs to. */
export function recordOutcome(
  results: Results,
  caseIndex: number,
  outcome: { sample: Sample } | { failure: Failure },
): JournalEntry {
  const c = results.cases[caseIndex];
  // A retried run replaces its earlier failure (the journal keeps both; replay keeps the last).
  const run = "sample" in outcome ? outcome.sample.run : outcome.failure.run;
  if (c.failures.some((f) => f.run === run)) c.failures = c.failures.filter((f) => f.run !== run);
  const entry: JournalEntry = "sample" in outcome
    ? { type: "sample", caseId: c.id, sample: outcome.sample }
    : { type: "failure", caseId: c.id, failure: outcome.failure };
  applyEntry(results, entry);
  return entry;
}
