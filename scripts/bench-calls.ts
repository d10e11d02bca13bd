/**
 * `deno task bench:calls`: what the FFI crossing costs, measured where the machine's noise
 * cannot hide a 2% difference.
 *
 * For each case of scenarios/blog.yaml, one process holds both ends of a pipe and steps a chunk
 * through it — the case's writer call, then its reader call (native/pingpong.ts; in C,
 * `pipe-endpoint pingpong`). The syscalls and page work are the same in both, so what differs is
 * the FFI crossing, the JIT's code around it and the runtime around that.
 *
 * The Deno and the C process run at the same time on the same CPU and take turns: a token passed
 * through two pipes lets one of them time a block of steps (about 10 ms) while the other sleeps.
 * Each C block is compared with the mean of the Deno blocks just before and after it (or the
 * reverse), so drift slower than a few blocks cancels — on this VM, identical runs a second apart
 * differ by up to 25%, which no number of separate runs averages away quickly. The result per
 * case is the median of those ratios, `C ns / Deno ns` (Deno's speed relative to C), with a
 * bootstrap 95% CI. Without a C compiler it says so and exits 0.
 *
 * Usage: deno task bench:calls [--blocks K] [--block-ms MS] [--filter RE] [--seed N] [--target R] [--cpu N] [--out DIR]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { allowedCpus } from "../ffi/cpu.ts";
import type { PingPongConfig, PingPongResult } from "../native/pingpong.ts";
import { ENDPOINT_FLAGS, pinned } from "../bench/runner.ts";
import { loadScenarioFiles } from "../scenario/scenario.ts";
import { median, type PairedRatio, pairedRatioCi, seededRandom } from "../stats/stats.ts";
import { collectSystemInfo } from "../bench/system.ts";
import { buildNativeEndpoint, machineLine, outputFolder, requireCompiler } from "../native/build.ts";
import { sandwich, startTurnChild, takeTurns, type TurnStarter } from "../native/turns.ts";
import type { Case } from "../model/types.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const PINGPONG = `${ROOT}native/pingpong.ts`;
/** Steps before the clock starts: enough for V8 to have the loops in TurboFan (see check-fast-path). */
const WARMUP_STEPS = 20_000;

/** One case as a ping-pong configuration (without step counts). */
export type CallCase = { name: string; config: Omit<PingPongConfig, "steps" | "warmupSteps"> };

/** The blog cases as ping-pong configurations: the chunk is what one writer call sends. */
export function callCases(blog: Case[]): CallCase[] {
  return blog.flatMap((c) => {
    const { writer, reader } = c.params;
    if (typeof writer !== "string" || typeof reader !== "string") return [];
    const chunk = writer === "vmsplice" ? c.params.bufferSize / 2 : c.params.bufferSize;
    return [{
      name: c.name,
      config: {
        writer,
        reader,
        chunk,
        hugePages: c.params.hugePages,
        busyLoop: c.params.busyLoop,
        offset: c.params.bufferOffset,
      },
    }];
  });
}

/** The argv of a C ping-pong run. */
export function nativePingPongArgv(binary: string, config: PingPongConfig): string[] {
  return [
    binary,
    "pingpong",
    ...(config.writer === "vmsplice" ? ["--vmsplice"] : []),
    ...(config.reader === "splice" ? ["--splice"] : []),
    ...(config.hugePages ? ["--huge"] : []),
    ...(config.busyLoop ? ["--busy"] : []),
    "--buf",
    String(config.chunk),
    "--offset",
    String(config.hugePages ? 0 : config.offset ?? 16),
    "--steps",
    String(config.steps),
    "--warmup-steps",
    String(config.warmupSteps),
    ...(config.blocks
      ? [
        "--blocks",
        String(config.blocks.count),
        "--token-in",
        String(config.blocks.tokenIn),
        "--token-out",
        String(config.blocks.tokenOut),
      ]
      : []),
  ];
}

/** One case's blocks, in the order they ran (the first process's block 0 first). */
export interface TurnTaking {
  name: string;
  /** Nanoseconds per step of each block. */
  deno: number[];
  native: number[];
  /** Whether the Deno process had the first turn. */
  denoFirst: boolean;
}

