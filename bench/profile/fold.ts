/**
 * Folding `perf script` output: each sample's call chain (innermost frame first, as perf prints
 * it) to a side's profile — its sample count, the share spent in the kernel, the functions with
 * the most self samples, and the folded stacks (`outer;…;inner`) a flame or icicle chart draws —
 * over the side's measured window when its endpoint reported one (samples timed by
 * `CLOCK_MONOTONIC`, as the endpoints' window is), over all its samples otherwise.
 * Pure text processing, no I/O.
 *
 * @module
 */
import type { SideProfile } from "../../model/calibration-schema.ts";
import type { MeasuredWindow } from "../endpoint/protocol.ts";

/** One frame of a sample. */
export interface Frame {
  /** Function name without its offset; `[unknown] (dso)` when perf could not name it. */
  symbol: string;
  /** Whether the frame is kernel code. */
  kernel: boolean;
  /** The file the code is in, as perf names it (`[kernel.kallsyms]`, a path; "" when not given). */
  dso: string;
}

/** One sample: the process it hit, when (seconds of perf's clock; `null` untimed) and its frames, innermost first. */
export interface PerfSample {
  pid: number;
  comm: string;
  time: number | null;
  frames: Frame[];
}

const HEADER = /^(\S.*?)\s+(\d+)(?:\/(\d+))?(?:\s+(\d+\.\d+):)?\s*(?:\s.*)?$/;
const FRAME = /^\s+([0-9a-f]+)\s+(.*?)(?:\s+\(([^()]*)\))?$/;

/**
 * The samples of `perf script -F comm,pid,tid[,time],ip,sym,dso` output (a header line per sample,
 * then one indented line per frame, then a blank line).
 */
export function parsePerfScript(text: string): PerfSample[] {
  const samples: PerfSample[] = [];
  let current: PerfSample | null = null;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      current = null;
      continue;
    }
    if (current !== null && /^\s/.test(line)) {
      const match = FRAME.exec(line);
      if (match === null) continue;
      const dso = match[3] ?? "";
      const name = match[2].replace(/\+0x[0-9a-f]+$/, "").trim();
      const kernel = dso.startsWith("[kernel") || match[1].startsWith("ffff");
      const symbol = name === "" || name === "[unknown]"
        ? `[unknown] (${dso.slice(dso.lastIndexOf("/") + 1) || "?"})`
        : name;
      current.frames.push({ symbol, kernel, dso });
      continue;
    }
    const header = HEADER.exec(line);
    if (header === null) continue;
    current = {
      comm: header[1].trim(),
      pid: Number(header[2]),
      time: header[4] === undefined ? null : Number(header[4]),
      frames: [],
    };
    samples.push(current);
  }
  return samples;
}

/** Functions kept in `top`. */
export const TOP_FUNCTIONS = 20;
/** Folded stacks kept (the heaviest). */
export const FOLDED_STACKS = 200;

/**
 * The profile of the samples of process `pid` — those inside `window` when given (`window:
 * measured`), all of them otherwise (`whole run`) — or `null` when none hit it.
 */
export function sideProfile(
  samples: PerfSample[],
  pid: number,
  window: MeasuredWindow | null = null,
): SideProfile | null {
  const inside = (time: number | null) =>
    window === null || time !== null && time >= window.start && time <= window.end;
  const own = samples.filter((sample) => sample.pid === pid && sample.frames.length > 0 && inside(sample.time));
  if (own.length === 0) return null;
  const self = new Map<string, number>();
  const stacks = new Map<string, number>();
  let kernel = 0;
  for (const sample of own) {
    const leaf = sample.frames[0];
    self.set(leaf.symbol, (self.get(leaf.symbol) ?? 0) + 1);
    if (leaf.kernel) kernel++;
    const stack = sample.frames.map((frame) => frame.symbol.replaceAll(";", ":")).reverse().join(";");
    stacks.set(stack, (stacks.get(stack) ?? 0) + 1);
  }
  const top = [...self].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_FUNCTIONS)
    .map(([symbol, count]) => ({ symbol, share: count / own.length }));
  const folded = [...stacks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, FOLDED_STACKS)
    .map(([stack, count]) => ({ stack, count }));
  const covers = window === null ? "whole run" : "measured";
  return { samples: own.length, kernelShare: kernel / own.length, top, folded, window: covers };
}
