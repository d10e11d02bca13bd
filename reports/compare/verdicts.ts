/**
 * The words and colours of a comparison, shared by the terminal table, `compare.md`,
 * `compare.html` and the charts: each verdict's label, colour and order, the counts, the one
 * sentence that says what the comparison concluded (or that nothing could be judged), the change
 * of a case as text (`−12.3% (−15.0…−9.1)`), and the notes on cases that could not be judged.
 *
 * @module
 */
import type { CaseComparison, Comparison, Verdict } from "../../stats/compare.ts";
import type { Summary } from "../../model/types.ts";
import { figureLabel } from "../../model/latency.ts";
import { formatChange, formatThreshold } from "../format/percent.ts";
import { formatPValue } from "../format/numbers.ts";

/**
 * Colour of each verdict: slower red, faster green, unchanged grey, inconclusive amber, not
 * resolved teal, not comparable purple.
 */
export const VERDICT_COLOURS: Readonly<Record<Verdict, string>> = {
  slower: "#d62728",
  faster: "#2ca02c",
  unchanged: "#8c8c8c",
  inconclusive: "#e8a33d",
  unresolved: "#17becf",
  incomparable: "#9467bd",
};

/** The word every output shows for a verdict. */
export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  slower: "slower",
  faster: "faster",
  unchanged: "unchanged",
  inconclusive: "inconclusive",
  unresolved: "not resolved",
  incomparable: "not comparable",
};

/** The order verdicts are listed in: regressions first, cases that could not be judged last. */
export const VERDICT_ORDER: readonly Verdict[] = [
  "slower",
  "faster",
  "unchanged",
  "inconclusive",
  "unresolved",
  "incomparable",
];

/** Marks a case whose parameters differ between the runs, after its name. */
export const DIFFERS_MARK = "≠";

/** Whether a verdict is a judgement (faster, slower or unchanged) rather than "could not say". */
export function isJudged(verdict: Verdict): boolean {
  return verdict === "faster" || verdict === "slower" || verdict === "unchanged";
}

/** The change of a case's median with its 95% CI, as text ("—" without a ratio). */
export function changeOf(c: CaseComparison): string {
  return formatChange(c.ratio, c.ratioLow, c.ratioHigh);
}

/** A comparison's p-value as text, "—" without a test (a figure not resolved). */
export function pValueOf(c: CaseComparison): string {
  return Number.isFinite(c.pValue) ? formatPValue(c.pValue) : "—";
}

/**
 * A side's summary as the tables show it, or `null` ("—") for a latency figure that side's runs
 * timed too few round trips for: its value is their maximum, as a run's table says.
 */
export function shownSummary(c: CaseComparison, side: "base" | "current"): Summary | null {
  return c.resolved?.[side] === false ? null : c[side];
}

/** What a comparison is of: the case's name, with its latency figure (`ping 1B · p99`) for a latency case. */
export function comparedName(c: CaseComparison): string {
  return c.latencyFigure === undefined ? c.name : `${c.name} · ${figureLabel(c.latencyFigure)}`;
}

/** {@link comparedName} with {@link DIFFERS_MARK} when the case's parameters differ between the runs. */
export function markedName(c: CaseComparison): string {
  return c.paramDifferences.length > 0 ? `${comparedName(c)} ${DIFFERS_MARK}` : comparedName(c);
}

/**
 * The comparisons of throughput (GiB/s, higher is better) and of latency figures (µs, lower is
 * better), each in case order: the outputs show them in two tables.
 */
export function splitByMeasure(c: Comparison): { throughput: CaseComparison[]; latency: CaseComparison[] } {
  return {
    throughput: c.cases.filter((item) => item.latencyFigure === undefined),
    latency: c.cases.filter((item) => item.latencyFigure !== undefined),
  };
}

/**
 * "7 cases compared", or with latency cases "9 cases compared (13 comparisons: p50 and p99 of each
 * latency case)": a latency case is judged on two figures, each a row and a verdict of its own.
 */
export function comparedText(c: Comparison): string {
  const cases = new Set(c.cases.map((item) => item.id)).size;
  const head = `${cases} case${cases === 1 ? "" : "s"} compared`;
  return c.cases.length === cases ? head : `${head} (${c.cases.length} comparisons: p50 and p99 of each latency case)`;
}

/** Said under the latency table of a comparison. */
export const LATENCY_COMPARE_NOTE = "latency cases are judged on their round trips' p50 and p99 (µs, each run's " +
  "figure; lower is better): a change above the threshold, significant, is slower. A figure a run timed too few " +
  "round trips for (p99 needs 100) would be its maximum: it shows — and is not resolved, with no verdict on its change.";

