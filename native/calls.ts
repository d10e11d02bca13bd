/**
 * `bench:calls` measurements: each blog case's writer and reader call stepped through one pipe
 * in one process (native/pingpong.ts; in C, `pipe-endpoint pingpong`), a Deno and a C process
 * taking turns on one CPU, and Deno's speed relative to C per case from the blocks.
 *
 * @module
 */
import type { Case } from "../model/types.ts";
import { KIB_BYTES } from "../model/sizes.ts";
import { median, type PairedRatio, pairedRatioCi } from "../stats/stats.ts";
import type { PingPongConfig, PingPongResult } from "./pingpong.ts";
import { sandwich, startTurnChild, type TurnStarter } from "../bench/turns/token.ts";
import { fixed, intervalCell, type Verdict, verdictCell, verdictOf } from "./verdict.ts";

/** One case as a ping-pong configuration (without step counts). */
export type CallCase = { name: string; config: Omit<PingPongConfig, "steps" | "warmupSteps"> };

/** The blog cases as ping-pong configurations: the chunk is what one writer call sends. */
export function callCases(blog: Case[]): CallCase[] {
  return blog.flatMap((c) => {
    const { writer, reader } = c.params;
    // bench:calls steps the post's calls; a memfd source (writer: splice or sendfile) is not one of them.
    if (typeof writer !== "string" || typeof reader !== "string" || writer === "splice" || writer === "sendfile") {
      return [];
    }
    // A vmsplice writer's calls move at most a pipe's worth, half of bufferSize, in either layout
    // (`halves` sends half a buffer per call; `whole` sends a buffer in calls the pipe cuts to about
    // half, then a 16-byte rest), so one step moves half a buffer.
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

/** A starter of `argv` as one side of `takeTurns` (bench/turns/token.ts). */
export function turnCommand(argv: string[]): TurnStarter<PingPongResult> {
  return (tokenIn, tokenOut) => startTurnChild(argv, ["ignore", "pipe", "pipe", tokenIn, tokenOut]);
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
  verdict: Verdict | null;
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
      verdict: speed === null ? null : verdictOf(speed, target),
    };
  });
}

/** The Markdown table of {@link callCosts}; `chunks` labels each row's chunk size. */
export function callTable(costs: CallCost[], target: number, chunks: string[] = []): string {
  const lines = [
    `| case | chunk | Deno ns/step | C ns/step | Deno speed / C (median, 95% CI) | blocks | ≥ ${target} |`,
    "|---|---:|---:|---:|---:|---:|:---:|",
  ];
  for (const [i, c] of costs.entries()) {
    lines.push(
      `| ${c.name} | ${chunks[i] ?? ""} | ${fixed(c.denoNs, 0)} | ${fixed(c.nativeNs, 0)} | ${
        intervalCell(c.speed)
      } | ${c.speed?.pairs ?? 0} | ${verdictCell(c.verdict)} |`,
    );
  }
  return lines.join("\n");
}

/** A chunk size as the table's chunk column shows it. */
export function chunkLabel(config: CallCase["config"]): string {
  return `${config.chunk! / KIB_BYTES} KiB`;
}
