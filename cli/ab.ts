/**
 * `pipespeed ab`: the same plan run against two versions in one session, interleaved run by run
 * (bench/ab/session.ts), then compared as `compare` compares two runs: the table, `compare.md`,
 * `compare.html`, `verdicts.json`, and exit 1 with `--fail-on-regression` when a case is slower.
 * Each side's `results.json` goes to `<out>/base/` and `<out>/head/`.
 *
 * A version is a git ref (a temporary worktree, removed afterwards whatever happens: failure,
 * Ctrl-C, SIGTERM, SIGHUP), another checkout's folder, or this working tree; external endpoints
 * take a second command for the base side instead. Exit codes: 0; 1 a regression (when asked) or a
 * failed run; 2 a usage error or versions whose endpoint protocols differ; 130/143/129 when
 * interrupted by SIGINT/SIGTERM/SIGHUP.
 *
 * @module
 */
import pc from "picocolors";
import {
  baseCases,
  baseCommandProblem,
  type BaseCommands,
  comparableBase,
  describeBaseCommands,
  parseCommand,
} from "../bench/ab/commands.ts";
import { runAb } from "../bench/ab/session.ts";
import { resolveVersion, type Side, type Version, VersionError } from "../bench/ab/versions.ts";
import { quickCase } from "../bench/plan.ts";
import { defaultOutDir, runId } from "../bench/run-id.ts";
import { collectSystemInfo, loadAverageNow, noiseWarnings } from "../bench/system.ts";
import type { Case, Results } from "../model/types.ts";
import { formatCompareTable, writeCompareReport } from "../reports/compare/mod.ts";
import { verdictsJson } from "../reports/compare/verdicts-json.ts";
import { compareResults } from "../stats/compare.ts";
import { parsePercent, parseWarmupBytes, UsageError, userPath } from "./args.ts";
import { loadCases, machineContext, selectCases } from "./cases.ts";
import { checkedOutFolder } from "./destinations.ts";
import { colorFor } from "./color.ts";
import { regressionGate } from "./compare.ts";
import { listenForInterrupt } from "./interrupt.ts";
import { writeFileAtomic } from "../model/write-file.ts";
import { applyOverrides, checkWarmupBytes, type OverrideFlags, overridesOf } from "./overrides.ts";
import { progressReporter } from "./progress.ts";

/**
 * The default `--threshold`: the one `compare` uses, until the A/A measurement of docs/ab.md
 * (several `ab --base HEAD` on a quiet machine) says how wide the interleaved noise is.
 */
export const DEFAULT_AB_THRESHOLD = "5%";

/** The options of `ab` (see cli.ts for their help). */
export interface AbCliOptions extends OverrideFlags {
  base?: string;
  head?: string;
  baseWriter?: string;
  baseReader?: string;
  out?: string;
  threshold: string;
  failOnRegression?: boolean;
  quick?: boolean;
  filter?: string;
  seed?: number;
  timeout?: number;
  warmupBytes?: string;
  images: boolean;
  quiet?: boolean;
}

/** Runs the A/B comparison; returns the exit code. */
export async function abAction(files: string[], options: AbCliOptions): Promise<number> {
  const commands = baseCommandsOf(options);
  if (options.base === undefined && commands.writer === undefined && commands.reader === undefined) {
    throw new UsageError("ab needs a base: --base <git ref | folder>, or --base-writer/--base-reader <command>");
  }
  const threshold = parsePercent(options.threshold);
  const out = checkedOutFolder("--out", options.out);
  const system = await collectSystemInfo();
  const loaded = await loadCases(files, system);
  let cases = selectCases(loaded.cases, options.filter);
  if (options.quick) cases = cases.map(quickCase);
  const warmupBytes = parseWarmupBytes(options.warmupBytes);
  const overrides = overridesOf(options);
  cases = applyOverrides(cases, overrides, machineContext(system), warmupBytes, (line) => {
    if (!options.quiet) console.error(`note: ${line}`);
  });
  checkWarmupBytes(cases, warmupBytes);
  const problem = baseCommandProblem(cases, commands);
  if (problem !== null) throw new UsageError(problem);
  const id = runId(new Date(), system.hostname, "ab");
  const outDir = await freshFolder(out ?? defaultOutDir(id));
  for (const warning of noiseWarnings(system)) if (!options.quiet) console.error(pc.yellow(`warning: ${warning}`));

  // Listening before any worktree exists: a signal then always reaches the cleanup below.
  const stop = listenForInterrupt();
  const versions: Version[] = [];
  try {
    for (const [side, spec] of [["base", options.base], ["head", options.head]] as const) {
      versions.push(await resolveVersion(side, spec, spec === undefined ? undefined : userPath(spec)));
      if (stop.signal.aborted) return stop.exitCode();
    }
    const [base, head] = versions;
    const baseLabel = [base.label, describeBaseCommands(commands)].filter((part) => part !== "").join(", ");
    if (!options.quiet) console.error(`ab: base = ${baseLabel}; head = ${head.label}; ${cases.length} case(s)`);
    const progress = progressReporter(Boolean(options.quiet));
    const sideOf = (side: Side, version: Version, sideCases: Case[]) => ({
      cases: sideCases,
      outDir: `${outDir}/${side}`,
      runId: `${id}-${side}`,
      runOptions: { warmupBytes, timeoutSeconds: options.timeout, endpointDir: version.endpointDir },
    });
    const session = runAb({
      sides: { base: sideOf("base", base, baseCases(cases, commands)), head: sideOf("head", head, cases) },
      scenarios: loaded.scenarios.map(({ name, description, file }) => ({ name, description, file })),
      seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
      options: {
        quick: Boolean(options.quick),
        filter: options.filter ?? null,
        ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
      },
      system,
      signal: stop.signal,
      loadAverageNow,
      events: progress.events,
    });
    let ended: Record<Side, Results> | number;
    try {
      ended = await Promise.race([session, stop.quit]);
    } finally {
      progress.stop();
    }
    if (typeof ended === "number") {
      session.catch(() => {});
      return ended;
    }
    const code = await report(ended, { outDir, threshold, commands, versions: { base, head }, baseLabel }, options);
    return stop.signal.aborted ? stop.exitCode() : code;
  } catch (error) {
    if (stop.signal.aborted) return stop.exitCode();
    if (error instanceof VersionError) throw new UsageError(error.message);
    throw error;
  } finally {
    // Still listening: a signal during the cleanup must not cut it short.
    for (const version of versions) await version.dispose();
    stop.stop();
  }
}

