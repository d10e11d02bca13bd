/**
 * `deno task bench:native`: pipespeed's Deno endpoints against the same endpoints in C
 * (`native/pipe-endpoint.c`: same syscalls, options, buffer placement and result line),
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
import { denoEndpointArgv, pinned, readerConfig, writerConfig } from "../bench/runner.ts";
import { buildNativeEndpoint, machineLine, NATIVE_SOURCE, outputFolder, requireCompiler } from "../native/build.ts";
import { loadScenarioFiles } from "../scenario/scenario.ts";
import { runSession } from "../bench/session.ts";
import { sandwich, startTurnChild, takeTurns, type TurnStarter } from "../native/turns.ts";
import { closeFd, createPipe } from "../ffi/pipe.ts";
import { spawn } from "node:child_process";
import {
  bootstrapMedianCi,
  bootstrapRatioOfMediansCi,
  median,
  type PairedRatio,
  pairedRatioCi,
  type RatioInterval,
  seededRandom,
} from "../stats/stats.ts";
import { DEFAULT_WARMUP_BYTES, type ReaderResult } from "../bench/endpoint/protocol.ts";
import { collectSystemInfo, loadAverageNow } from "../bench/system.ts";
import type { Case, CaseParams, Results } from "../model/types.ts";
import { formatTable, writeReport } from "../reports/run/mod.ts";

import { nativeCommands } from "../native/commands.ts";
export { nativeCommands };

const ROOT = new URL("../", import.meta.url).pathname;

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
export function ratioTable(ratios: NativeRatio[], target: number, pairedBy = "per round"): string {
  const f = (x: number | null | undefined, digits: number) => x === null || x === undefined ? "—" : x.toFixed(digits);
  const lines = [
    `| case | Deno GiB/s | C GiB/s | Deno / C (medians, 95% CI) | Deno / C ${pairedBy} (median, 95% CI) | ≥ ${target} |`,
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

/** How {@link turnsPair} runs one side. */
export interface PairCommands {
  /** The writer's argv (pinned by the caller). */
  writer: string[];
  /** The reader's argv given the writer's pid; it takes turns on fds 3 and 4. */
  reader: (writerPid: number) => string[];
}

/** One side of `--turns`: a writer and a reader on their own pipe; the reader holds the token. */
export function turnsPair(commands: PairCommands): TurnStarter<ReaderResult> {
  return (tokenIn, tokenOut) => {
    const { readFd, writeFd } = createPipe();
    try {
      const writer = spawn(commands.writer[0], commands.writer.slice(1), { stdio: ["ignore", writeFd, "ignore"] });
      if (writer.pid === undefined) throw new Error(`cannot start ${commands.writer[0]}`);
      const reader = startTurnChild<ReaderResult>(commands.reader(writer.pid), [
        readFd,
        "pipe",
        "pipe",
        tokenIn,
        tokenOut,
      ]);
      // Once the reader is done, so is its writer (stopped or not).
      reader.result.finally(() => writer.kill("SIGKILL")).catch(() => {});
      return reader;
    } finally {
      closeFd(readFd);
      closeFd(writeFd);
    }
  };
}

/** The Deno and the C pair of a case, for `--turns`. */
export function turnsCommands(
  binary: string,
  params: CaseParams,
  warmupBytes: number,
  turns: { count: number; blockBytes: number },
): { deno: PairCommands; native: PairCommands } {
  const tokens = { tokenIn: 3, tokenOut: 4 };
  const cpus = params.cpus ?? { writer: 0, reader: 1 };
  const native = nativeCommands(binary, params);
  return {
    deno: {
      writer: pinned(
        denoEndpointArgv("writer", { ...writerConfig(params, warmupBytes), parentPid: Deno.pid }),
        cpus.writer,
      ),
      reader: (writerPid) =>
        pinned(
          denoEndpointArgv("reader", {
            ...readerConfig(params, warmupBytes),
            parentPid: Deno.pid,
            turns: { ...turns, ...tokens, writerPid },
          }),
          cpus.reader,
        ),
    },
    native: {
      writer: pinned(native.writer, cpus.writer),
      reader: (writerPid) =>
        pinned([
          ...native.reader,
          "--warmup",
          String(warmupBytes),
          "--blocks",
          String(turns.count),
          "--block-bytes",
          String(turns.blockBytes),
          "--token-in",
          "3",
          "--token-out",
          "4",
          "--writer-pid",
          String(writerPid),
        ], cpus.reader),
    },
  };
}

/**
 * Deno's speed relative to C in one session of turns: each block of the side that went second
 * against the mean of the first side's blocks around it (native/turns.ts), as Deno / C, median.
 */
export function sessionRatio(deno: number[], native: number[], denoFirst: boolean): number {
  const { own, around } = denoFirst ? sandwich(deno, native) : sandwich(native, deno);
  return median(own.map((x, i) => denoFirst ? around[i] / x : x / around[i]));
}

/**
 * `--turns`: per case, the Deno pair and the C pair run at the same time and take turns block by
 * block (native/turns.ts); the writer of the pair that is not timing is stopped (SIGSTOP). Two
 * instances of the same program differ by a few percent (where their buffers and pipes land in
 * memory; C against C gave 0.977–1.070 per session here), so each session starts fresh processes, sessions
 * alternate who goes first, and the interval is over the sessions.
 */
