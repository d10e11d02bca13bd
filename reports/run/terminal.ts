/**
 * The table printed at the end of a run: the run table model (`table.ts`) laid out as one aligned
 * block per scenario with its cases that have two modes under it, then the note on the intervals, the time spent outside the measured
 * transfers, and the warnings.
 *
 * @module
 */
import pc from "picocolors";
import { takesTurns } from "../../model/turns.ts";
import type { Results } from "../../model/types.ts";
import { columnWidths, pad } from "../text-table.ts";
import { runTable } from "./table.ts";
import { LATENCY_COLUMNS, LATENCY_NOTE, latencyTable } from "./latency-table.ts";
import { profileNote, stepLines } from "./explain/text.ts";
import { contentionText } from "./contention.ts";

/** Options of {@link formatTable}. */
export interface TableOptions {
  /** ANSI colours (only on a TTY). */
  color?: boolean;
}

/**
 * Formats the results as aligned text tables, one per scenario.
 *
 * @example
 * ```ts
 * console.log(formatTable(results, { color: Deno.stdout.isTerminal() }));
 * ```
 */
export function formatTable(results: Results, options: TableOptions = {}): string {
  const colors = pc.createColors(options.color ?? false);
  const table = runTable(results);
  const header = table.columns.map((column) => column.label);
  const blocks: string[] = [];
  for (const group of table.groups) {
    const rows = group.rows.map((row) => row.cells.map((cell) => cell.text));
    const widths = columnWidths(header, rows);
    const line = (cells: string[]) =>
      cells.map((text, i) => pad(text, widths[i], table.columns[i].align === "right")).join("  ");
    const lines = [
      colors.bold(`${group.scenario}${group.description ? colors.dim(` — ${group.description}`) : ""}`),
      colors.dim(line(header)),
      ...rows.map((cells, i) => {
        const text = line(cells);
        return group.rows[i].failures > 0 ? colors.yellow(text) : text;
      }),
      ...group.notes.map((note) => colors.cyan(`  ${note}`)),
    ];
    blocks.push(lines.join("\n"));
  }
  if (table.note !== null) blocks.push(colors.dim(`note: ${table.note}`));
  const contention = contentionText(results);
  if (contention.length > 0) {
    blocks.push([colors.bold(contention[0]), colors.dim(contention[1]), ...contention.slice(2)].join("\n"));
  }
  const latency = latencyTable(results);
  for (const group of latency) {
    const widths = columnWidths(LATENCY_COLUMNS, group.rows);
    const line = (cells: readonly string[]) => cells.map((text, i) => pad(text, widths[i], i > 0)).join("  ");
    blocks.push([colors.bold(`${group.scenario} — latency`), colors.dim(line(LATENCY_COLUMNS)), ...group.rows.map(line)]
      .join("\n"));
  }
  if (latency.length > 0) blocks.push(colors.dim(`note: ${LATENCY_NOTE}`));
  for (const { scenario, lines } of stepLines(results)) {
    blocks.push([colors.bold(`${scenario}: why, step by step`), ...lines.map((line) => `  ${line}`)].join("\n"));
  }
  blocks.push(...overheadLines(results).map((line) => colors.dim(line)));
  const profile = profileNote(results);
  if (profile !== null) blocks.push(colors.dim(`note: ${profile}`));
  const warnings = [
    ...results.warnings,
    ...results.cases.flatMap((c) => c.warnings.map((w) => `${c.id}: ${w}`)),
  ];
  if (warnings.length > 0) blocks.push(warnings.map((w) => colors.yellow(`warning: ${w}`)).join("\n"));
  return blocks.join("\n\n");
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
const median = (sorted: readonly number[]) => sorted[Math.floor(sorted.length / 2)];

/**
 * The harness's time outside what was measured. A run's is its own wall time less its measured
 * seconds. A session's is not any one sample's: each pair's wall time holds the other pairs'
 * blocks. The session (its samples share their start, `startedAtSeconds`) lasted about its longest
 * pair's wall time, and what it measured is the sum of its pairs' seconds.
 */
function overheadLines(results: Results): string[] {
  const lines: string[] = [];
  const runs = results.cases.filter((c) => !takesTurns(c)).flatMap((c) =>
    c.samples.map((s) => s.wallSeconds - s.seconds)
  )
    .sort((a, b) => a - b);
  if (runs.length > 0) {
    lines.push(
      `time outside the measured transfers (spawn, dlopen, warm-up, teardown): median ${ms(median(runs))} per run, ` +
        `at most ${ms(runs.at(-1)!)}`,
    );
  }
  const sessions = new Map<number, { wall: number; measured: number; pairs: number }>();
  for (const c of results.cases.filter(takesTurns)) {
    for (const s of c.samples) {
      const session = sessions.get(s.startedAtSeconds ?? -1) ?? { wall: 0, measured: 0, pairs: 0 };
      session.wall = Math.max(session.wall, s.wallSeconds);
      session.measured += s.seconds;
      session.pairs++;
      sessions.set(s.startedAtSeconds ?? -1, session);
    }
  }
  if (sessions.size > 0 && !sessions.has(-1)) {
    const outside = [...sessions.values()].map((s) => s.wall - s.measured).sort((a, b) => a - b);
    const shares = [...sessions.values()].map((s) => (s.wall - s.measured) / s.wall).sort((a, b) => a - b);
    const pairs = [...sessions.values()].map((s) => s.pairs).sort((a, b) => a - b);
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    lines.push(
      `time outside the measured blocks (start and warm-up of ${count(median(pairs), "pair")}, switches, ` +
        `teardown): median ${ms(median(outside))} per session (${(median(shares) * 100).toFixed(0)}% of it), at most ` +
        `${ms(outside.at(-1)!)}; ${count(sessions.size, "session")}`,
    );
  }
  return lines;
}
