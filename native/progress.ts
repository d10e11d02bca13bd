/**
 * The line the native comparisons print per finished run (`[3/42] vmsplice_splice · C: 13.40 GiB/s`):
 * they run many members per case, so each run is named rather than shown as a bar.
 *
 * @module
 */
import pc from "picocolors";
import type { SessionEvents } from "../bench/session.ts";

/** Session events that print one line per finished run on stderr. */
export const RUN_LINES: SessionEvents = {
  runFinished: (run, total, c, outcome) =>
    console.error(
      `[${run.index + 1}/${total}] ${c.name}: ${
        outcome.ok ? `${outcome.sample.gibPerSecond.toFixed(2)} GiB/s` : pc.red(outcome.failure.reason)
      }`,
    ),
};
