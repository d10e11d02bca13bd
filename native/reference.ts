/**
 * How a case of a scenario becomes a run of the post's program (pipes-speed-test's `write` and
 * `read`), and the cases of `bench:native --reference post`.
 *
 * {@link REFERENCE_FLAGS} is the one place that maps case fields to the program's flags. It has an
 * entry for every field of the table (model/fields.ts), so a new field does not compile until it
 * says how it reaches the program (or why it does not). Both of the program's binaries get the same
 * flags, as `measure.py` gives them; the adapter (native/reference-reader.c) adds the reader's
 * `--bytes_to_pipe` and `--csv`.
 *
 * @module
 */
import { defaultBufferOffset } from "../model/fields.ts";
import type { CaseParams, FieldName } from "../model/params.ts";
import { asIndependentRuns } from "./runs-form.ts";
import type { Case } from "../model/types.ts";
import type { ReferenceBuild } from "./reference-build.ts";

/** A case the program cannot run as the case says (the message names the field). */
export class NotExpressible extends Error {}

/** How one field reaches the program: the flags it adds (the same on both sides), or {@link NotExpressible}. */
type ReferenceRule = (params: CaseParams) => string[];

const flag = (name: FieldName, option: string, when: unknown = true): ReferenceRule => (params) =>
  params[name] === when ? [option] : [];
/** A field the runner or the session applies to both sides alike (it reaches neither side's argv). */
const outside: ReferenceRule = () => [];
const refuse = (name: FieldName, why: string): never => {
  throw new NotExpressible(`${name}: ${why}`);
};

/**
 * Case field → the post's program's flags. Fields with no flag are applied around the program: by
 * the runner (`cpus`: `taskset`, as `measure.py` pins `write` to CPU 0 and `read` to CPU 1), by
 * the adapter (`bytes`: `--bytes_to_pipe`), by the session (`repetitions`, `warmup`, `schedule`, `precision`, `maxTime`), or by
 * {@link referenceCases} (`duration`: 0 on both sides, as the program measures bytes only).
 */
export const REFERENCE_FLAGS: { readonly [Name in FieldName]: ReferenceRule } = {
  writer: (p) =>
    typeof p.writer !== "string"
      ? refuse("writer", "an external program has no counterpart in the post's program")
      : p.writer === "vmsplice"
      ? ["--write_with_vmsplice"]
      : p.writer === "splice" || p.writer === "sendfile"
      ? refuse("writer", `the post's program writes from memory; it has no file (memfd) source to ${p.writer} from`)
      : [],
  reader: (p) =>
    typeof p.reader !== "string"
      ? refuse("reader", "an external program has no counterpart in the post's program")
      : p.reader === "splice"
      ? ["--read_with_splice"]
      : [],
  consume: (p) => p.consume === "none" ? [] : refuse("consume", "the post's reader does not look at the bytes"),
  sink: (p) => p.sink === "null" ? [] : refuse("sink", "the post's reader splices to /dev/null only"),
  tee: (p) => p.tee ? refuse("tee", "the post's reader has no tee stage") : [],
  hugePages: flag("hugePages", "--huge_page"),
  collapse: (p) => p.collapse ? refuse("collapse", "the post's program has no memfd source to collapse") : [],
  busyLoop: flag("busyLoop", "--busy_loop"),
  poll: flag("poll", "--poll"),
  gift: flag("gift", "--gift"),
  lockMemory: flag("lockMemory", "--lock_memory"),
  touchPages: flag("touchPages", "--dont_touch_pages", false),
  sameBuffer: flag("sameBuffer", "--same_buffer"),
  // The program's vmsplice layouts: two buffers of buf_size, a whole one per call (its default:
  // `whole`), or one buffer of buf_size in halves (`--same_buffer`: `halves` with sameBuffer). Two
  // separately allocated halves, pipespeed's `halves` default, it has not.
  vmspliceBuffers: (p) =>
    p.writer !== "vmsplice" || p.vmspliceBuffers === "whole" || p.sameBuffer ? [] : refuse(
      "vmspliceBuffers",
      "the post's program has no layout of two separately allocated halves: use vmspliceBuffers: whole " +
        "(its default) or sameBuffer: true (its --same_buffer)",
    ),
  // measure.py's buf_size: the size of each read and write; with vmsplice, of each of the two
  // buffers (of the whole buffer with --same_buffer), and twice the pipe size.
  bufferSize: (p) => [`--buf_size=${p.bufferSize}`],
  // The program's malloc puts a buffer 16 bytes past a page, its aligned_alloc on a 2 MiB boundary.
  bufferOffset: (p) =>
    p.bufferOffset === defaultBufferOffset(p.hugePages) ? [] : refuse(
      "bufferOffset",
      `the post's program puts its buffers at ${defaultBufferOffset(p.hugePages)}, not ${p.bufferOffset}`,
    ),
  // With vmsplice the program sets the pipe to half its buffer itself and refuses --pipe_size.
  pipeSize: (p) =>
    p.writer === "vmsplice"
      ? p.pipeSize === null || p.pipeSize === p.bufferSize / 2 ? [] : refuse(
        "pipeSize",
        `with vmsplice the post's program sets the pipe to half of bufferSize (${p.bufferSize / 2}), not ${p.pipeSize}`,
      )
      : p.pipeSize === null
      ? []
      : [`--pipe_size=${p.pipeSize}`],
  bytes: outside,
  duration: outside,
  repetitions: outside,
  warmup: outside,
  schedule: outside,
  precision: outside,
  maxTime: outside,
  writers: (p) => p.writers === 1 ? [] : refuse("writers", "the post's program has one writer"),
  readers: (p) => p.readers === 1 ? [] : refuse("readers", "the post's program has one reader"),
  cpus: outside,
  verify: (p) => p.verify ? refuse("verify", "the post's program does not check what it reads") : [],
  // latency (issue 18)
  measure: (p) =>
    p.measure === "throughput" ? [] : refuse("measure", "the post's program streams; it times no round trips"),
  messageSize: outside,
  roundTrips: outside,
  rate: outside,
  messages: outside,
};

