/**
 * Which cases can take turns (`schedule: turns`, docs/schedules.md) — the one rule, used by the
 * engine that schedules them (bench/schedule.ts) and by the reports that tell a session of turns
 * from a run on its own (reports/run/terminal.ts).
 *
 * @module
 */
import { isLatencyCase, isOneWayCase } from "./latency.ts";
import type { CaseParams } from "./params.ts";

/**
 * Why a case cannot take turns (an external command, a sink with a consumer thread, a latency
 * case), or `null`.
 */
export function turnsObstacle(c: { params: CaseParams }): string | null {
  const { writer, reader, sink } = c.params;
  if (typeof writer !== "string" || typeof reader !== "string") return "an external command cannot take turns";
  // The turns reader measures a stream in blocks; a latency case's sides answer each other on a
  // second pipe (bench/endpoint/roundtrip.ts, oneway.ts) that only a run on its own creates.
  if (isLatencyCase(c.params)) {
    return `a ${isOneWayCase(c.params) ? "one-way" : "round-trip"} latency case cannot take turns`;
  }
  // The turns reader stops and resumes its writer between blocks; a consumer thread would run on.
  if (reader === "splice" && (sink === "socket" || c.params.tee)) {
    return `a ${sink === "socket" ? "socket sink" : "tee stage"}'s consumer cannot take turns`;
  }
  return null;
}

/** Whether a case runs in turns: `schedule: turns`, both ends built in, no consumer thread, a stream. */
export function takesTurns(c: { params: CaseParams }): boolean {
  return c.params.schedule === "turns" && turnsObstacle(c) === null;
}
