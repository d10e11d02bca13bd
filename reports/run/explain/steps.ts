/**
 * The explanation of every step: for a scenario whose cases form a sequence (the blog's seven,
 * each one change on the previous), each case next to the previous one — the throughput ratio, what
 * changed in the parameters, and which costs of the cost model (`cases[].explain`) moved most, as
 * words generated from the numbers ("writer system time per GiB −85%", "wake-ups per GiB −99%").
 * A scenario that sweeps a size is a sweep, not a sequence, and has no steps.
 *
 * @module
 */
import { isLatencyCase } from "../../../model/latency.ts";
import type { Explain } from "../../../model/calibration-schema.ts";
import type { CaseParams, CaseResult, Results } from "../../../model/types.ts";
import { explainCase } from "../../../stats/explain.ts";
import { formatRatio } from "../../format/throughput.ts";
import { sweepDimension } from "../charts/sweep.ts";
import { casesByScenario, scenarioOrder } from "../groups.ts";

/** A cost that moved between two steps. */
export interface MovedCost {
  /** What it is: `writer system time per GiB`. */
  label: string;
  /** Its value before and after. */
  before: number;
  after: number;
  /** after / before − 1 (`Infinity` from 0). */
  change: number;
}

/** One step: a case next to the previous one of its scenario. */
export interface Step {
  /** The previous case and this one. */
  from: CaseResult;
  to: CaseResult;
  /** Median throughput of `to` / that of `from` (`null` without both medians). */
  ratio: number | null;
  /** Parameters that differ: `writer write → vmsplice`, `huge pages`. */
  changes: string[];
  /** The costs that moved most (at least {@link MIN_CHANGE}), largest first, at most {@link MAX_MOVED}. */
  moved: MovedCost[];
}

/** A scenario's steps. */
export interface ScenarioSteps {
  scenario: string;
  /** Its cases in order (the first has no step). */
  cases: CaseResult[];
  steps: Step[];
}

/** A cost counts as moved when it changed by at least this fraction. */
export const MIN_CHANGE = 0.2;
/** Costs named per step. */
export const MAX_MOVED = 3;

/** Parameters that do not change how the bytes move. */
const RUN_CONTROL = new Set<keyof CaseParams>(["bytes", "duration", "repetitions", "warmup", "verify"]);

/** Words for the parameters that differ between two cases. */
export function parameterChanges(from: CaseParams, to: CaseParams): string[] {
  const words: string[] = [];
  for (const key of Object.keys(to) as (keyof CaseParams)[]) {
    if (RUN_CONTROL.has(key)) continue;
    const [a, b] = [from[key], to[key]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (typeof b === "boolean") words.push(b ? key : `no ${key}`);
    else words.push(`${key} ${label(a)} → ${label(b)}`);
  }
  return words;
}

function label(value: unknown): string {
  if (value === null) return "default";
  if (typeof value === "object" && value !== null && "command" in value) {
    return (value as { command: string[] }).command[0];
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * The costs of the model a step compares: label, value, and the floor below which the cost is
 * noise (a few milliseconds of CPU per GiB, a handful of wake-ups or faults): a cost moves only when
 * it reaches its floor on one side of the step, and changes are ranked by the log ratio of value +
 * floor, so going from nothing to a little never outranks a real change.
 */
function costs(explain: Explain): [string, number | null | undefined, number][] {
  const sides = ["writer", "reader"] as const;
  return [
    ...sides.flatMap((side): [string, number | null | undefined, number][] => [
      [`${side} system time per GiB`, explain.cpuSecondsPerGiB[side]?.system, 0.005],
      [`${side} user time per GiB`, explain.cpuSecondsPerGiB[side]?.user, 0.005],
      [`${side} wake-ups per GiB`, explain.contextSwitchesPerGiB[side]?.voluntary, 16],
      [`${side} page faults per GiB`, explain.pageFaultsPerGiB[side], 256],
    ]),
    ["copies per byte", explain.copiesPerByte.total, 0.5],
  ];
}

/** The costs that moved from `before` to `after`, largest change first. */
export function movedCosts(before: Explain, after: Explain): MovedCost[] {
  const then = new Map(costs(before).map(([name, value]) => [name, value]));
  const moved: (MovedCost & { size: number })[] = [];
  for (const [name, value, floor] of costs(after)) {
    const old = then.get(name);
    if (typeof old !== "number" || typeof value !== "number") continue;
    if (Math.max(old, value) < floor) continue;
    const change = old === 0 ? Infinity : value / old - 1;
    if (Math.abs(change) < MIN_CHANGE) continue;
    moved.push({
      label: name,
      before: old,
      after: value,
      change,
      size: Math.abs(Math.log((value + floor) / (old + floor))),
    });
  }
  return moved.sort((a, b) => b.size - a.size).slice(0, MAX_MOVED).map(({ size: _size, ...cost }) => cost);
}

/** A case's cost model: stored, or computed now (results written before it existed). */
export function explainOf(result: CaseResult, results: Results): Explain {
  return result.explain ?? explainCase(result, results.system.calibration);
}

/** The steps of every scenario with at least two cases that is not a sweep. */
export function scenarioSteps(results: Results): ScenarioSteps[] {
  const groups = casesByScenario(results);
  const out: ScenarioSteps[] = [];
  for (const scenario of scenarioOrder(results)) {
    // Latency cases (issue 18) are no step of a throughput sequence.
    const cases = (groups.get(scenario) ?? []).filter((c) => !isLatencyCase(c.params));
    if (cases.length < 2 || sweepDimension(cases) !== null) continue;
    const steps = cases.slice(1).map((to, i): Step => {
      const from = cases[i];
      const a = from.stats?.throughputGibPerSecond.median;
      const b = to.stats?.throughputGibPerSecond.median;
      return {
        from,
        to,
        ratio: a !== undefined && b !== undefined && a > 0 ? b / a : null,
        changes: parameterChanges(from.params, to.params),
        moved: movedCosts(explainOf(from, results), explainOf(to, results)),
      };
    });
    out.push({ scenario, cases, steps });
  }
  return out;
}

/** A moved cost in words: `writer system time per GiB −85%`, `copies per byte 2 → 0`. */
export function movedText(cost: MovedCost): string {
  if (cost.label === "copies per byte" || cost.after === 0 || !Number.isFinite(cost.change)) {
    return `${cost.label} ${short(cost.before)} → ${short(cost.after)}`;
  }
  const percent = Math.round(cost.change * 100);
  return `${cost.label} ${percent < 0 ? "−" : "+"}${Math.abs(percent)}%`;
}

function short(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(2);
}

/** One line per step: `vmsplice_read (writer write → vmsplice): 1.81× · writer system time per GiB −85%, …`. */
export function stepLine(step: Step): string {
  const ratio = step.ratio === null ? "no ratio" : formatRatio(step.ratio);
  const changes = step.changes.length > 0 ? ` (${step.changes.join(", ")})` : "";
  const moved = step.moved.length > 0
    ? ` · ${step.moved.map(movedText).join(", ")}`
    : " · no cost moved by 20% or more";
  return `${step.from.name} → ${step.to.name}${changes}: ${ratio}${moved}`;
}
