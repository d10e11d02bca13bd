/**
 * `deno task bench:calls`: what the FFI crossing costs, measured where the machine's noise cannot
 * hide a 2% difference.
 *
 * For each case of scenarios/blog.yaml, one process holds both ends of a pipe and steps a chunk
 * through it — the case's writer call, then its reader call (native/calls.ts). The syscalls and
 * page work are the same in Deno and in C, so what differs is the FFI crossing, the JIT's code
 * around it and the runtime around that. The Deno and the C process run at the same time on the
 * same CPU and take turns (bench/turns/token.ts): each block of one is compared with the mean of the
 * other's blocks just before and after it, so drift slower than a few blocks cancels — on this VM,
 * identical runs a second apart differ by up to 25%. The result per case is the median of those
 * ratios, `C ns / Deno ns` (Deno's speed relative to C), with a bootstrap 95% CI.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { caseFilter, filterCases } from "../bench/filter.ts";
import { ENDPOINT_FLAGS, pinned } from "../bench/runner.ts";
import { loadScenarioFiles } from "../scenario/scenario.ts";
import { seededRandom } from "../stats/stats.ts";
import { machineLine, setUpNative } from "./build.ts";
import {
  callCases,
  callCosts,
  callTable,
  chunkLabel,
  nativePingPongArgv,
  turnCommand,
  type TurnTaking,
} from "./calls.ts";
import type { PingPongConfig } from "./pingpong.ts";
import { takeTurns } from "../bench/turns/token.ts";

const BLOG = new URL("../scenarios/blog.yaml", import.meta.url).pathname;
const PINGPONG = new URL("./pingpong.ts", import.meta.url).pathname;
/** Steps before the clock starts: enough for V8 to have the loops in TurboFan (see check-fast-path). */
const WARMUP_STEPS = 20_000;

/** The usage line of `bench:calls`. */
export const CALLS_USAGE =
  "Usage: deno task bench:calls [--blocks K] [--block-ms MS] [--filter RE] [--seed N] [--target R] [--cpu N] [--out DIR]";

/** Parsed `bench:calls` arguments. */
export type CallArgs = ReturnType<typeof parseCallArgs>;

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
    filter = values.filter === undefined ? null : caseFilter(values.filter);
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
    /** As given (relative to the caller's folder); `null`: results/<run id>. */
    out: values.out ?? null,
  };
}

/** Runs `bench:calls` (`options.out` already resolved); returns the exit code. */
export async function benchCalls(options: CallArgs): Promise<number> {
  const setup = await setUpNative(options.out, "calls");
  if (typeof setup === "number") return setup;
  const { system, outDir, binary } = setup;
  const { cases } = await loadScenarioFiles([BLOG]);
  const selected = callCases(options.filter === null ? cases : filterCases(cases, options.filter));
  if (selected.length === 0) {
    console.error(`bench:calls: --filter ${options.filter} matches no case of scenarios/blog.yaml`);
    return 2;
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
  const table = callTable(costs, options.target, selected.map((c) => chunkLabel(c.config)));
  await Deno.writeTextFile(
    `${outDir}/calls.md`,
    `# One step of each loop, Deno against C, taking turns on CPU ${options.cpu}\n\n${machineLine(system)}; ` +
      `${options.blocks} blocks of ~${options.blockMs} ms per side and case, seed ${options.seed}.\n\n${table}\n`,
  );
  await Deno.writeTextFile(
    `${outDir}/calls.json`,
    JSON.stringify({ system, seed: options.seed, cpu: options.cpu, configs, measured, costs }, null, 1),
  );
  console.log("\n" + table);
  console.log(`\n${outDir}/calls.md`);
  return 0;
}
