/**
 * `deno task bench:native`: pipespeed's Deno endpoints against the same endpoints in C
 * (`scripts/native/pipe-endpoint.c`: same syscalls, options, buffer placement and result line),
 * each step of scenarios/blog.yaml run both ways, interleaved in one plan on this machine. Prints
 * the Deno/C ratio of medians per case and writes results and a report like `run` does.
 *
 * Without a C compiler it says so and exits 0 with nothing compared.
 *
 * Usage: deno task bench:native [--quick] [--repetitions N] [--filter RE] [--seed N] [--target R] [--out DIR]
 *
 * @module
 */
import { parseArgs } from "node:util";
import pc from "picocolors";
import { quickCase } from "../bench/plan.ts";
import { findProgram } from "../bench/runner.ts";
import { loadScenarioFiles } from "../bench/scenario.ts";
import { runSession } from "../bench/session.ts";
import { bootstrapRatioOfMediansCi, type PairedRatio, pairedRatioCi, type RatioInterval } from "../bench/stats.ts";
import { DEFAULT_WARMUP_BYTES } from "../bench/protocol.ts";
import { collectSystemInfo, loadAverageNow } from "../bench/system.ts";
import type { Case, CaseParams, Results } from "../bench/types.ts";
import { formatTable } from "../reports/terminal.ts";
import { writeReport } from "../reports/write.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SOURCE = `${ROOT}scripts/native/pipe-endpoint.c`;

/** The C endpoints' argv for a case's writer and reader. */
export function nativeCommands(binary: string, params: CaseParams): { writer: string[]; reader: string[] } {
  const common = [
    ...(params.hugePages ? ["--huge"] : []),
    ...(params.busyLoop ? ["--busy"] : []),
    "--buf",
    String(params.bufferSize),
    "--offset",
    String(params.bufferOffset),
  ];
  return {
    writer: [binary, "write", ...(params.writer === "vmsplice" ? ["--vmsplice"] : []), ...common],
    reader: [
      binary,
      "read",
      ...(params.reader === "splice" ? ["--splice"] : []),
      ...common,
      "--bytes",
      String(params.bytes),
      "--min-seconds",
      String(params.duration),
    ],
  };
}

/** Each blog case twice — Deno endpoints and C endpoints — in one scenario named `native`. */
export function nativeCases(blog: Case[], binary: string, warmupBytes: number): Case[] {
  return blog.flatMap((c) => {
    const slug = c.id.slice(c.id.indexOf("/") + 1);
    const commands = nativeCommands(binary, c.params);
    commands.reader.push("--warmup", String(warmupBytes));
    return [
      { ...c, id: `native/${slug}-deno`, name: `${c.name} · Deno`, scenario: "native" },
      {
        ...c,
        id: `native/${slug}-c`,
        name: `${c.name} · C`,
        scenario: "native",
        params: { ...c.params, writer: { command: commands.writer }, reader: { command: commands.reader } },
      },
    ];
  });
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
  /** `met`: the paired CI lies above `target`; `missed`: below it; `unclear`: it straddles it. */
  verdict: "met" | "missed" | "unclear" | null;
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
      verdict: paired === null ? null : paired.low >= target ? "met" : paired.high < target ? "missed" : "unclear",
    });
  }
  return ratios;
}

/** The Markdown table of {@link nativeRatios}. */
export function ratioTable(ratios: NativeRatio[], target: number): string {
  const f = (x: number | null | undefined, digits: number) => x === null || x === undefined ? "—" : x.toFixed(digits);
  const lines = [
    `| case | Deno GiB/s | C GiB/s | Deno / C (medians, 95% CI) | Deno / C per round (median, 95% CI) | ≥ ${target} |`,
    "|---|---:|---:|---:|---:|:---:|",
  ];
  for (const r of ratios) {
    const ratio = r.ratio ? `${f(r.ratio.ratio, 3)} (${f(r.ratio.low, 3)}–${f(r.ratio.high, 3)})` : "—";
    const paired = r.paired ? `${f(r.paired.ratio, 3)} (${f(r.paired.low, 3)}–${f(r.paired.high, 3)})` : "—";
    const verdict = { met: "yes", missed: "no", unclear: "not shown" }[r.verdict ?? "unclear"];
    lines.push(
      `| ${r.name} | ${f(r.deno, 2)} | ${f(r.native, 2)} | ${ratio} | ${paired} | ${r.verdict ? verdict : "—"} |`,
    );
  }
  return lines.join("\n");
}

