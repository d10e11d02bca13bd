/**
 * The comparison with the post's program from a session's results (native/reference.ts): per case
 * the ratio pipespeed / program in the same timed window, with its 95% CI and verdict; and what the
 * window does — the program cold (as `measure.py` runs it) against the program warm, and its
 * start-up cost.
 *
 * @module
 */
import type { CaseResult, Results } from "../model/types.ts";
import { formatSize } from "../model/sizes.ts";
import { median } from "../stats/stats.ts";
import { bootstrapRatioOfMediansCi, type PairedRatio, pairedRatioCi } from "../stats/stats.ts";
import { type NativeRatio, ratioTable } from "./ratios.ts";
import { type ReferenceMember, referenceMember } from "./reference.ts";
import { fixed, intervalCell, verdictOf } from "./verdict.ts";

/** One case of the comparison. */
export interface ReferenceRatio extends NativeRatio {
  /** Bytes measured per run (both sides). */
  bytes: number;
  /** Median throughput of the program cold, GiB/s. */
  cold: number | null;
  /** pipespeed / program cold, per round: what the issue compared (different windows). */
  againstCold: PairedRatio | null;
  /** Program cold / program warm, per round: the effect of the window on the program. */
  window: PairedRatio | null;
  /** Median over rounds of the cold run's extra seconds (cold − warm, same bytes), in ms. */
  startupMs: number | null;
  /** Pipe capacity each side saw (median of the samples). */
  pipeSize: { pipespeed: number | null; program: number | null };
}

/** The comparison per case, in the order of the results. */
export function referenceRatios(results: Results, target: number, seed = results.seed): ReferenceRatio[] {
  const blocks = new Map<string, Partial<Record<ReferenceMember, CaseResult>>>();
  for (const c of results.cases) {
    const member = referenceMember(c.id);
    if (member === null) continue;
    blocks.set(member.block, { ...blocks.get(member.block), [member.member]: c });
  }
  const rows: ReferenceRatio[] = [];
  for (const { pipespeed, program, cold } of blocks.values()) {
    if (pipespeed === undefined || program === undefined || cold === undefined) continue;
    const paired = perRound(pipespeed, program, seed);
    const rates = (c: CaseResult) => c.samples.map((s) => s.gibPerSecond);
    rows.push({
      name: pipespeed.name.replace(/ · pipespeed$/, ""),
      bytes: pipespeed.params.bytes,
      deno: medianOf(rates(pipespeed)),
      native: medianOf(rates(program)),
      cold: medianOf(rates(cold)),
      ratio: pipespeed.samples.length > 0 && program.samples.length > 0
        ? bootstrapRatioOfMediansCi(rates(program), rates(pipespeed), { seed })
        : null,
      paired,
      verdict: paired === null ? null : verdictOf(paired, target),
      againstCold: perRound(pipespeed, cold, seed),
      window: perRound(cold, program, seed),
      startupMs: startupMs(cold, program),
      pipeSize: {
        pipespeed: medianOf(pipespeed.samples.map((s) => s.pipeSize)),
        program: medianOf(program.samples.map((s) => s.pipeSize)),
      },
    });
  }
  return rows;
}

/** `a / b` per round where both have a sample, with its CI. */
function perRound(a: CaseResult, b: CaseResult, seed: number): PairedRatio | null {
  const byRound = new Map(b.samples.map((s) => [s.repetition, s.gibPerSecond]));
  const rounds = a.samples.filter((s) => byRound.has(s.repetition));
  return pairedRatioCi(rounds.map((s) => s.gibPerSecond), rounds.map((s) => byRound.get(s.repetition)!), { seed });
}

function startupMs(cold: CaseResult, warm: CaseResult): number | null {
  const byRound = new Map(warm.samples.map((s) => [s.repetition, s.seconds]));
  const extra = cold.samples.filter((s) => byRound.has(s.repetition)).map((s) =>
    (s.seconds - byRound.get(s.repetition)!) * 1000
  );
  return medianOf(extra);
}

function medianOf(values: number[]): number | null {
  return values.length === 0 ? null : median(values);
}

/** The main table: pipespeed / program in the same window, per case, with the verdict against `target`. */
export function referenceTable(rows: ReferenceRatio[], target: number): string {
  return ratioTable(rows, target, "per round", { ours: "pipespeed", theirs: "program" });
}

/** The window table: the program cold against warm, its start-up cost, and pipespeed against the cold program. */
export function windowTable(rows: ReferenceRatio[]): string {
  const lines = [
    "| case | bytes per run | program cold GiB/s | cold / warm per round (median, 95% CI) | start-up cost, ms " +
    "(median) | pipespeed / program cold per round (median, 95% CI) | pipe size pipespeed / program |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const pipe = (size: number | null) => size === null ? "—" : formatSize(size);
    lines.push(
      `| ${r.name} | ${formatSize(r.bytes)} | ${fixed(r.cold, 2)} | ${intervalCell(r.window)} | ${
        fixed(r.startupMs, 2)
      } | ${intervalCell(r.againstCold)} | ${pipe(r.pipeSize.pipespeed)} / ${pipe(r.pipeSize.program)} |`,
    );
  }
  return lines.join("\n");
}
