/**
 * Progress of a `run` on stderr: a bar on a terminal, one line per run otherwise, nothing when
 * quiet. A failed run is always named with its side and reason. Counts are of this session's runs
 * (a resumed run counts what is left, not the plan's positions). Names and reasons are shown with
 * their control characters neutralized (a name or a child's stderr may hold escape sequences).
 *
 * @module
 */
import cliProgress from "cli-progress";
import pc from "picocolors";
import type { SessionEvents } from "../bench/session.ts";
import type { Case, Sample } from "../model/types.ts";
import { formatMicroseconds } from "../reports/format/latency.ts";
import { figureResolved } from "../model/latency.ts";
import type { RunOutcome } from "../bench/runner.ts";
import { neutralize } from "./terminal-text.ts";

/** Session events that show progress, and how to take the bar down. */
export interface ProgressReporter {
  /** Given to the session. */
  events: SessionEvents;
  /** Removes the bar (call once the session is over). */
  stop(): void;
}

/**
 * What a finished run measured: its throughput, or for a latency run (issue 18) its p50 and p99 —
 * the GiB/s of round trips is not what it measures — each "—" when the run timed too few round
 * trips for it (`figureResolved`, the tables' rule).
 */
export function resultText(sample: Pick<Sample, "gibPerSecond" | "latency">): string {
  const latency = sample.latency;
  if (latency === undefined) return `${sample.gibPerSecond.toFixed(2)} GiB/s`;
  // "—" as in the tables where the run timed too few round trips: a p99 of 50 is their maximum.
  const figure = (key: "p50" | "p99") =>
    `${key} ${figureResolved(key, [sample]) ? formatMicroseconds(latency.microseconds[key]) : "—"}`;
  return `${figure("p50")}, ${figure("p99")}${latency.rate === undefined ? "" : " one way"}`;
}

/** The progress reporter for stderr as it is (a terminal or not). */
export function progressReporter(quiet: boolean): ProgressReporter {
  if (quiet) return { events: {}, stop: () => {} };
  return Deno.stderr.isTerminal() ? progressBar() : progressLines();
}

/**
 * One line per finished run, for logs: `[3/12] id: 1.23 GiB/s` (a latency run: `p50 24.1 µs, p99
 * 61.2 µs`), counted over this session's runs.
 */
export function progressLines(print: (line: string) => void = console.error): ProgressReporter {
  let finished = 0;
  return {
    events: {
      runFinished(run, total, c, outcome) {
        finished++;
        const what = outcome.ok
          ? resultText(outcome.sample)
          : `FAILED (${outcome.failure.side}): ${outcome.failure.reason}`;
        print(neutralize(`[${finished}/${total}] ${c.id}${run.warmup ? " (warm-up)" : ""}: ${what}`));
        if (outcome.ok && outcome.warning) print(neutralize(`  warning: ${outcome.warning}`));
      },
    },
    stop: () => {},
  };
}

/** What the bar shows besides its counts: the case running now, and the last result with its own case. */
export interface ProgressPayload {
  /** The case of the run under way (or just finished). */
  caseName: string;
  /** `write_read 0.84 GiB/s`: the last finished run's result, named by its own case; `—` before any. */
  last: string;
}

/** The bar's line; `{last}` carries its case's name, since the next run's case shows in `{caseName}`. */
export const PROGRESS_FORMAT = "{bar} {value}/{total} runs | ETA {eta_formatted} | now {caseName} | last {last}";

/**
 * The payload after each event. The last result keeps the name of the case that produced it: when
 * the next run starts, `caseName` moves on but `last` still names its own case.
 */
export function progressPayloads(): {
  starting(c: Case): ProgressPayload;
  finished(c: Case, outcome: RunOutcome): ProgressPayload;
} {
  const payload: ProgressPayload = { caseName: "", last: "—" };
  return {
    starting(c) {
      payload.caseName = neutralize(c.name);
      return { ...payload };
    },
    finished(c, outcome) {
      payload.caseName = neutralize(c.name);
      payload.last = `${neutralize(c.name)} ${outcome.ok ? resultText(outcome.sample) : pc.red("failed")}`;
      return { ...payload };
    },
  };
}

/** A bar with the ETA, the current case and the last throughput. */
function progressBar(): ProgressReporter {
  const bar = new cliProgress.SingleBar({
    format: PROGRESS_FORMAT,
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  const payloads = progressPayloads();
  let started = false;
  return {
    events: {
      runStarting(_run, total, c) {
        const payload = payloads.starting(c);
        if (!started) bar.start(total, 0, payload);
        else bar.setTotal(total); // rounds added for precision
        started = true;
        bar.update(payload);
      },
      runFinished(_run, _total, c, outcome) {
        bar.increment(1, payloads.finished(c, outcome));
        if (!outcome.ok) {
          bar.log?.(neutralize(`${c.id}: FAILED (${outcome.failure.side}): ${outcome.failure.reason}`) + "\n");
        }
        if (outcome.ok && outcome.warning) bar.log?.(neutralize(`${c.id}: warning: ${outcome.warning}`) + "\n");
      },
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
