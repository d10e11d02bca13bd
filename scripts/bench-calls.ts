/**
 * `deno task bench:calls`: what the FFI crossing costs, without the noise of two CPUs.
 *
 * For each case of scenarios/blog.yaml, one process holds both ends of a pipe and steps a chunk
 * through it — the case's writer call, then its reader call (bench/pingpong.ts; in C,
 * `pipe-endpoint pingpong`). Deno and C run back to back on the same CPU in every round, in
 * shuffled order, and the per-round ratio `C ns / Deno ns` says how fast Deno's loop is relative
 * to C's: the syscalls and page work are the same, so the difference is the FFI crossing, the
 * JIT's code around it and the runtime's threads. Without a C compiler it says so and exits 0.
 *
 * Usage: deno task bench:calls [--rounds N] [--filter RE] [--seed N] [--target R] [--cpu N] [--out DIR]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { allowedCpus } from "../ffi/cpu.ts";
import type { PingPongConfig, PingPongResult } from "../bench/pingpong.ts";
import { ENDPOINT_FLAGS, findProgram, pinned } from "../bench/runner.ts";
import { loadScenarioFiles } from "../bench/scenario.ts";
import { median, type PairedRatio, pairedRatioCi, seededRandom, shuffle } from "../bench/stats.ts";
import { collectSystemInfo } from "../bench/system.ts";
import type { Case } from "../bench/types.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const SOURCE = `${ROOT}scripts/native/pipe-endpoint.c`;
const PINGPONG = `${ROOT}bench/pingpong.ts`;
/** Steps before the clock starts: enough for V8 to have the loops in TurboFan (see check-fast-path). */
const WARMUP_STEPS = 20_000;
/** Each measured run lasts about this long. */
const RUN_SECONDS = 0.25;

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
  ];
}

/** One case's result. */
export interface CallCost {
  name: string;
  /** Median nanoseconds per step. */
  denoNs: number | null;
  nativeNs: number | null;
  /** Median over rounds of `C ns / Deno ns` (Deno's speed relative to C), 95% CI. */
  speed: PairedRatio | null;
  verdict: "met" | "missed" | "unclear" | null;
}

/** Per-case medians and paired ratios from per-round nanoseconds. */
export function callCosts(
  measured: { name: string; deno: number[]; native: number[] }[],
  target: number,
  seed: number,
): CallCost[] {
  return measured.map(({ name, deno, native }) => {
    const speed = pairedRatioCi(native, deno, { seed });
    return {
      name,
      denoNs: deno.length ? median(deno) : null,
      nativeNs: native.length ? median(native) : null,
      speed,
      verdict: speed === null ? null : speed.low >= target ? "met" : speed.high < target ? "missed" : "unclear",
    };
  });
}

/** The Markdown table of {@link callCosts}. */
export function callTable(costs: CallCost[], target: number): string {
  const f = (x: number | null | undefined, digits: number) => x === null || x === undefined ? "—" : x.toFixed(digits);
  const lines = [
    `| case | chunk | Deno ns/step | C ns/step | Deno speed / C (median of rounds, 95% CI) | ≥ ${target} |`,
    "|---|---:|---:|---:|---:|:---:|",
  ];
  for (const c of costs) {
    const speed = c.speed ? `${f(c.speed.ratio, 3)} (${f(c.speed.low, 3)}–${f(c.speed.high, 3)})` : "—";
    const verdict = c.verdict === null ? "—" : { met: "yes", missed: "no", unclear: "not shown" }[c.verdict];
    lines.push(`| ${c.name} | | ${f(c.denoNs, 0)} | ${f(c.nativeNs, 0)} | ${speed} | ${verdict} |`);
  }
  return lines.join("\n");
}

