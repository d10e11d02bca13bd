/**
 * The kernel's semantics (`system.kernelSemantics`) as `label, value` rows, for `sysinfo` in the
 * terminal and for the machines of `compare` and `merge` side by side (`pipe-max-size` has its own
 * row in both already).
 *
 * @module
 */
import type { KernelSemantics } from "../model/semantics.ts";

function yesNo(value: boolean | null, yes: string, no: string): string {
  return value === null ? "unknown" : value ? yes : no;
}

function pages(value: number | null): string {
  return value === null ? "unknown" : value === 0 ? "no limit" : `${value} pages`;
}

/**
 * One row per semantic; `[]` for results without the probe. The words say what the call does:
 * `zero copy (shares the user's pages)` or `copies`.
 *
 * @example
 * ```ts
 * kernelSemanticsRows(info.kernelSemantics)[0]; // ["vmsplice", "zero copy (shares the user's pages)"]
 * ```
 */
export function kernelSemanticsRows(semantics: KernelSemantics | undefined): [string, string][] {
  if (semantics === undefined) return [];
  const rows: [string, string][] = [
    ["vmsplice", yesNo(semantics.vmspliceZeroCopy, "zero copy (shares the user's pages)", "copies")],
    ["SPLICE_F_GIFT", yesNo(semantics.giftSupported, "accepted", "refused (EOPNOTSUPP/EINVAL)")],
    ["splice from memfd", yesNo(semantics.spliceFromFileZeroCopy, "zero copy (shares page-cache pages)", "copies")],
    ["pipe slots", semantics.pipeDefaultSlots === null ? "unknown" : `${semantics.pipeDefaultSlots} by default`],
    [
      "pipe user pages",
      `soft ${pages(semantics.pipeUserPagesSoft)}, hard ${pages(semantics.pipeUserPagesHard)}`,
    ],
    ["MADV_COLLAPSE", yesNo(semantics.madvCollapse, "available", "not available (Linux 6.1 or later)")],
    ["shmem huge pages", semantics.shmemHugePages ?? "unknown"],
  ];
  for (const problem of semantics.problems) rows.push(["probe problem", problem]);
  return rows;
}

/**
 * The semantics of several runs side by side: one row per semantic, one value per run (`not
 * probed` for a run written before the probe); `[]` when no run has them.
 *
 * @example
 * ```ts
 * kernelSemanticsSideBySide([base.kernelSemantics, current.kernelSemantics]);
 * // [["vmsplice", ["zero copy (shares the user's pages)", "copies"]], ...]
 * ```
 */
export function kernelSemanticsSideBySide(runs: (KernelSemantics | undefined)[]): [string, string[]][] {
  const probed = runs.find((semantics) => semantics !== undefined);
  if (probed === undefined) return [];
  const perRun = runs.map((semantics) => semantics === undefined ? null : kernelSemanticsRows(semantics));
  return kernelSemanticsRows({ ...probed, problems: [] }).map(([label], row) => [
    label,
    perRun.map((rows) => rows === null ? "not probed" : rows[row][1]),
  ]);
}
