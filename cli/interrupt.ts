/**
 * Two-stage Ctrl-C for `run`: the first stops the current run and lets the session write what
 * completed; the second kills every endpoint and quits at once. Both end in exit code 130.
 *
 * @module
 */
import pc from "picocolors";
import { killAllEndpoints } from "../bench/runner.ts";

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

/** A Ctrl-C listener for the length of a session. */
export interface Interrupt {
  /** Aborted by the first Ctrl-C: given to the session. */
  signal: AbortSignal;
  /**
   * Resolves with {@link INTERRUPTED} at the second Ctrl-C, once every endpoint is killed: the
   * caller stops waiting for the session and returns the code.
   */
  quit: Promise<number>;
  /** Stops listening. */
  stop(): void;
}

/** Starts listening for Ctrl-C (SIGINT). */
export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  let quitNow: (code: number) => void = () => {};
  const quit = new Promise<number>((resolve) => (quitNow = resolve));
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      killAllEndpoints();
      quitNow(INTERRUPTED);
      return;
    }
    console.error(
      pc.yellow("\ninterrupted: stopping the current run, then writing what completed (Ctrl-C again to quit now)"),
    );
    controller.abort();
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  return { signal: controller.signal, quit, stop: () => Deno.removeSignalListener("SIGINT", onInterrupt) };
}
