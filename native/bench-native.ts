/**
 * `deno task bench:native`: pipespeed's Deno endpoints against the same endpoints in C
 * (`native/pipe-endpoint.c`: same syscalls, options, buffer placement and result line), each step
 * of scenarios/blog.yaml run both ways — interleaved in one session (native/ratios.ts), or, with
 * `--turns`, taking turns (native/pair-turns.ts). Prints the Deno/C ratio per case and writes
 * results, a report and the ratios' Markdown.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { DEFAULT_WARMUP_BYTES } from "../bench/endpoint/protocol.ts";
import { caseFilter, filterCases } from "../bench/filter.ts";
import { quickCase } from "../bench/plan.ts";
import { runSession } from "../bench/session.ts";
import { loadAverageNow } from "../bench/system.ts";
import type { Case } from "../model/types.ts";
import { formatTable } from "../reports/run/mod.ts";
import { writeReport } from "../reports/run/mod.ts";
import { loadScenarioFiles } from "../scenario/scenario.ts";
import { parseDuration, parseSize } from "../model/sizes.ts";
import { benchReference, type ReferenceArgs } from "./bench-reference.ts";
import { machineLine, NATIVE_SOURCE, type NativeSetup, setUpNative, usedOutProblem } from "./build.ts";
import { runTurns } from "./pair-turns.ts";
import { nativeBlock, nativeCases, nativeRatios, ratioTable } from "./ratios.ts";
import { RUN_LINES } from "./progress.ts";

const BLOG = new URL("../scenarios/blog.yaml", import.meta.url).pathname;

/** The help of `bench:native`. */
export const NATIVE_USAGE = `Usage: deno task bench:native [options]
  --quick              64 MiB per run, one repetition (a smoke test)
  --repetitions N      repetitions per case and side (default: blog.yaml's)
  --filter REGEX       only blog cases whose id or name matches
  --seed N             seed of the run order and bootstrap (default: random)
  --target R           the Deno/C ratio to test for (default 0.98)
  --out DIR            output folder (default results/<run id>)
  --turns              Deno and C pairs run at once and take turns, block by block
  --blocks K           with --turns: blocks per side and session (default 60)
  --block-ms MS        with --turns: about how long a block lasts (default 20)
  --sessions S         with --turns: sessions per case, fresh processes each (default 20)
  --trace-fast-path    diagnostic: record which bytes took V8's fast FFI path
  --no-images          skip the SVG/PNG export
  --reference post     compare with the post's own program (pipes-speed-test) instead of native/pipe-endpoint.c
  --reference-dir DIR  with --reference: the program's folder (default: $PIPESPEED_REFERENCE_DIR, or
                       shared/reference/pipes-speed-test above the checkout)
  --bytes SIZE         with --reference: bytes per run for every case (default: sized to --seconds)
  --seconds S          with --reference: about how long a run lasts when --bytes is not given (default 1)`;

/** Thrown by {@link parseNativeArgs} for `--help`. */
export class HelpRequested extends Error {}

/** Parsed `bench:native` arguments. */
export interface NativeArgs {
  quick: boolean;
  repetitions: number | null;
  filter: RegExp | null;
  seed: number;
  target: number;
  /** As given (relative to the caller's folder); `null`: results/<run id>. */
  out: string | null;
  traceFastPath: boolean;
  images: boolean;
  turns: { blocks: number; blockMs: number; sessions: number } | null;
  /** `--reference post` and its options (`dir` as given); `null`: the C endpoints. */
  reference: ReferenceArgs | null;
}

/** Parses `bench:native` arguments; throws an `Error` naming the option on bad input, {@link HelpRequested} for `--help`. */
export function parseNativeArgs(args: string[]): NativeArgs {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: "boolean", default: false },
      repetitions: { type: "string" },
      filter: { type: "string" },
      seed: { type: "string" },
      target: { type: "string" },
      out: { type: "string" },
      "trace-fast-path": { type: "boolean", default: false },
      "no-images": { type: "boolean", default: false },
      turns: { type: "boolean", default: false },
      blocks: { type: "string" },
      "block-ms": { type: "string" },
      sessions: { type: "string" },
      reference: { type: "string" },
      "reference-dir": { type: "string" },
      bytes: { type: "string" },
      seconds: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw new HelpRequested();
  const integer = (name: string, text: string | undefined, min: number) => {
    if (text === undefined) return null;
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
      throw new Error(`--${name}: expected an integer ≥ ${min}, got ${JSON.stringify(text)}`);
    }
    return n;
  };
  let filter: RegExp | null = null;
  if (values.filter !== undefined) {
    try {
      filter = caseFilter(values.filter);
    } catch (error) {
      throw new Error(`--filter: ${(error as Error).message}`);
    }
  }
  const target = values.target === undefined ? 0.98 : Number(values.target);
  if (!(target > 0 && target < 10)) throw new Error(`--target: expected a ratio such as 0.98, got ${values.target}`);
  const turnOptions = [values.blocks, values["block-ms"], values.sessions];
  if (!values.turns && turnOptions.some((v) => v !== undefined)) {
    throw new Error("--blocks, --block-ms and --sessions go with --turns");
  }
  if (values.turns && (values.repetitions !== undefined || values.quick || values["trace-fast-path"])) {
    throw new Error("--turns takes no --repetitions, --quick or --trace-fast-path (see --blocks, --sessions)");
  }
  const reference = referenceArgs(values);
  if (reference !== null && values.turns) {
    // Turns need endpoints that pause between blocks; the program runs freely and cannot be edited.
    throw new Error("--turns cannot be used with --reference: the post's program cannot take turns");
  }
  return {
    reference,
    turns: values.turns
      ? {
        blocks: integer("blocks", values.blocks, 3) ?? 60,
        blockMs: integer("block-ms", values["block-ms"], 1) ?? 20,
        sessions: integer("sessions", values.sessions, 1) ?? 20,
      }
      : null,
    quick: values.quick,
    repetitions: integer("repetitions", values.repetitions, 1),
    filter,
    seed: integer("seed", values.seed, 0) ?? Math.floor(Math.random() * 2 ** 31),
    target,
    out: values.out ?? null,
    traceFastPath: values["trace-fast-path"],
    images: !values["no-images"],
  };
}

