/**
 * The kernel's semantics as results store them (`system.kernelSemantics`, from the probe in
 * ffi/semantics.ts), and which of them each case depends on: a vmsplice case measures zero copy
 * only where `vmspliceZeroCopy` holds, a gift case measures gifting only where `giftSupported`
 * does. Two runs whose kernels differ on a semantic a case depends on measured different things:
 * `compare` calls that case "not comparable", never "slower".
 *
 * @module
 */
import { z } from "zod";
import type { CaseParams } from "./types.ts";
import { count, looseObject } from "./schema-parts.ts";

/** The zod schema of `system.kernelSemantics` (absent in results written before the probe). */
export const kernelSemanticsSchema = looseObject({
  /** vmsplice puts the user's pages in the pipe (true) or copies them (false); `null`: unknown. */
  vmspliceZeroCopy: z.boolean().nullable(),
  /** vmsplice accepts `SPLICE_F_GIFT` (false: `EOPNOTSUPP` or `EINVAL`). */
  giftSupported: z.boolean().nullable(),
  /** splice from a memory file puts its page-cache pages in the pipe (true) or copies them. */
  spliceFromFileZeroCopy: z.boolean().nullable(),
  /** Slots (pages) of a new pipe. */
  pipeDefaultSlots: count.nullable(),
  /** `/proc/sys/fs/pipe-max-size`, bytes. */
  pipeMaxSize: count.nullable(),
  /** `/proc/sys/fs/pipe-user-pages-soft`, pages (0: no limit). */
  pipeUserPagesSoft: count.nullable(),
  /** `/proc/sys/fs/pipe-user-pages-hard`, pages (0: no limit). */
  pipeUserPagesHard: count.nullable(),
  /** `madvise(MADV_COLLAPSE)` is known to the kernel (Linux 6.1). */
  madvCollapse: z.boolean().nullable(),
  /** The selected THP `shmem_enabled` (memory files' huge pages), `null` when unreadable. */
  shmemHugePages: z.string().nullable(),
  /** Why a field is `null`. */
  problems: z.array(z.string()),
});

/** What the kernel-semantics probe found. */
// deno-doc-ignore private-type-ref -- inferred from its zod schema
export type KernelSemantics = z.output<typeof kernelSemanticsSchema>;

/** The semantics a case's numbers depend on (the others may differ without changing what it measures). */
export type SemanticName = "vmspliceZeroCopy" | "giftSupported" | "spliceFromFileZeroCopy" | "madvCollapse";

/**
 * The semantics a case depends on: vmsplice cases on `vmspliceZeroCopy`, gift cases on
 * `giftSupported`, splice-from-memfd cases on `spliceFromFileZeroCopy`, collapse cases on
 * `madvCollapse`.
 *
 * @example
 * ```ts
 * caseSemantics({ ...params, writer: "vmsplice", gift: true }); // ["vmspliceZeroCopy", "giftSupported"]
 * ```
 */
export function caseSemantics(params: Partial<CaseParams>): SemanticName[] {
  const names: SemanticName[] = [];
  const writer = params.writer as unknown;
  if (writer === "vmsplice") names.push("vmspliceZeroCopy");
  if (params.gift === true && writer === "vmsplice") names.push("giftSupported");
  // sendfile into a pipe is splice from the file (splice_file_to_pipe): the same semantic.
  if (writer === "splice" || writer === "sendfile") names.push("spliceFromFileZeroCopy");
  if ((params as Record<string, unknown>).collapse === true) names.push("madvCollapse");
  return names;
}

/** A semantic a case depends on that differs between two runs. */
export interface SemanticDifference {
  /** The semantic (`vmspliceZeroCopy`...). */
  name: SemanticName;
  /** Its value in the base run (`unknown` when not probed). */
  base: string;
  /** Its value in the current run. */
  current: string;
}

function shown(value: boolean | null | undefined): string {
  return value === true ? "yes" : value === false ? "no" : "unknown";
}

/**
 * The semantics `params` depends on whose values differ between two runs' `kernelSemantics`. A run
 * without the probe (older files) or a semantic it could not tell is unknown, and unknown differs
 * from nothing: only a known yes against a known no makes a case not comparable.
 */
export function semanticDifferences(
  base: KernelSemantics | undefined,
  current: KernelSemantics | undefined,
  params: Partial<CaseParams>,
): SemanticDifference[] {
  return caseSemantics(params)
    .filter((name) => {
      const [a, b] = [base?.[name], current?.[name]];
      return typeof a === "boolean" && typeof b === "boolean" && a !== b;
    })
    .map((name) => ({ name, base: shown(base?.[name]), current: shown(current?.[name]) }));
}

/** `kernel semantics differ: vmspliceZeroCopy yes → no`. */
export function describeSemanticDifferences(differences: readonly SemanticDifference[]): string {
  return `kernel semantics differ: ${differences.map((d) => `${d.name} ${d.base} → ${d.current}`).join(", ")}`;
}
