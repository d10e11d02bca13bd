/**
 * Two-stage interruption of `run` by Ctrl-C (SIGINT), SIGTERM (CI cancellation, `timeout`,
 * `kill`) or SIGHUP (a closed terminal), all alike: the first stops the current run and lets the
 * session write what completed (results and report); the second kills every endpoint and quits at
 * once. Both end in exit code 128 + the first signal's number (130, 143, 129).
 *
 * @module
 */
import pc from "picocolors";
import { killAllEndpoints } from "../bench/runner.ts";

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

/** The signals that interrupt a run, with their numbers (exit code 128 + n). */
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** A listener for interrupting signals for the length of a session. */
export interface Interrupt {
  /** Aborted by the first signal: given to the session. */
  signal: AbortSignal;
  /**
   * Resolves with the exit code at the second signal, once every endpoint is killed: the caller
   * stops waiting for the session and returns the code.
   */
  quit: Promise<number>;
  /** 128 + the number of the first signal received ({@link INTERRUPTED} before any). */
  exitCode(): number;
  /** Stops listening. */
  stop(): void;
}

/** Starts listening for SIGINT, SIGTERM and SIGHUP. */
export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  let code = INTERRUPTED;
  let quitNow: (code: number) => void = () => {};
  const quit = new Promise<number>((resolve) => (quitNow = resolve));
  const listeners = Object.entries(SIGNALS).map(([name, number]) => {
    const onSignal = () => {
      if (controller.signal.aborted) {
        killAllEndpoints();
        quitNow(code);
        return;
      }
      code = 128 + number;
      const how = name === "SIGINT" ? "interrupted" : `${name} received`;
      try {
        console.error(
          pc.yellow(
            `\n${how}: stopping the current run, then writing what completed (${
              name === "SIGINT" ? "Ctrl-C" : name
            } again to quit now)`,
          ),
        );
      } catch {
        // A closed terminal (SIGHUP) cannot show it; the results are what matters.
      }
      controller.abort();
    };
    Deno.addSignalListener(name as Deno.Signal, onSignal);
    return () => Deno.removeSignalListener(name as Deno.Signal, onSignal);
  });
  return {
    signal: controller.signal,
    quit,
    exitCode: () => code,
    stop: () => listeners.forEach((remove) => remove()),
  };
}
