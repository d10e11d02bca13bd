/**
 * The name of a run: `<UTC time>-<host>[-<kind>]`, e.g. `20250301T120000Z-lab1`; it names the
 * run in results.json and, unless told otherwise, its output folder under `results/`.
 *
 * @module
 */

/** `date` as a compact UTC timestamp, to the second: `20250301T120000Z`. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

/** The id of a run started at `started` on `hostname`; `kind` tells apart the native harnesses' runs. */
export function runId(started: Date, hostname: string, kind?: string): string {
  return `${utcStamp(started)}-${hostname}${kind === undefined ? "" : `-${kind}`}`;
}

/** The default output folder of a run: `results/<run id>` in the project folder. */
export function defaultOutDir(id: string): string {
  return new URL(`../results/${id}`, import.meta.url).pathname;
}