const USAGE = `Usage: deno task bench:native [options]
  --quick              64 MiB per run, one repetition (a smoke test)
  --repetitions N      repetitions per case and side (default: blog.yaml's)
  --filter REGEX       only blog cases whose name matches
  --seed N             seed of the run order and bootstrap (default: random)
  --target R           the Deno/C ratio to test for (default 0.98)
  --out DIR            output folder (default results/<run id>)
  --trace-fast-path    diagnostic: record which bytes took V8's fast FFI path
  --no-images          skip the SVG/PNG export`;

/** Parsed `bench:native` arguments; throws a `UsageError`-style `Error` on bad input. */
export function parseNativeArgs(args: string[]): {
  quick: boolean;
  repetitions: number | null;
  filter: RegExp | null;
  seed: number;
  target: number;
  out: string | null;
  traceFastPath: boolean;
  images: boolean;
} {
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
      filter = new RegExp(values.filter);
    } catch (error) {
      throw new Error(`--filter: ${(error as Error).message}`);
    }
  }
  const target = values.target === undefined ? 0.98 : Number(values.target);
  if (!(target > 0 && target < 10)) throw new Error(`--target: expected a ratio such as 0.98, got ${values.target}`);
  return {
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

class HelpRequested extends Error {}

if (import.meta.main) {
  let args: ReturnType<typeof parseNativeArgs>;
  try {
    args = parseNativeArgs(Deno.args);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(USAGE);
      Deno.exit(0);
    }
    console.error(`bench:native: ${(error as Error).message}\n\n${USAGE}`);
    Deno.exit(2);
  }
  const cc = findProgram("cc");
  if (cc === null) {
    console.log("no C compiler (cc) found: nothing compared. Install one (e.g. apt-get install gcc) to compare.");
    Deno.exit(0);
  }
  const system = await collectSystemInfo();
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const runId = `${stamp}-${system.hostname}-native`;
  const from = Deno.env.get("INIT_CWD");
  const out = args.out;
  const outDir = out ? (out.startsWith("/") || !from ? out : `${from}/${out}`) : `${ROOT}results/${runId}`;
  await Deno.mkdir(outDir, { recursive: true });
  const binary = `${outDir}/pipe-endpoint`;
  const built = await new Deno.Command(cc, { args: ["-O2", "-o", binary, SOURCE] }).output();
  if (!built.success) {
    console.error(`cc failed to build ${SOURCE}:\n${new TextDecoder().decode(built.stderr)}`);
    Deno.exit(1);
  }
  const warmupBytes = DEFAULT_WARMUP_BYTES;
  let { cases } = await loadScenarioFiles([`${ROOT}scenarios/blog.yaml`]);
  if (args.filter !== null) cases = cases.filter((c) => args.filter!.test(c.name));
  if (cases.length === 0) {
    console.error(`bench:native: --filter ${args.filter} matches no case of scenarios/blog.yaml`);
    Deno.exit(2);
  }
  if (args.repetitions !== null) {
    cases = cases.map((c) => ({ ...c, params: { ...c.params, repetitions: args.repetitions! } }));
  }
  if (args.quick) cases = cases.map(quickCase);
  const results = await runSession({
    cases: nativeCases(cases, binary, warmupBytes),
    scenarios: [{ name: "native", description: "blog.yaml, Deno endpoints against C endpoints", file: SOURCE }],
    outDir,
    runId,
    seed: args.seed,
    options: { quick: args.quick, filter: args.filter?.source ?? null },
    system,
    runOptions: { warmupBytes, traceFastPath: args.traceFastPath },
    // Deno and C of a case run back to back in each round: their per-round ratio cancels drift.
    blockOf: (c) => c.id.replace(/-(deno|c)$/, ""),
    loadAverageNow,
    events: {
      runFinished: (run, total, c, outcome) =>
        console.error(
          `[${run.index + 1}/${total}] ${c.name}: ${
            outcome.ok ? `${outcome.sample.gibPerSecond.toFixed(2)} GiB/s` : pc.red(outcome.failure.reason)
          }`,
        ),
    },
  });
  const report = await writeReport(results, outDir, { images: args.images });
  const table = ratioTable(nativeRatios(results, args.target), args.target);
  const machine = `${system.cpuModel}, ${system.onlineCpus} CPUs${
    system.hypervisor ? " (virtual)" : ""
  }, Linux ${system.kernelRelease}, Deno ${system.versions.deno}`;
  await Deno.writeTextFile(
    `${outDir}/native.md`,
    `# Deno endpoints against C endpoints\n\n${machine}; seed ${results.seed}.\n\n${table}\n`,
  );
  console.log("\n" + formatTable(results, { color: Deno.stdout.isTerminal() }));
  console.log("\n" + table);
  console.log(`\nresults: ${outDir}/results.json\nreport:  ${report.html}\nratios:  ${outDir}/native.md`);
  if (results.cases.some((c) => c.failures.length > 0)) Deno.exit(1);
}
