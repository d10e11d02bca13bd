/**
 * `bench:native --turns`: per case, a Deno writer/reader pair and a C pair run at the same time
 * and take turns block by block (bench/turns/token.ts, bench/turns/pair.ts); the writer of the
 * pair that is not timing is stopped (SIGSTOP). The Deno pair's reader is bench/turns/reader.ts, the C pair's is
 * `pipe-endpoint read --blocks`.
 *
 * @module
 */
import {
  DEFAULT_WARMUP_BYTES,
  denoEndpointArgv,
  ENDPOINT_FLAGS,
  pinned,
  readerConfig,
  writerConfig,
} from "../bench/runner.ts";
import type { Case, CaseParams } from "../model/types.ts";
import { MIB_BYTES } from "../model/sizes.ts";
import { bootstrapMedianCi, median, type PairedRatio, seededRandom } from "../stats/stats.ts";
import { nativeCommands } from "./commands.ts";
import type { NativeRatio } from "./ratios.ts";
import { TURNS_READER, type TurnsReaderConfig } from "../bench/turns/reader.ts";
import { type PairCommands, turnsPair } from "../bench/turns/pair.ts";
import { sandwich, takeTurns } from "../bench/turns/token.ts";
import { verdictOf } from "./verdict.ts";

/** The turns reader's argv (unpinned), like a core endpoint's. */
function turnsReaderArgv(config: TurnsReaderConfig): string[] {
  return [Deno.execPath(), ...ENDPOINT_FLAGS, TURNS_READER, JSON.stringify(config)];
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
          turnsReaderArgv({
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
          String(tokens.tokenIn),
          "--token-out",
          String(tokens.tokenOut),
          "--writer-pid",
          String(writerPid),
        ], cpus.reader),
    },
  };
}

/**
 * Deno's speed relative to C in one session of turns: each block of the side that went second
 * against the mean of the first side's blocks around it (bench/turns/token.ts), as Deno / C, median.
 */
export function sessionRatio(deno: number[], native: number[], denoFirst: boolean): number {
  const { own, around } = denoFirst ? sandwich(deno, native) : sandwich(native, deno);
  return median(own.map((x, i) => denoFirst ? around[i] / x : x / around[i]));
}

/** One pair of a ring of turns (bench/turns/pair.ts), for the callers of this module. */
export { type PairCommands, turnsPair };

/** How `--turns` runs. */
export interface TurnsOptions {
  /** Blocks per side and session. */
  blocks: number;
  /** About how long a block lasts, ms. */
  blockMs: number;
  /** Sessions per case, fresh processes each. */
  sessions: number;
  /** Seed of who goes first and of the bootstrap. */
  seed: number;
  /** The Deno/C ratio to test for. */
  target: number;
}

/**
 * Runs `--turns` over `cases`. Two instances of the same program differ by a few percent (where
 * their buffers and pipes land in memory; C against C gave 0.977–1.070 per session here), so
 * each session starts fresh processes, sessions alternate who goes first, and the interval is
 * over the sessions.
 */
export async function runTurns(cases: Case[], binary: string, options: TurnsOptions): Promise<NativeRatio[]> {
  const random = seededRandom(options.seed);
  const ratios: NativeRatio[] = [];
  for (const c of cases) {
    // Block size: about --block-ms at the C pair's pace, from a short calibration.
    const probeCommands = turnsCommands(binary, c.params, DEFAULT_WARMUP_BYTES, {
      count: 3,
      blockBytes: 16 * MIB_BYTES,
    });
    const [probe] = await takeTurns(turnsPair(probeCommands.native), turnsPair(probeCommands.native));
    const gib = median(probe.blocks);
    const blockBytes = Math.max(4, Math.round(gib * 1024 * options.blockMs / 1000)) * MIB_BYTES;
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
      const [deno, native] = denoFirst ? [first.blocks, second.blocks] : [second.blocks, first.blocks];
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
      verdict: verdictOf(paired, options.target),
    });
    console.error(
      `${c.name}: Deno ${median(denoBlocks).toFixed(2)} GiB/s, C ${median(nativeBlocks).toFixed(2)} GiB/s; ` +
        `Deno / C per session: ${sessionRatios.map((r) => r.toFixed(3)).join(" ")} ` +
        `(${options.blocks} blocks of ${blockBytes / MIB_BYTES} MiB per side and session)`,
    );
  }
  return ratios;
}