async function runTurns(
  cases: Case[],
  binary: string,
  options: { blocks: number; blockMs: number; sessions: number; seed: number; target: number },
): Promise<NativeRatio[]> {
  const random = seededRandom(options.seed);
  const ratios: NativeRatio[] = [];
  for (const c of cases) {
    // Block size: about --block-ms at the C pair's pace, from a short calibration.
    const probeCommands = turnsCommands(binary, c.params, DEFAULT_WARMUP_BYTES, { count: 3, blockBytes: 16 << 20 });
    const [probe] = await takeTurns(turnsPair(probeCommands.native), turnsPair(probeCommands.native));
    const gib = median(probe.blocks!);
    const blockBytes = Math.max(4, Math.round(gib * 1024 * options.blockMs / 1000)) * (1 << 20);
    const commands = turnsCommands(binary, c.params, DEFAULT_WARMUP_BYTES, { count: options.blocks, blockBytes });
    const sessionRatios: number[] = [];
    const denoBlocks: number[] = [];
    const nativeBlocks: number[] = [];
    const startWithDeno = random() < 0.5;
    for (let session = 0; session < options.sessions; session++) {
      const denoFirst = session % 2 === 0 ? startWithDeno : !startWithDeno;
      const [first, second] = denoFirst
        ? await takeTurns(turnsPair(commands.deno), turnsPair(commands.native))
        : await takeTurns(turnsPair(commands.native), turnsPair(commands.deno));
      const [deno, native] = denoFirst ? [first.blocks!, second.blocks!] : [second.blocks!, first.blocks!];
      denoBlocks.push(...deno);
      nativeBlocks.push(...native);
      sessionRatios.push(sessionRatio(deno, native, denoFirst));
    }
    const paired: PairedRatio = {
      ratio: median(sessionRatios),
      ...bootstrapMedianCi(sessionRatios, { seed: options.seed }),
      pairs: sessionRatios.length,
    };
    ratios.push({
      name: c.name,
      deno: median(denoBlocks),
      native: median(nativeBlocks),
      ratio: null,
      paired,
      verdict: paired.low >= options.target ? "met" : paired.high < options.target ? "missed" : "unclear",
    });
    console.error(
      `${c.name}: Deno ${median(denoBlocks).toFixed(2)} GiB/s, C ${median(nativeBlocks).toFixed(2)} GiB/s; ` +
        `Deno / C per session: ${sessionRatios.map((r) => r.toFixed(3)).join(" ")} ` +
        `(${options.blocks} blocks of ${blockBytes >> 20} MiB per side and session)`,
    );
  }
  return ratios;
}

const USAGE = `Usage: deno task bench:native [options]
  --quick              64 MiB per run, one repetition (a smoke test)
  --repetitions N      repetitions per case and side (default: blog.yaml's)
  --filter REGEX       only blog cases whose name matches
  --seed N             seed of the run order and bootstrap (default: random)
  --target R           the Deno/C ratio to test for (default 0.98)
  --out DIR            output folder (default results/<run id>)
  --turns              Deno and C pairs run at once and take turns, block by block
  --blocks K           with --turns: blocks per side and session (default 60)
  --block-ms MS        with --turns: about how long a block lasts (default 20)
  --sessions S         with --turns: sessions per case, fresh processes each (default 20)
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
  turns: { blocks: number; blockMs: number; sessions: number } | null;
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
      turns: { type: "boolean", default: false },
      blocks: { type: "string" },
      "block-ms": { type: "string" },
      sessions: { type: "string" },
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
  const turnOptions = [values.blocks, values["block-ms"], values.sessions];
  if (!values.turns && turnOptions.some((v) => v !== undefined)) {
    throw new Error("--blocks, --block-ms and --sessions go with --turns");
  }
  if (values.turns && (values.repetitions !== undefined || values.quick || values["trace-fast-path"])) {
    throw new Error("--turns takes no --repetitions, --quick or --trace-fast-path (see --blocks, --sessions)");
  }
  return {
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
  const cc = requireCompiler();
  const system = await collectSystemInfo();
  const outDir = await outputFolder(args.out, system, "native");
  const runId = `${new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${system.hostname}-native`;
  const binary = await buildNativeEndpoint(cc, outDir);
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
  if (args.turns !== null) {
    const ratios = await runTurns(cases, binary, { ...args.turns, seed: args.seed, target: args.target });
    const table = ratioTable(ratios, args.target, "per session");
    const machine = machineLine(system);
    await Deno.writeTextFile(
      `${outDir}/native-turns.md`,
      `# Deno endpoints against C endpoints, taking turns\n\n${machine}; ${args.turns.sessions} sessions of ` +
        `${args.turns.blocks} blocks (~${args.turns.blockMs} ms) per side and case, seed ${args.seed}.\n\n${table}\n`,
    );
    await Deno.writeTextFile(
      `${outDir}/native-turns.json`,
      JSON.stringify({ system, seed: args.seed, ratios }, null, 1),
    );
    console.log("\n" + table + `\n\n${outDir}/native-turns.md`);
    Deno.exit(0);
  }
  const results = await runSession({
    cases: nativeCases(cases, binary, warmupBytes),
    scenarios: [{ name: "native", description: "blog.yaml, Deno endpoints against C endpoints", file: NATIVE_SOURCE }],
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
  const machine = machineLine(system);
  await Deno.writeTextFile(
    `${outDir}/native.md`,
    `# Deno endpoints against C endpoints\n\n${machine}; seed ${results.seed}.\n\n${table}\n`,
  );
  console.log("\n" + formatTable(results, { color: Deno.stdout.isTerminal() }));
  console.log("\n" + table);
  console.log(`\nresults: ${outDir}/results.json\nreport:  ${report.html}\nratios:  ${outDir}/native.md`);
  if (results.cases.some((c) => c.failures.length > 0)) Deno.exit(1);
}