/** What {@link report} needs besides the results. */
interface Reporting {
  outDir: string;
  threshold: number;
  commands: BaseCommands;
  versions: Record<Side, Version>;
  baseLabel: string;
}

/** Compares the two sides, writes the compare files and prints the table; returns the exit code. */
async function report(results: Record<Side, Results>, how: Reporting, options: AbCliOptions): Promise<number> {
  const { outDir, versions } = how;
  const comparison = compareResults(
    comparableBase(results.base, results.head, how.commands),
    `${outDir}/base/results.json`,
    results.head,
    `${outDir}/head/results.json`,
    {
      threshold: how.threshold,
      labels: [`base: ${how.baseLabel}`, `head: ${versions.head.label}`],
      // One question over every case: no false verdict on any of them at 5% (docs/ab.md).
      familyWise: true,
      // Both checkouts ran in one session, taking turns: the host's drift reached both alike.
      interleaved: true,
    },
  );
  const written = await writeCompareReport(comparison, outDir, {
    images: options.images,
    log: (line) => options.quiet || console.error(line),
  });
  if (written.imagesSkipped && !options.quiet) console.error(pc.yellow(`note: ${written.imagesSkipped}`));
  await writeFileAtomic(
    `${outDir}/verdicts.json`,
    verdictsJson(comparison, {
      base: { label: how.baseLabel, commit: versions.base.commit },
      head: { label: versions.head.label, commit: versions.head.commit },
    }),
  );
  console.log(formatCompareTable(comparison, { color: colorFor(Deno.stdout) }));
  console.log(`\nresults: ${outDir}/base/results.json, ${outDir}/head/results.json`);
  console.log(`report:  ${written.html}`);
  const gate = regressionGate(comparison, options.failOnRegression ?? false);
  const failed = (["base", "head"] as const).flatMap((side) =>
    results[side].cases.flatMap((c) => c.failures.map((f) => `${c.id} [${side}] (${f.side}): ${f.reason}`))
  );
  if (failed.length > 0) console.error(pc.red(`${failed.length} run(s) failed:\n  ${failed.join("\n  ")}`));
  return gate !== 0 || failed.length > 0 ? 1 : 0;
}

/** `--base-writer`, `--base-reader` as commands. */
function baseCommandsOf(options: AbCliOptions): BaseCommands {
  const commands: BaseCommands = {};
  for (const side of ["writer", "reader"] as const) {
    const text = side === "writer" ? options.baseWriter : options.baseReader;
    if (text === undefined) continue;
    const parsed = parseCommand(text);
    if (typeof parsed === "string") throw new UsageError(`--base-${side} ${text}: ${parsed}`);
    commands[side] = parsed;
  }
  return commands;
}

/** `dir`, created, unless it already holds an A/B run or cannot be created. */
async function freshFolder(dir: string): Promise<string> {
  for (const inside of ["base/results.json", "head/results.json", "verdicts.json"]) {
    try {
      Deno.statSync(`${dir}/${inside}`);
    } catch {
      continue;
    }
    throw new UsageError(`${dir} already holds an A/B run (${inside}): choose another --out`);
  }
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${dir}: cannot create it: ${(error as Error).message}`);
  }
  return dir;
}