/**
 * Each block of one side against the mean of the other side's blocks just before and after it:
 * `{numerators: C, denominators: Deno}` pairs, so that `numerator / denominator` is Deno's speed
 * relative to C with linear drift cancelled. The sandwiched side is the one that went second
 * (its every block has a neighbour on both sides but the last).
 */
export function sandwichPairs(t: TurnTaking): { numerators: number[]; denominators: number[] } {
  if (t.denoFirst) {
    // D0 C0 D1 C1 …: C_i sits between D_i and D_{i+1}.
    const { own, around } = sandwich(t.deno, t.native);
    return { numerators: own, denominators: around };
  }
  // C0 D0 C1 D1 …: D_i sits between C_i and C_{i+1}.
  const { own, around } = sandwich(t.native, t.deno);
  return { numerators: around, denominators: own };
}

/** One case's result. */
export interface CallCost {
  name: string;
  /** Median nanoseconds per step over the blocks. */
  denoNs: number | null;
  nativeNs: number | null;
  /** Median of the sandwich ratios `C ns / Deno ns` (Deno's speed relative to C), 95% CI. */
  speed: PairedRatio | null;
  verdict: "met" | "missed" | "unclear" | null;
}

/** Per-case medians and sandwich ratios. */
export function callCosts(measured: TurnTaking[], target: number, seed: number): CallCost[] {
  return measured.map((t) => {
    const { numerators, denominators } = sandwichPairs(t);
    const speed = pairedRatioCi(numerators, denominators, { seed });
    return {
      name: t.name,
      denoNs: t.deno.length ? median(t.deno) : null,
      nativeNs: t.native.length ? median(t.native) : null,
      speed,
      verdict: speed === null ? null : speed.low >= target ? "met" : speed.high < target ? "missed" : "unclear",
    };
  });
}

/** The Markdown table of {@link callCosts}; `chunks` labels each row's chunk size. */
export function callTable(costs: CallCost[], target: number, chunks: string[] = []): string {
  const f = (x: number | null | undefined, digits: number) => x === null || x === undefined ? "—" : x.toFixed(digits);
  const lines = [
    `| case | chunk | Deno ns/step | C ns/step | Deno speed / C (median, 95% CI) | blocks | ≥ ${target} |`,
    "|---|---:|---:|---:|---:|---:|:---:|",
  ];
  for (const [i, c] of costs.entries()) {
    const speed = c.speed ? `${f(c.speed.ratio, 3)} (${f(c.speed.low, 3)}–${f(c.speed.high, 3)})` : "—";
    const verdict = c.verdict === null ? "—" : { met: "yes", missed: "no", unclear: "not shown" }[c.verdict];
    lines.push(
      `| ${c.name} | ${chunks[i] ?? ""} | ${f(c.denoNs, 0)} | ${f(c.nativeNs, 0)} | ${speed} | ${
        c.speed?.pairs ?? 0
      } | ${verdict} |`,
    );
  }
  return lines.join("\n");
}

/** A starter of `argv` as one side of {@link takeTurns}. */
export function turnCommand(argv: string[]): TurnStarter<PingPongResult> {
  return (tokenIn, tokenOut) => startTurnChild(argv, ["ignore", "pipe", "pipe", tokenIn, tokenOut]);
}

/** Parsed `bench:calls` arguments; throws an `Error` naming the option on bad input. */
export function parseCallArgs(args: string[], cpus: number[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      blocks: { type: "string", default: "200" },
      "block-ms": { type: "string", default: "10" },
      filter: { type: "string" },
      seed: { type: "string" },
      target: { type: "string", default: "0.98" },
      cpu: { type: "string" },
      out: { type: "string" },
    },
  });
  const integer = (name: string, text: string, min: number) => {
    if (!/^\d+$/.test(text) || Number(text) < min) {
      throw new Error(`--${name}: expected an integer ≥ ${min}, got ${text}`);
    }
    return Number(text);
  };
  const cpu = values.cpu === undefined ? cpus.at(-1)! : integer("cpu", values.cpu, 0);
  if (!cpus.includes(cpu)) throw new Error(`--cpu: CPU ${cpu} is not available here (${cpus.join(",")})`);
  const target = Number(values.target);
  if (!(target > 0 && target < 10)) throw new Error(`--target: expected a ratio such as 0.98, got ${values.target}`);
  let filter: RegExp | null = null;
  try {
    filter = values.filter === undefined ? null : new RegExp(values.filter);
  } catch (error) {
    throw new Error(`--filter: ${(error as Error).message}`);
  }
  return {
    blocks: integer("blocks", values.blocks, 3),
    blockMs: integer("block-ms", values["block-ms"], 1),
    filter,
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer("seed", values.seed, 0),
    target,
    cpu,
    out: values.out ?? null,
  };
}