async function runJson(argv: string[]): Promise<PingPongResult> {
  const output = await new Deno.Command(argv[0], { args: argv.slice(1), stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(output.stdout).trim();
  if (!output.success) {
    throw new Error(`${argv.slice(0, 3).join(" ")} failed: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
  const result = JSON.parse(text.split("\n").at(-1)!) as PingPongResult;
  if (!(result.nsPerStep > 0)) throw new Error(`${argv[0]} printed no timing: ${text}`);
  return result;
}

if (import.meta.main) {
  const usage = "Usage: deno task bench:calls [--rounds N] [--filter RE] [--seed N] [--target R] [--cpu N] [--out DIR]";
  let options;
  try {
    const { values } = parseArgs({
      args: Deno.args,
      strict: true,
      options: {
        rounds: { type: "string", default: "15" },
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
    const cpus = allowedCpus();
    const cpu = values.cpu === undefined ? cpus.at(-1)! : integer("cpu", values.cpu, 0);
    if (!cpus.includes(cpu)) throw new Error(`--cpu: CPU ${cpu} is not available here (${cpus.join(",")})`);
    const target = Number(values.target);
    if (!(target > 0 && target < 10)) throw new Error(`--target: expected a ratio such as 0.98, got ${values.target}`);
    options = {
      rounds: integer("rounds", values.rounds, 1),
      filter: values.filter === undefined ? null : new RegExp(values.filter),
      seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer("seed", values.seed, 0),
      target,
      cpu,
      out: values.out ?? null,
    };
  } catch (error) {
    console.error(`bench:calls: ${(error as Error).message}\n${usage}`);
    Deno.exit(2);
  }
  const cc = findProgram("cc");
  if (cc === null) {
    console.log("no C compiler (cc) found: nothing compared. Install one (e.g. apt-get install gcc) to compare.");
    Deno.exit(0);
  }
  const system = await collectSystemInfo();
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const from = Deno.env.get("INIT_CWD");
  const outDir = options.out
    ? (options.out.startsWith("/") || !from ? options.out : `${from}/${options.out}`)
    : `${ROOT}results/${stamp}-${system.hostname}-calls`;
  await Deno.mkdir(outDir, { recursive: true });
  const binary = `${outDir}/pipe-endpoint`;
  const built = await new Deno.Command(cc, { args: ["-O2", "-o", binary, SOURCE] }).output();
  if (!built.success) {
    console.error(`cc failed to build ${SOURCE}:\n${new TextDecoder().decode(built.stderr)}`);
    Deno.exit(1);
  }
  const { cases } = await loadScenarioFiles([`${ROOT}scenarios/blog.yaml`]);
  const selected = callCases(cases).filter((c) => options.filter === null || options.filter.test(c.name));
  if (selected.length === 0) {
    console.error(`bench:calls: --filter ${options.filter} matches no case of scenarios/blog.yaml`);
    Deno.exit(2);
  }
  const argv = (side: "deno" | "c", config: PingPongConfig) =>
    pinned(
      side === "c"
        ? nativePingPongArgv(binary, config)
        : [Deno.execPath(), ...ENDPOINT_FLAGS, PINGPONG, JSON.stringify(config)],
      options.cpu,
    );
  // Steps per run: about RUN_SECONDS of C's pace, measured once.
  const configs = new Map<string, PingPongConfig>();
  for (const c of selected) {
    const probe = await runJson(argv("c", { ...c.config, steps: 2000, warmupSteps: 1000 }));
    const steps = Math.max(1000, Math.min(2_000_000, Math.round(RUN_SECONDS * 1e9 / probe.nsPerStep)));
    configs.set(c.name, { ...c.config, steps, warmupSteps: WARMUP_STEPS });
  }
  const measured = selected.map((c) => ({ name: c.name, deno: [] as number[], native: [] as number[] }));
  const random = seededRandom(options.seed);
  for (let round = 0; round < options.rounds; round++) {
    for (const index of shuffle([...selected.keys()], random)) {
      const config = configs.get(selected[index].name)!;
      const pair: Record<"deno" | "c", number> = { deno: 0, c: 0 };
      for (const side of shuffle(["deno", "c"] as const, random)) {
        pair[side] = (await runJson(argv(side, config))).nsPerStep;
      }
      measured[index].deno.push(pair.deno);
      measured[index].native.push(pair.c);
      console.error(
        `[round ${round + 1}/${options.rounds}] ${selected[index].name}: Deno ${pair.deno.toFixed(0)} ns, C ${
          pair.c.toFixed(0)
        } ns per step`,
      );
    }
  }
  const costs = callCosts(measured, options.target, options.seed);
  const chunks = selected.map((c) => `${c.config.chunk! / 1024} KiB`);
  const table = callTable(costs, options.target).split("\n").map((line, i) =>
    i < 2 ? line : line.replace("| |", `| ${chunks[i - 2]} |`)
  ).join("\n");
  const machine = `${system.cpuModel}, ${system.onlineCpus} CPUs${
    system.hypervisor ? " (virtual)" : ""
  }, Linux ${system.kernelRelease}, Deno ${system.versions.deno}`;
  await Deno.writeTextFile(
    `${outDir}/calls.md`,
    `# One step of each loop, Deno against C (one thread, CPU ${options.cpu})\n\n${machine}; ` +
      `${options.rounds} rounds, seed ${options.seed}.\n\n${table}\n`,
  );
  await Deno.writeTextFile(
    `${outDir}/calls.json`,
    JSON.stringify({ system, seed: options.seed, cpu: options.cpu, configs: [...configs.entries()], measured, costs }),
  );
  console.log("\n" + table);
  console.log(`\n${outDir}/calls.md`);
}
