/**
 * Formatting and escaping shared by the renderers: sizes, numbers, case labels, and the escapes
 * for HTML, Markdown and Plotly's pseudo-HTML text.
 *
 * @module
 */
import type { CaseParams, CaseResult, Results } from "../model/types.ts";

/** Bytes in a GiB (2^30). */
export const BYTES_PER_GIB: number = 1024 ** 3;

const SIZE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/**
 * A byte count in binary units, without a space: `4KiB`, `1.5MiB`, `8MiB`.
 *
 * @example
 * ```ts
 * formatBytes(262144); // "256KiB"
 * ```
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = Number.isInteger(value) ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${Number(value.toFixed(digits))}${SIZE_UNITS[unit]}`;
}

/** A throughput in GiB/s with two decimals: `3.51`. */
export function formatGib(gibPerSecond: number): string {
  return gibPerSecond.toFixed(2);
}

/**
 * The 95% CI of a median as distances below and above it, `−0.05 / +0.12` (GiB/s), both with the
 * same decimals: two, or up to four when a non-zero distance would print as zero.
 */
export function formatCi(summary: { median: number; ci95Low: number; ci95High: number }): string {
  const below = Math.max(0, summary.median - summary.ci95Low);
  const above = Math.max(0, summary.ci95High - summary.median);
  let decimals = 2;
  const vanishes = (value: number) => value > 0 && Number(value.toFixed(decimals)) === 0;
  while (decimals < 4 && (vanishes(below) || vanishes(above))) decimals++;
  return `−${below.toFixed(decimals)} / +${above.toFixed(decimals)}`;
}

/** A fraction as a percentage with one decimal: `0.0123` → `1.2%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Seconds for humans: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, "0")} s`;
}

/** A number rounded to `digits` significant digits (keeps the embedded chart data small). */
export function roundSignificant(value: number, digits = 6): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}

/** CPU lists compressed to ranges: `[0, 1, 2, 5]` → `0-2,5`. */
export function formatCpuList(cpus: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; i++) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(j > i ? `${cpus[i]}-${cpus[j]}` : `${cpus[i]}`);
    i = j;
  }
  return parts.join(",");
}

/** The name of one side of a case: its mode, or the base name of an external program. */
export function endpointLabel(endpoint: CaseParams["writer"] | CaseParams["reader"]): string {
  if (typeof endpoint === "string") return endpoint;
  const program = endpoint.command[0] ?? "command";
  return program.slice(program.lastIndexOf("/") + 1);
}

/** The flags that change how a case moves data, as short words: `huge`, `busy`, `poll`... */
export function flagWords(params: CaseParams): string[] {
  const words: string[] = [];
  if (params.hugePages) words.push("huge");
  if (params.busyLoop) words.push("busy");
  if (params.poll) words.push("poll");
  if (params.gift) words.push("gift");
  if (params.lockMemory) words.push("mlock");
  if (params.touchPages) words.push("touch");
  if (params.sameBuffer && params.writer === "vmsplice") words.push("same-buffer");
  return words;
}

/** `writer→reader` plus the flags: `vmsplice→splice huge busy`. */
export function modeLabel(params: CaseParams): string {
  const flags = flagWords(params);
  const pair = `${endpointLabel(params.writer)}→${endpointLabel(params.reader)}`;
  return flags.length === 0 ? pair : `${pair} ${flags.join(" ")}`;
}

/** The scenario names of the results, in the order their first case appears. */
export function scenarioOrder(results: Results): string[] {
  const names = new Set<string>();
  for (const scenario of results.scenarios) names.add(scenario.name);
  const order: string[] = [];
  for (const result of results.cases) {
    if (!order.includes(result.scenario)) order.push(result.scenario);
  }
  for (const name of names) if (!order.includes(name)) order.push(name);
  return order;
}

/** The cases grouped by scenario, in results order. */
export function casesByScenario(results: Results): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const result of results.cases) {
    const group = groups.get(result.scenario);
    if (group) group.push(result);
    else groups.set(result.scenario, [result]);
  }
  return groups;
}

/** A string made safe for a file name: lower case, `[a-z0-9-]` only. */
export function slug(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return cleaned === "" ? "x" : cleaned.slice(0, 60);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml("<script>"); // "&lt;script&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/**
 * Escapes text for Plotly labels, which Plotly reads as pseudo-HTML (`<b>`, `<br>`, entities):
 * the text is then shown literally.
 */
export function escapePlotlyText(text: string): string {
  return text.replace(/[&<>]/g, (character) => HTML_ESCAPES[character]);
}

/**
 * Escapes text for inline Markdown (GitHub flavoured), including inside table cells: the inline
 * metacharacters (emphasis, code, links, `|`, `~`, `:` emoji, `@` mentions, `$` math) get a
 * backslash, `<`, `>` and `&` become entities, line breaks become spaces. For text that never
 * starts a line (block syntax such as `-` or `#` stays literal there).
 *
 * @example
 * ```ts
 * escapeMarkdown("a|b_c"); // "a\\|b\\_c"
 * ```
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/[\\`*_\[\]!|~:$@]/g, (character) => `\\${character}`)
    .replace(/[&<>]/g, (character) => HTML_ESCAPES[character]);
}