/** The `--reference` options, checked; `null` without `--reference`. */
function referenceArgs(
  values: { reference?: string; "reference-dir"?: string; bytes?: string; seconds?: string },
): ReferenceArgs | null {
  if (values.reference === undefined) {
    const stray = (["reference-dir", "bytes", "seconds"] as const).find((name) => values[name] !== undefined);
    if (stray !== undefined) throw new Error(`--${stray} goes with --reference post`);
    return null;
  }
  if (values.reference !== "post") {
    throw new Error(`--reference: the only reference is "post" (the post's program), got ${values.reference}`);
  }
  const option = <T>(name: string, text: string | undefined, parse: (text: string) => T): T | null => {
    if (text === undefined) return null;
    try {
      return parse(text);
    } catch (error) {
      throw new Error(`--${name}: ${(error as Error).message}`);
    }
  };
  const bytes = option("bytes", values.bytes, (text) => {
    const n = parseSize(text);
    if (n === 0) throw new RangeError("expected at least one byte");
    return n;
  });
  const seconds = option("seconds", values.seconds, (text) => {
    const n = parseDuration(text);
    if (n <= 0) throw new RangeError("expected a duration above 0, such as 1 or 500ms");
    return n;
  });
  if (bytes !== null && seconds !== null) throw new Error("--bytes and --seconds: give one of them");
  return { dir: values["reference-dir"] ?? null, bytes, seconds: seconds ?? 1 };
}

/** Runs `bench:native` (`args.out` already resolved); returns the exit code. */
export async function benchNative(args: NativeArgs): Promise<number> {
  const outProblem = await usedOutProblem(args.out);
  if (outProblem !== null) {
    console.error(`bench:native: ${outProblem}`);
    return 2;
  }
  if (args.reference !== null) return await benchReference(args, args.reference);
  const setup = await setUpNative(args.out, "native");
  if (typeof setup === "number") return setup;
  let { cases } = await loadScenarioFiles([BLOG]);
  if (args.filter !== null) cases = filterCases(cases, args.filter);
  if (cases.length === 0) {
    console.error(`bench:native: --filter ${args.filter} matches no case of scenarios/blog.yaml`);
    return 2;
  }
  if (args.repetitions !== null) {
    cases = cases.map((c) => ({ ...c, params: { ...c.params, repetitions: args.repetitions! } }));
  }
  if (args.quick) cases = cases.map(quickCase);
  return args.turns === null ? await interleaved(cases, setup, args) : await turns(cases, setup, args, args.turns);
}

/** Deno and C cases in one session, paired per round. */
async function interleaved(cases: Case[], setup: NativeSetup, args: NativeArgs): Promise<number> {
  const { system, outDir } = setup;
  const warmupBytes = DEFAULT_WARMUP_BYTES;
  const results = await runSession({
    cases: nativeCases(cases, setup.binary, warmupBytes),
    scenarios: [{ name: "native", description: "blog.yaml, Deno endpoints against C endpoints", file: NATIVE_SOURCE }],
    outDir,
    runId: setup.runId,
    seed: args.seed,
    options: { quick: args.quick, filter: args.filter?.source ?? null },
    system,
    runOptions: { warmupBytes, traceFastPath: args.traceFastPath },
    // Deno and C of a case run back to back in each round: their per-round ratio cancels drift.
    blockOf: nativeBlock,
    loadAverageNow,
    events: RUN_LINES,
  });
  const report = await writeReport(results, outDir, { images: args.images });
  const table = ratioTable(nativeRatios(results, args.target), args.target);
  await Deno.writeTextFile(
    `${outDir}/native.md`,
    `# Deno endpoints against C endpoints\n\n${machineLine(system)}; seed ${results.seed}.\n\n${table}\n`,
  );
  console.log("\n" + formatTable(results, { color: Deno.stdout.isTerminal() }));
  console.log("\n" + table);
  console.log(`\nresults: ${outDir}/results.json\nreport:  ${report.html}\nratios:  ${outDir}/native.md`);
  return results.cases.some((c) => c.failures.length > 0) ? 1 : 0;
}

/** Deno and C pairs taking turns, session after session. */
async function turns(
  cases: Case[],
  setup: NativeSetup,
  args: NativeArgs,
  options: NonNullable<NativeArgs["turns"]>,
): Promise<number> {
  const { system, outDir } = setup;
  const ratios = await runTurns(cases, setup.binary, { ...options, seed: args.seed, target: args.target });
  const table = ratioTable(ratios, args.target, "per session");
  await Deno.writeTextFile(
    `${outDir}/native-turns.md`,
    `# Deno endpoints against C endpoints, taking turns\n\n${machineLine(system)}; ${options.sessions} sessions of ` +
      `${options.blocks} blocks (~${options.blockMs} ms) per side and case, seed ${args.seed}.\n\n${table}\n`,
  );
  await Deno.writeTextFile(`${outDir}/native-turns.json`, JSON.stringify({ system, seed: args.seed, ratios }, null, 1));
  console.log("\n" + table + `\n\n${outDir}/native-turns.md`);
  return 0;
}
