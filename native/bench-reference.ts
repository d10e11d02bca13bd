/**
 * `deno task bench:native --reference post`: pipespeed's Deno endpoints against the post's own
 * program (pipes-speed-test, built at run time from its folder) on the cases of
 * scenarios/blog.yaml, interleaved in one session: in each round, each case's three members back to
 * back in shuffled order — pipespeed, the program in the same timed window, the program cold (as
 * `measure.py` runs it). Writes results, a report and `reference.md`; prints the tables.
 *
 * The timed windows (docs/native-comparison.md, "Against the post's program"): pipespeed's reader
 * times `bytes` after a warm-up of {@link DEFAULT_WARMUP_BYTES}; the adapter
 * (native/reference-reader.c) consumes the same warm-up before it starts the program's reader,
 * which then times `bytes` from the start of its main (its buffer's allocation included) with the
 * writer already running. Both run with no minimum duration: the program measures bytes only.
 *
 * @module
 */
import { DEFAULT_WARMUP_BYTES } from "../bench/endpoint/protocol.ts";
import { filterCases } from "../bench/filter.ts";
import { QUICK_BYTES } from "../bench/plan.ts";
import { defaultOutDir, runId } from "../bench/run-id.ts";
import { runOnce } from "../bench/runner.ts";
import { runSession } from "../bench/session.ts";
import { collectSystemInfo, loadAverageNow } from "../bench/system.ts";
import { formatSize, GIB_BYTES, MIB_BYTES } from "../model/sizes.ts";
import type { Case } from "../model/types.ts";
import { formatTable, writeReport } from "../reports/run/mod.ts";
import { loadScenarioFiles } from "../scenario/scenario.ts";
import type { NativeArgs } from "./bench-native.ts";
import { machineLine } from "./build.ts";
import { buildReference, findReferenceDir, type ReferenceBuild, ReferenceUnavailable } from "./reference-build.ts";
import { NotExpressible, referenceBlock, referenceCases, referenceFlags } from "./reference.ts";
import { referenceRatios, referenceTable, windowTable } from "./reference-ratios.ts";
import { RUN_LINES } from "./progress.ts";

const BLOG = new URL("../scenarios/blog.yaml", import.meta.url).pathname;
/** Bytes per run are a multiple of this (of every buffer size and of the readers' 16 MiB stretches). */
const BYTES_STEP = 64 * MIB_BYTES;
/** Bytes of the run that measures a case's speed to size its runs. */
const CALIBRATION_BYTES = 256 * MIB_BYTES;

/** What `--reference post` adds to {@link NativeArgs}. */
export interface ReferenceArgs {
  /** `--reference-dir`, resolved; `null`: looked for (native/reference-build.ts). */
  dir: string | null;
  /** `--bytes`: bytes per run for every case; `null`: sized to `seconds`. */
  bytes: number | null;
  /** `--seconds`: about how long a run of the program lasts when `bytes` is not given. */
  seconds: number;
}

/** Runs the comparison; returns the exit code (2: bad input or no program folder, 1: failed runs or build). */
export async function benchReference(args: NativeArgs, reference: ReferenceArgs): Promise<number> {
  const dir = findReferenceDir(reference.dir);
  if (dir instanceof ReferenceUnavailable) {
    console.error(`bench:native --reference post: ${dir.message}`);
    return 2;
  }
  let { cases } = await loadScenarioFiles([BLOG]);
  if (args.filter !== null) cases = filterCases(cases, args.filter);
  if (cases.length === 0) {
    console.error(`bench:native: --filter ${args.filter} matches no case of scenarios/blog.yaml`);
    return 2;
  }
  if (args.repetitions !== null) cases = cases.map((c) => withParams(c, { repetitions: args.repetitions! }));
  if (args.quick) cases = cases.map((c) => withParams(c, { repetitions: 1, warmup: 0 }));
  for (const c of cases) {
    try {
      referenceFlags(c.params);
    } catch (error) {
      if (!(error instanceof NotExpressible)) throw error;
      console.error(`bench:native --reference post: case ${c.name}: ${error.message}`);
      return 2;
    }
  }
  let build: ReferenceBuild;
  try {
    build = await buildReference(dir);
  } catch (error) {
    if (!(error instanceof ReferenceUnavailable)) throw error;
    console.error(`bench:native --reference post: ${error.message}`);
    return 1;
  }
  try {
    return await compare(cases, build, args, reference);
  } finally {
    await build.remove();
  }
}

