/**
 * Progress of a `run` on stderr: a bar on a terminal, one line per run otherwise, nothing when
 * quiet. A failed run is always named with its side and reason.
 *
 * @module
 */
import cliProgress from "cli-progress";
import pc from "picocolors";
import type { SessionEvents } from "../bench/session.ts";

/** Session events that show progress, and how to take the bar down. */
export interface ProgressReporter {
  /** Given to the session. */
  events: SessionEvents;
  /** Removes the bar (call once the session is over). */
  stop(): void;
}

const gib = (value: number) => `${value.toFixed(2)} GiB/s`;

/** The progress reporter for stderr as it is (a terminal or not). */
export function progressReporter(quiet: boolean): ProgressReporter {
  if (quiet) return { events: {}, stop: () => {} };
  return Deno.stderr.isTerminal() ? progressBar() : progressLines();
}

/** One line per finished run, for logs. */
function progressLines(): ProgressReporter {
  return {
    events: {
      runFinished(run, total, c, outcome) {
        const what = outcome.ok
          ? gib(outcome.sample.gibPerSecond)
          : `FAILED (${outcome.failure.side}): ${outcome.failure.reason}`;
        console.error(`[${run.index + 1}/${total}] ${c.id}${run.warmup ? " (warm-up)" : ""}: ${what}`);
      },
    },
    stop: () => {},
  };
}

/** A bar with the ETA, the current case and the last throughput. */
function progressBar(): ProgressReporter {
  const bar = new cliProgress.SingleBar({
    format: "{bar} {value}/{total} runs | ETA {eta_formatted} | {caseName} | last {last}",
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    events: {
      runStarting(_run, total, c) {
        if (!started) bar.start(total, 0, { caseName: c.name, last: "—" });
        started = true;
        bar.update({ caseName: c.name });
      },
      runFinished(_run, _total, c, outcome) {
        bar.increment(1, { caseName: c.name, last: outcome.ok ? gib(outcome.sample.gibPerSecond) : pc.red("failed") });
        if (!outcome.ok) bar.log?.(`${c.id}: FAILED (${outcome.failure.side}): ${outcome.failure.reason}\n`);
      },
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