const USAGE =
  "Usage: deno task bench:calls [--blocks K] [--block-ms MS] [--filter RE] [--seed N] [--target R] [--cpu N] [--out DIR]";

if (import.meta.main) {
  let options: ReturnType<typeof parseCallArgs>;
  try {
    options = parseCallArgs(Deno.args, allowedCpus());
  } catch (error) {
    console.error(`bench:calls: ${(error as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  const cc = requireCompiler();
  const system = await collectSystemInfo();
  const outDir = await outputFolder(options.out, system, "calls");
  const binary = await buildNativeEndpoint(cc, outDir);
  const { cases } = await loadScenarioFiles([`${ROOT}scenarios/blog.yaml`]);
  const selected = callCases(cases).filter((c) => options.filter === null || options.filter.test(c.name));
  if (selected.length === 0) {
    console.error(`bench:calls: --filter ${options.filter} matches no case of scenarios/blog.yaml`);
    Deno.exit(2);
  }
  const denoArgv = (config: PingPongConfig) =>
    pinned([Deno.execPath(), ...ENDPOINT_FLAGS, PINGPONG, JSON.stringify(config)], options.cpu);
  const nativeArgv = (config: PingPongConfig) => pinned(nativePingPongArgv(binary, config), options.cpu);
  const random = seededRandom(options.seed);
  const measured: TurnTaking[] = [];
  const configs: PingPongConfig[] = [];
  for (const c of selected) {
    // Steps per block: about --block-ms of C's pace.
    const probe = await takeTurns(
      turnCommand(
        nativeArgv({ ...c.config, steps: 1000, warmupSteps: 1000, blocks: { count: 1, tokenIn: 3, tokenOut: 4 } }),
      ),
      turnCommand(nativeArgv({ ...c.config, steps: 1, warmupSteps: 0, blocks: { count: 1, tokenIn: 3, tokenOut: 4 } })),
    );
    const steps = Math.max(10, Math.round(options.blockMs * 1e6 / probe[0].nsPerStep));
    const config = {
      ...c.config,
      steps,
      warmupSteps: WARMUP_STEPS,
      blocks: { count: options.blocks, tokenIn: 3, tokenOut: 4 },
    };
    configs.push(config);
    const denoFirst = random() < 0.5;
    const [first, second] = denoFirst
      ? await takeTurns(turnCommand(denoArgv(config)), turnCommand(nativeArgv(config)))
      : await takeTurns(turnCommand(nativeArgv(config)), turnCommand(denoArgv(config)));
    const [deno, native] = denoFirst ? [first, second] : [second, first];
    measured.push({ name: c.name, deno: deno.blocks, native: native.blocks, denoFirst });
    const [cost] = callCosts([measured.at(-1)!], options.target, options.seed);
    console.error(
      `${c.name}: Deno ${cost.denoNs?.toFixed(0)} ns, C ${cost.nativeNs?.toFixed(0)} ns per step; ` +
        `Deno speed / C ${cost.speed?.ratio.toFixed(3)} (${options.blocks} blocks of ${steps} steps each)`,
    );
  }
  const costs = callCosts(measured, options.target, options.seed);
  const table = callTable(costs, options.target, selected.map((c) => `${c.config.chunk! / 1024} KiB`));
  const machine = machineLine(system);
  await Deno.writeTextFile(
    `${outDir}/calls.md`,
    `# One step of each loop, Deno against C, taking turns on CPU ${options.cpu}\n\n${machine}; ` +
      `${options.blocks} blocks of ~${options.blockMs} ms per side and case, seed ${options.seed}.\n\n${table}\n`,
  );
  await Deno.writeTextFile(
    `${outDir}/calls.json`,
    JSON.stringify({ system, seed: options.seed, cpu: options.cpu, configs, measured, costs }, null, 1),
  );
  console.log("\n" + table);
  console.log(`\n${outDir}/calls.md`);
}