/** The program's flags for a case (both binaries get them all); throws {@link NotExpressible}. */
export function referenceFlags(params: CaseParams): string[] {
  return (Object.keys(REFERENCE_FLAGS) as FieldName[]).flatMap((name) => REFERENCE_FLAGS[name](params));
}

/** The three members of a case in the comparison, by the suffix of their ids. */
export const REFERENCE_MEMBERS = {
  /** pipespeed's Deno endpoints with the case's fields. */
  pipespeed: "pipespeed",
  /** The program, its reader started once the warm-up bytes are through: the same window as pipespeed. */
  program: "program",
  /** The program as `measure.py` runs it: its reader's clock starts with the writer. */
  cold: "program-cold",
} as const;

/** One of {@link REFERENCE_MEMBERS}. */
export type ReferenceMember = keyof typeof REFERENCE_MEMBERS;

/**
 * Each case three times in a scenario named `reference`, all with `bytes` per run and no minimum
 * duration: pipespeed's endpoints, the program in the same window (the adapter consumes the
 * warm-up), and the program cold. Throws {@link NotExpressible} (naming the case) for a case the
 * program cannot run.
 */
export function referenceCases(blog: Case[], build: ReferenceBuild, bytesOf: (c: Case) => number): Case[] {
  return blog.flatMap((c) => {
    const slug = c.id.slice(c.id.indexOf("/") + 1);
    let flags: string[];
    try {
      flags = referenceFlags(c.params);
    } catch (error) {
      if (error instanceof NotExpressible) throw new NotExpressible(`case ${c.name}: ${error.message}`);
      throw error;
    }
    // Independent runs, as many as asked: the three members per round are the design.
    const params = { ...asIndependentRuns(c.params), bytes: bytesOf(c), duration: 0 };
    const program = (member: "program" | "cold"): Case => ({
      ...c,
      id: `reference/${slug}-${REFERENCE_MEMBERS[member]}`,
      name: `${c.name} · ${member === "program" ? "program" : "program, cold"}`,
      scenario: "reference",
      params: {
        ...params,
        pipeSize: null,
        writer: { command: [build.write, ...flags] },
        reader: {
          command: [build.adapter, ...(member === "cold" ? ["--cold"] : []), "--", build.read, ...flags],
        },
      },
    });
    return [
      { ...c, id: `reference/${slug}-pipespeed`, name: `${c.name} · pipespeed`, scenario: "reference", params },
      program("program"),
      program("cold"),
    ];
  });
}

/** The case a member's id belongs to, and which member it is. */
export function referenceMember(id: string): { block: string; member: ReferenceMember } | null {
  for (const member of ["cold", "program", "pipespeed"] as const) {
    const suffix = `-${REFERENCE_MEMBERS[member]}`;
    if (id.endsWith(suffix)) return { block: id.slice(0, -suffix.length), member };
  }
  return null;
}

/** The block of a case of {@link referenceCases}: a case's three members run back to back in each round. */
export function referenceBlock(c: Case): string {
  return referenceMember(c.id)?.block ?? c.id;
}