async function compare(cases: Case[], build: ReferenceBuild, args: NativeArgs, reference: ReferenceArgs) {
  const system = await collectSystemInfo();
  const id = runId(new Date(), system.hostname, "reference");
  const outDir = args.out ?? defaultOutDir(id);
  const warmupBytes = DEFAULT_WARMUP_BYTES;
  const fixedBytes = reference.bytes ?? (args.quick ? QUICK_BYTES : null);
  const bytes = fixedBytes === null
    ? await calibrate(cases, build, reference.seconds, warmupBytes)
    : new Map(cases.map((c) => [c.id, fixedBytes]));
  if (typeof bytes === "string") {
    console.error(`bench:native --reference post: ${bytes}`);
    return 1;
  }
  const loadBefore = loadAverageNow();
  const results = await runSession({
    cases: referenceCases(cases, build, (c) => bytes.get(c.id)!),
    scenarios: [{ name: "reference", description: "blog.yaml, pipespeed against the post's program", file: BLOG }],
    outDir,
    runId: id,
    seed: args.seed,
    options: { quick: args.quick, filter: args.filter?.source ?? null },
    system,
    runOptions: { warmupBytes, traceFastPath: args.traceFastPath },
    // A case's members run back to back in each round: their per-round ratios cancel drift.
    blockOf: referenceBlock,
    loadAverageNow,
    events: RUN_LINES,
  });
  const report = await writeReport(results, outDir, { images: args.images });
  const rows = referenceRatios(results, args.target);
  const load = (l: number[] | null) => l === null ? "unknown" : l.map((x) => x.toFixed(2)).join(", ");
  const markdown = [
    "# pipespeed against the post's program",
    "",
    `${machineLine(system)}; seed ${results.seed}; load average ${load(loadBefore)} before, ` +
    `${load(loadAverageNow())} after; ${formatSize(warmupBytes)} warm-up.`,
    "",
    "pipespeed's reader and the program's reader (started by the adapter once the warm-up is through) " +
    "both time the bytes per run below, after the warm-up; the program's clock also covers its own " +
    "buffer's allocation. The program cold is `measure.py`'s way: its clock starts with the writer.",
    "",
    referenceTable(rows, args.target),
    "",
    "## The timed window",
    "",
    windowTable(rows),
    "",
    "## The program's command lines",
    "",
    `Built from ${build.sourceDir}: ${build.commands.slice(0, 2).join("; ")}.`,
    "",
    ...cases.map((c) => {
      const flags = referenceFlags(c.params).join(" ");
      return `- ${c.name}: \`write ${flags} | read ${flags} --bytes_to_pipe=${bytes.get(c.id)} --csv\``;
    }),
    "",
  ].join("\n");
  await Deno.writeTextFile(`${outDir}/reference.md`, markdown);
  console.log("\n" + formatTable(results, { color: Deno.stdout.isTerminal() }));
  console.log("\n" + referenceTable(rows, args.target) + "\n\n" + windowTable(rows));
  console.log(`\nresults: ${outDir}/results.json\nreport:  ${report.html}\nratios:  ${outDir}/reference.md`);
  return results.cases.some((c) => c.failures.length > 0) ? 1 : 0;
}

/**
 * Bytes per run for each case: the program's speed over {@link CALIBRATION_BYTES} (in the comparison's
 * window) times `seconds`, in steps of {@link BYTES_STEP}. A string says which case failed.
 */
async function calibrate(
  cases: Case[],
  build: ReferenceBuild,
  seconds: number,
  warmupBytes: number,
): Promise<Map<string, number> | string> {
  const sized = new Map<string, number>();
  for (const c of cases) {
    const program = referenceCases([c], build, () => CALIBRATION_BYTES)[1];
    const outcome = await runOnce(program.params, { warmupBytes });
    if (!outcome.ok) return `sizing ${c.name}: ${outcome.failure.side}: ${outcome.failure.reason}`;
    const rate = outcome.sample.gibPerSecond * GIB_BYTES;
    const bytes = Math.max(1, Math.round(rate * seconds / BYTES_STEP)) * BYTES_STEP;
    console.error(`sizing ${c.name}: ${outcome.sample.gibPerSecond.toFixed(2)} GiB/s → ${formatSize(bytes)} per run`);
    sized.set(c.id, bytes);
  }
  return sized;
}

function withParams(c: Case, params: Partial<Case["params"]>): Case {
  return { ...c, params: { ...c.params, ...params } };
}