/** How many cases got each verdict. */
export function verdictCounts(c: Comparison): Record<Verdict, number> {
  const counts = { slower: 0, faster: 0, unchanged: 0, inconclusive: 0, unresolved: 0, incomparable: 0 };
  for (const item of c.cases) counts[item.verdict]++;
  return counts;
}

/**
 * The counts as text: `1 slower, 1 faster, 4 unchanged`, then `2 inconclusive` and `1 not
 * comparable` when there are any; `paint` styles each non-zero count (colours, emphasis).
 */
export function countsText(
  c: Comparison,
  paint: (verdict: Verdict, text: string) => string = (_, text) => text,
): string {
  const counts = verdictCounts(c);
  return VERDICT_ORDER.filter((verdict) => isJudged(verdict) || counts[verdict] > 0)
    .map((verdict) => {
      const text = `${counts[verdict]} ${VERDICT_LABELS[verdict]}`;
      return counts[verdict] > 0 ? paint(verdict, text) : text;
    }).join(", ");
}

/** The distinct reasons of the cases with `verdict`, in case order. */
function reasonsOf(c: Comparison, verdict: Verdict): string[] {
  return [...new Set(c.cases.filter((item) => item.verdict === verdict).map((item) => item.reason ?? ""))];
}

/**
 * What the comparison could not judge, as one sentence, or `null` when every case was judged:
 * `Nothing could be judged: 7 inconclusive (too few samples: 1 and 5; at least 4 per side are
 * needed).` or `2 of 7 cases could not be judged: …`.
 */
export function unjudgedSentence(c: Comparison): string | null {
  const counts = verdictCounts(c);
  const unjudged = counts.inconclusive + counts.unresolved + counts.incomparable;
  if (unjudged === 0) return null;
  const parts: string[] = [];
  if (counts.inconclusive > 0) {
    parts.push(`${counts.inconclusive} inconclusive (${reasonsOf(c, "inconclusive").join(" / ")})`);
  }
  if (counts.unresolved > 0) {
    parts.push(`${counts.unresolved} not resolved (${reasonsOf(c, "unresolved").join(" / ")})`);
  }
  if (counts.incomparable > 0) {
    // Say which: different case parameters, or kernels that differ on a semantic (model/semantics.ts).
    const kernels = reasonsOf(c, "incomparable").some((reason) => reason.includes("kernel semantics differ"));
    parts.push(
      `${counts.incomparable} not comparable (the runs measured different case parameters${
        kernels ? " or kernels whose semantics differ" : ""
      })`,
    );
  }
  const lead = unjudged === c.cases.length
    ? "Nothing could be judged:"
    : `${unjudged} of ${c.cases.length} cases could not be judged:`;
  return `${lead} ${parts.join("; ")}.`;
}

/**
 * The no-change sentence when no case is slower or faster, or `null` (there are changes, or
 * nothing was compared, or nothing could be judged): `No significant change beyond ±5%.`, or
 * `No significant change beyond ±5% in the 5 cases that could be judged.`.
 */
export function noChangeSentence(c: Comparison): string | null {
  const counts = verdictCounts(c);
  if (counts.slower > 0 || counts.faster > 0 || counts.unchanged === 0) return null;
  const scope = counts.unchanged === c.cases.length
    ? ""
    : ` in the ${counts.unchanged} case${counts.unchanged === 1 ? "" : "s"} that could be judged`;
  return `No significant change beyond ${formatThreshold(c.threshold)}${scope}.`;
}

/** The cases that could not be judged, each with its reason, in case order. */
export function unjudgedCases(c: Comparison): CaseComparison[] {
  return c.cases.filter((item) => !isJudged(item.verdict));
}

/**
 * What the host may have done between the two runs, or `null` when there is nothing to say: a
 * verdict from two separate runs rests on intervals of each run's own noise, which do not hold the
 * drift of a shared host between the runs (docs/schedules.md measured 9–18% between two default
 * runs back to back); and the share of each run's measured runs during a steal spike.
 */
export function hostSentence(c: Comparison): string | null {
  if (c.host === undefined) return null;
  const counts = verdictCounts(c);
  const parts: string[] = [];
  if (!c.host.interleaved && counts.faster + counts.slower > 0) {
    parts.push(
      "The intervals hold each run's own noise, not the host's drift between the two runs: on a shared host a " +
        "verdict may be the host's (to compare two commits on one host, `pipespeed ab` interleaves them in one session).",
    );
  }
  const { base, current } = c.host;
  if (base.stealSpikes + current.stealSpikes > 0) {
    parts.push(
      `Runs during a steal spike (the hypervisor took at least 5% of CPU time) — base ${base.stealSpikes} of ` +
        `${base.runs}, current ${current.stealSpikes} of ${current.runs}.`,
    );
  }
  return parts.length === 0 ? null : parts.join(" ");
}
