/**
 * `bench:native` as a session: each blog case twice, with the Deno endpoints and with the C ones
 * (native/pipe-endpoint.c), and the Deno/C ratio per case from the results.
 *
 * @module
 */
import type { Case, Results } from "../model/types.ts";
import { bootstrapRatioOfMediansCi, type PairedRatio, pairedRatioCi, type RatioInterval } from "../stats/stats.ts";
import { nativeCommands } from "./commands.ts";
import { asIndependentRuns } from "./runs-form.ts";
import { fixed, intervalCell, type Verdict, verdictCell, verdictOf } from "./verdict.ts";

/** Each blog case twice — Deno endpoints and C endpoints — in one scenario named `native`. */
export function nativeCases(blog: Case[], binary: string, warmupBytes: number): Case[] {
  return blog.flatMap((c) => {
    const slug = c.id.slice(c.id.indexOf("/") + 1);
    const commands = nativeCommands(binary, c.params);
    commands.reader.push("--warmup", String(warmupBytes));
    // Both members in independent runs, as many as asked: the pairs per round are the design.
    const params = asIndependentRuns(c.params);
    return [
      { ...c, id: `native/${slug}-deno`, name: `${c.name} · Deno`, scenario: "native", params },
      {
        ...c,
        id: `native/${slug}-c`,
        name: `${c.name} · C`,
        scenario: "native",
        params: { ...params, writer: { command: commands.writer }, reader: { command: commands.reader } },
      },
    ];
  });
}

/** The block of a case of {@link nativeCases}: Deno and C of a case run back to back in each round. */
export function nativeBlock(c: Case): string {
  return c.id.replace(/-(deno|c)$/, "");
}

/** One case's Deno/C comparison. */
export interface NativeRatio {
  /** The case name (without the " · Deno" / " · C" suffix). */
  name: string;
  /** Median throughputs, GiB/s (`null` without samples). */
  deno: number | null;
  native: number | null;
  /** `deno / native` of the medians, with a 95% bootstrap CI. */
  ratio: RatioInterval | null;
  /** Median of the per-round ratios (Deno and C ran back to back), with a 95% bootstrap CI. */
  paired: PairedRatio | null;
  /** Whether the paired CI lies above the target (see {@link verdictOf}). */
  verdict: Verdict | null;
}

/** Deno/C ratios per case of the results of {@link nativeCases} (Deno first in each pair). */
export function nativeRatios(results: Results, target: number, seed = results.seed): NativeRatio[] {
  const ratios: NativeRatio[] = [];
  for (let i = 0; i + 1 < results.cases.length; i += 2) {
    const [deno, native] = [results.cases[i], results.cases[i + 1]];
    const values = (c: typeof deno) => c.samples.map((s) => s.gibPerSecond);
    const byRound = new Map(native.samples.map((s) => [s.repetition, s.gibPerSecond]));
    const rounds = deno.samples.filter((s) => byRound.has(s.repetition));
    const both = deno.samples.length > 0 && native.samples.length > 0;
    const paired = pairedRatioCi(
      rounds.map((s) => s.gibPerSecond),
      rounds.map((s) => byRound.get(s.repetition)!),
      { seed },
    );
    ratios.push({
      name: deno.name.replace(/ · Deno$/, ""),
      deno: deno.stats?.throughputGibPerSecond.median ?? null,
      native: native.stats?.throughputGibPerSecond.median ?? null,
      ratio: both ? bootstrapRatioOfMediansCi(values(native), values(deno), { seed }) : null,
      paired,
      verdict: paired === null ? null : verdictOf(paired, target),
    });
  }
  return ratios;
}

/** The two sides' names in a ratio table's headers: the measured one over the baseline. */
export interface RatioSides {
  ours: string;
  theirs: string;
}

/** The Markdown table of {@link nativeRatios} (or of ratios of the same shape between other sides). */
export function ratioTable(
  ratios: NativeRatio[],
  target: number,
  pairedBy = "per round",
  { ours, theirs }: RatioSides = { ours: "Deno", theirs: "C" },
): string {
  const lines = [
    `| case | ${ours} GiB/s | ${theirs} GiB/s | ${ours} / ${theirs} (medians, 95% CI) | ` +
    `${ours} / ${theirs} ${pairedBy} (median, 95% CI) | ≥ ${target} |`,
    "|---|---:|---:|---:|---:|:---:|",
  ];
  for (const r of ratios) {
    lines.push(
      `| ${r.name} | ${fixed(r.deno, 2)} | ${fixed(r.native, 2)} | ${intervalCell(r.ratio)} | ${
        intervalCell(r.paired)
      } | ${verdictCell(r.verdict)} |`,
    );
  }
  return lines.join("\n");
}
