/**
 * Contention cases (issue 17): a case with more than one writer or reader on its pipe
 * (`writers`/`readers`, model/fields.ts), and the CPUs their endpoints are pinned to.
 *
 * @module
 */
import type { CaseParams } from "./params.ts";

/** Whether a case starts several writers or readers on its pipe (bench/_contention.ts runs it). */
export function isContention(params: Pick<CaseParams, "writers" | "readers">): boolean {
  return params.writers > 1 || params.readers > 1;
}

/** The CPUs of a contention case's endpoints: `null` each when unpinned. */
export interface ContentionCpus {
  /** Writer `i`'s CPU. */
  writers: (number | null)[];
  /** Reader `j`'s CPU. */
  readers: (number | null)[];
  /**
   * Whether some CPU runs more than one endpoint: fewer CPUs allowed than endpoints, or
   * `cpus.writer` and `cpus.reader` the same CPU.
   */
  shared: boolean;
}

/**
 * Where each endpoint runs: with `cpus` unset, nowhere in particular; otherwise writer 0 on
 * `cpus.writer`, reader 0 on `cpus.reader`, and the others on the remaining allowed CPUs, in the
 * order writer, reader, writer, reader… When there are more endpoints than allowed CPUs they go
 * round the list in that order, so writers and readers share as evenly as they can (on 2 CPUs:
 * the writers on one, the readers on the other, as the 1×1 case). `shared` says whether any two
 * endpoints got the same CPU, whatever the reason (`cpus: {writer: 0, reader: 0}` shares from the
 * first two).
 */
export function contentionCpus(
  params: Pick<CaseParams, "writers" | "readers" | "cpus">,
  allowed: readonly number[],
): ContentionCpus {
  const { writers, readers, cpus } = params;
  if (cpus === null) {
    return { writers: Array(writers).fill(null), readers: Array(readers).fill(null), shared: false };
  }
  const order = [cpus.writer, cpus.reader, ...allowed.filter((cpu) => cpu !== cpus.writer && cpu !== cpus.reader)];
  // The interleaved order: w0, r0, w1, r1, …, then whichever side has more.
  const sides: ("writer" | "reader")[] = [];
  for (let k = 0; k < Math.max(writers, readers); k++) {
    if (k < writers) sides.push("writer");
    if (k < readers) sides.push("reader");
  }
  const result: ContentionCpus = { writers: [], readers: [], shared: false };
  sides.forEach((side, index) => result[side === "writer" ? "writers" : "readers"].push(order[index % order.length]));
  // Counted on the CPUs given out, not on the list's length: `order` repeats a CPU when
  // cpus.writer and cpus.reader are the same one.
  const given = [...result.writers, ...result.readers];
  result.shared = new Set(given).size < given.length;
  return result;
}
