/**
 * The case fields, each declared once (the idea of fio's `struct fio_option` table): how a
 * scenario file writes it (zod shape, messages, JSON-Schema description), how `results.json`
 * stores it, its default, its unit, how it shows in case names and whether it reaches the
 * endpoints. `CaseParams`, the scenario and results schemas, the defaults, the endpoint
 * configuration and the C endpoint's arguments all derive from {@linkcode CASE_FIELDS} (the
 * derivations are in model/params.ts).
 *
 * Adding a field is one entry here plus the code that uses it (see docs/architecture.md).
 *
 * @module
 */
import { z } from "zod";
import { PAGE_SIZE } from "../ffi/constants.ts";
import { formatSize, MAX_REPETITIONS } from "./sizes.ts";
import {
  booleanSchema,
  choiceSchema,
  count,
  countSchema,
  cpuPairSchema,
  durationSchema,
  endpointSchema,
  finite,
  looseObject,
  percentSchema,
  sizeSchema,
  storedEndpoint,
} from "./schema-parts.ts";

/** What a field's numbers count, for labels and documentation. */
export type FieldUnit = "bytes" | "seconds" | "runs" | null;

/** How a field shows in the default name of a matrix case (`vmsplice→splice huge 256KiB`). */
export type NameRule<Value> =
  /** Part of the head, `writer→reader`. */
  | { head: true }
  /** A word when the flag is `when` (default true), e.g. `huge`. */
  | { flag: string; when?: Value }
  /** Its label (given to `word`) when the field varies across the matrix. */
  | { varying: (label: string, value: Value) => string }
  /** A word per value (`sink: socket` → `into socket`); a value without one adds none. */
  | { flagPerValue: Readonly<Record<string, string>> }
  /** Its label (given to `word`) whenever it is not its default, last in the name. */
  | { unlessDefault: (label: string) => string };

/** How a field reaches the Deno endpoints' configuration (bench/endpoint/protocol.ts). */
export interface EndpointRule {
  /** The child(ren) that receive it. */
  side: "both" | "writer" | "reader";
  /** Its key in the configuration, when not the field's own name. */
  key?: string;
  /**
   * Its value for a side, when not the field's own value: `builtIn`, the mode of a built-in
   * endpoint (an external program has no configuration); `ownSide`, the side's own entry of a
   * `{writer, reader}` pair.
   */
  take?: "builtIn" | "ownSide";
}

/** How a field reaches the C endpoint's command line (native/pipe-endpoint.c). */
export interface NativeRule {
  /** The side(s) whose command line carries it. */
  side: "both" | "writer" | "reader";
  /** A flag given when the field's value is `when` (default `true`): `--huge`, `--vmsplice`. */
  flag?: string;
  /** The value that turns the flag on. */
  when?: string | boolean;
  /** Values the C endpoint cannot run, each with the reason (`nativeCommands` throws it). */
  unsupported?: Readonly<Record<string, string>>;
  /** An option followed by the value: `--buf 262144`. */
  option?: string;
}

/**
 * A `run` flag that sets the field in every case (hyperfine's `--runs`, fio's command-line form of
 * a job option). The flag is the field's name in kebab case (`pipeSize` → `--pipe-size`), its help
 * the field's description, its value parsed by the field's `input` shape (cli/overrides.ts).
 */
export interface CliRule {
  /** The value's placeholder in the help: `<n>`, `<size>`, `<duration>`. */
  value: string;
}

/** One case field. `Input` is its shape in scenario files, `Stored` its shape in `results.json`. */
export interface FieldSpec<Input extends z.ZodType, Stored extends z.ZodType> {
  /** As scenario files write it: zod shape with its messages and JSON-Schema description. */
  input: Input;
  /** As `results.json` stores it, resolved (bytes, seconds): the type of the field in `CaseParams`. */
  stored: Stored;
  /** The value when nothing sets it; absent for required fields and derived defaults. */
  default?: z.output<Stored>;
  /** The value when nothing sets it, computed from the other resolved fields. */
  derivedDefault?: (resolved: Readonly<Record<string, unknown>>) => z.output<Stored>;
  /** What its numbers count. */
  unit: FieldUnit;
  /** Its value in names and `{field}` templates, when not derived from the unit. */
  label?: (value: z.output<Stored>) => string;
  /** How it shows in default case names; absent: never. */
  naming?: NameRule<z.output<Stored>>;
  /** How it reaches the Deno endpoints; absent: the runner or the planner uses it. */
  endpoint?: EndpointRule;
  /** How it reaches the C endpoint; absent: the C endpoint does not know it. */
  native?: NativeRule;
  /** The `run` flag that overrides it in every case; absent: no such flag. */
  cli?: CliRule;
  /**
   * It decides how many runs there are, not what a run measures (as fields counted in `runs` do):
   * `compare` does not count it as a difference.
   */
  runCount?: true;
}

/**
 * Keeps each entry's own types: its callbacks see the field's value type, and whether it has a
 * default and how it reaches the endpoints stay literal (the derived types read them).
 */
function field<
  Input extends z.ZodType,
  Stored extends z.ZodType,
  const Default extends z.output<Stored> | undefined = undefined,
  const Endpoint extends EndpointRule | undefined = undefined,
>(
  spec: Omit<FieldSpec<Input, Stored>, "default" | "endpoint"> & { default?: Default; endpoint?: Endpoint },
): FieldSpec<Input, Stored> & { default: Default; endpoint: Endpoint } {
  return spec as FieldSpec<Input, Stored> & { default: Default; endpoint: Endpoint };
}

function endpointLabel(value: string | { command: string[] }): string {
  return typeof value === "string" ? value : value.command.join(" ");
}

/** Where glibc's malloc puts a block it serves from its own mmap: past a 16-byte header. */
const MALLOC_BLOCK_OFFSET = 16;

/** Default `bufferOffset`: malloc's 16 bytes for ordinary buffers, 0 (2 MiB-aligned) with huge pages. */
export function defaultBufferOffset(hugePages: boolean): number {
  return hugePages ? 0 : MALLOC_BLOCK_OFFSET;
}

/** The built-in modes of each side (the rest is an external program: `{command: [...]}`). */
export const ENDPOINT_MODES = {
  writer: ["write", "vmsplice", "splice", "sendfile"],
  reader: ["read", "splice"],
} as const;

/** The writer modes that send a memory file filled once (bench/endpoint/source.ts), not a buffer. */
export const FILE_WRITERS: readonly string[] = ["splice", "sendfile"];

/**
 * What each vmsplice call is given (see the `vmspliceBuffers` field): `halves`, two buffers of half
 * `bufferSize` (the post's text); `whole`, two buffers of `bufferSize` (the post's program).
 */
export const VMSPLICE_BUFFERS = ["halves", "whole"] as const;

/**
 * How the runs of a case are scheduled (docs/schedules.md): `runs`, one writer/reader pair per run,
 * run after run; `turns`, in each session the pairs of every `turns` case run at once and take turns
 * in short blocks, so that a slow moment of the machine slows every case alike.
 */
export const SCHEDULES = ["runs", "turns"] as const;

/** The schedule when nothing sets it: change this one word to change the default (docs/schedules.md). */
export const DEFAULT_SCHEDULE: (typeof SCHEDULES)[number] = "runs";

/**
 * What a `read` reader (or the consumer of a `socket` sink) does with the bytes: `none` (the post's
 * reader) or `checksum` (every byte).
 */
export const CONSUME_MODES = ["none", "checksum"] as const;

/**
 * Where a `splice` reader puts the bytes: `null` (`/dev/null`, the post's), `memfd` (a memory file)
 * or `socket` (a Unix socket pair whose other end a consumer thread reads).
 */
export const SINKS = ["null", "memfd", "socket"] as const;

/**
 * The most writers, and the most readers, a contention case may start (pipe_bench's grid goes to 10
 * readers); more is refused: every one is a Deno process of its own.
 */
export const MAX_CONTENDERS = 16;

/** What a case measures (the `measure` field): a one-way stream, or round trips (issue 18). */
export const MEASURES = ["throughput", "latency"] as const;

/** `messageSize` of a latency case when nothing sets it: one byte, as `perf bench sched pipe`. */
export const DEFAULT_MESSAGE_SIZE = 1;

/** `roundTrips` of a latency case when nothing sets it. */
export const DEFAULT_ROUND_TRIPS = 20_000;

/** Every case field, in canonical order (the order of `params` in results and `list --json`). */
export const CASE_FIELDS = {
  /**
   * `write` copies from a buffer; `vmsplice` maps pages into the pipe; `splice` splices from a memory
   * file (memfd of `bufferSize` bytes, filled once: the page cache as the source); `sendfile` sends
   * the same file with sendfile(2) (which the kernel serves into a pipe by splicing); or an external
   * program. The C endpoint has neither file writer: `nativeCommands` refuses them (`unsupported`).
   */
  writer: field({
    input: endpointSchema(
      "writer",
      ENDPOINT_MODES.writer,
      "`write` copies from a buffer; `vmsplice` maps pages into the pipe (double-buffered, pipe sized to half " +
        "the buffer); `splice` splices from a memfd of bufferSize bytes filled once (hugePages: advised " +
        "MADV_HUGEPAGE; collapse: MADV_COLLAPSE); `sendfile` sends the same memfd with sendfile(2); or an external " +
        "program. Required (here or in defaults).",
    ),
    stored: storedEndpoint(ENDPOINT_MODES.writer),
    unit: null,
    label: endpointLabel,
    naming: { head: true },
    endpoint: { side: "writer", key: "mode", take: "builtIn" },
    native: {
      side: "writer",
      flag: "--vmsplice",
      when: "vmsplice",
      unsupported: {
        splice: "the C endpoint has no memfd source (splice from a memfd is pipespeed's own)",
        sendfile: "the C endpoint has no memfd source (sendfile from a memfd is pipespeed's own)",
      },
    },
  }),
  /** `read` copies into a buffer; `splice` moves pages to `/dev/null`; or an external program. */
  reader: field({
    input: endpointSchema(
      "reader",
      ENDPOINT_MODES.reader,
      "`read` copies into a buffer; `splice` moves pages to /dev/null; or an external program. Required.",
    ),
    stored: storedEndpoint(ENDPOINT_MODES.reader),
    unit: null,
    label: endpointLabel,
    naming: { head: true },
    endpoint: { side: "reader", key: "mode", take: "builtIn" },
    native: { side: "reader", flag: "--splice", when: "splice" },
  }),
  /**
   * `reader: read`: what it does with the bytes. `none` leaves them untouched in the buffer (the
   * post's reader); `checksum` sums every 32-bit word of each read, so the CPU touches every byte.
   * With `sink: socket`, what the socket's consumer does with them (it counts them either way).
   */
  consume: field({
    input: choiceSchema(
      CONSUME_MODES,
      "reader: read: `none` leaves the bytes untouched (the post's reader); `checksum` sums every byte read. " +
        "With sink: socket, what the socket's consumer does (it counts every byte either way). Default none.",
    ),
    // Results written before this field existed left the bytes untouched.
    stored: z.enum(CONSUME_MODES).default("none"),
    default: "none",
    unit: null,
    naming: { flag: "checksum", when: "checksum" },
    endpoint: { side: "reader" },
    native: { side: "reader", unsupported: { checksum: "the C endpoint's reader does not checksum" } },
  }),
  /**
   * `reader: splice`: where the pages go. `null` is `/dev/null` (never touches the data); `memfd`
   * splices into a memory file (the kernel copies the pages into its page cache), at offsets that
   * wrap every four buffers so it does not grow; `socket` splices into a Unix socket pair whose
   * other end a consumer thread of the reader reads with `read(2)` to the end (bench/endpoint/sink.ts):
   * the run fails unless it read every byte the reader spliced.
   */
  sink: field({
    input: choiceSchema(
      SINKS,
      "reader: splice: `null` moves the pages to /dev/null (never touched); `memfd` splices them into a memory " +
        "file (copied into its page cache); `socket` splices them into a Unix socket pair whose other end a " +
        "consumer thread reads (and counts: the run fails unless it read every byte; consume: checksum sums " +
        "them too). Default null.",
    ),
    // Results written before this field existed spliced to /dev/null.
    stored: z.enum(SINKS).default("null"),
    default: "null",
    unit: null,
    naming: { flagPerValue: { memfd: "into memfd", socket: "into socket" } },
    endpoint: { side: "reader" },
    native: {
      side: "reader",
      unsupported: {
        memfd: "the C endpoint's reader splices to /dev/null only",
        socket: "the C endpoint's reader splices to /dev/null only",
      },
    },
  }),
  // sinks (issue 17, item 3): a tee stage before the splice reader.
  /**
   * `reader: splice`: a `tee(2)` stage. Each call first duplicates what the pipe holds into a second
   * pipe (page references, no copy), then splices those bytes to the sink; a consumer thread of the
   * reader drains the second pipe with `read(2)` (summing with `consume: checksum`), and the run
   * fails unless it read every byte the reader took. A chain, measured as one stage.
   */
  tee: field({
    input: booleanSchema(
      "reader: splice: tee(2) each chunk into a second pipe (no copy) before splicing it to the sink; a consumer " +
        "thread drains that pipe and must read every byte (consume: checksum sums them).",
      false,
    ),
    // Results written before this field existed had no tee stage.
    stored: z.boolean().default(false),
    default: false,
    unit: null,
    naming: { flag: "tee" },
    endpoint: { side: "reader" },
    native: { side: "reader", unsupported: { true: "the C endpoint's reader has no tee stage" } },
  }),
  /** 2 MiB-aligned buffers advised `MADV_HUGEPAGE` (verified from smaps). */
  hugePages: field({
    input: booleanSchema("2 MiB-aligned buffers advised MADV_HUGEPAGE (verified from smaps).", false),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "huge" },
    endpoint: { side: "both" },
    native: { side: "both", flag: "--huge" },
  }),
  /**
   * `writer: splice` or `sendfile`: collapse the memory file's pages into transparent huge pages with
   * `MADV_COLLAPSE` once filled (Linux 6.1; works whatever `shmem_enabled` says but `deny`). A kernel
   * without it fails the run with a message that says so (`sysinfo` shows `MADV_COLLAPSE`).
   */
  collapse: field({
    input: booleanSchema(
      "writer: splice or sendfile: MADV_COLLAPSE the memfd's pages into huge pages once filled (Linux 6.1 or later).",
      false,
    ),
    // Results written before this field existed did not collapse anything.
    stored: z.boolean().default(false),
    default: false,
    unit: null,
    naming: { flag: "collapse" },
    endpoint: { side: "writer" },
  }),
  /** Non-blocking calls retried on `EAGAIN` instead of sleeping in the kernel. */
  busyLoop: field({
    input: booleanSchema("Non-blocking calls retried on EAGAIN instead of sleeping in the kernel.", false),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "busy" },
    endpoint: { side: "both" },
    native: { side: "both", flag: "--busy" },
  }),
  /** `poll` for readiness before every call. */
  poll: field({
    input: booleanSchema("poll() for readiness before every call.", false),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "poll" },
    endpoint: { side: "both" },
  }),
  /** `SPLICE_F_GIFT` on vmsplice / `SPLICE_F_MOVE` on splice. */
  gift: field({
    input: booleanSchema("SPLICE_F_GIFT on vmsplice / SPLICE_F_MOVE on splice.", false),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "gift" },
    endpoint: { side: "both" },
  }),
  /** `mlock` the buffers. */
  lockMemory: field({
    input: booleanSchema("mlock() the buffers.", false),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "locked" },
    endpoint: { side: "both" },
  }),
  /** Fault the buffers in before the transfer. */
  touchPages: field({
    input: booleanSchema("Fault the buffers in before the transfer.", true),
    stored: z.boolean(),
    default: true,
    unit: null,
    naming: { flag: "untouched", when: false },
    endpoint: { side: "both" },
  }),
  /** vmsplice: the two buffers are the two halves of one allocation instead of two allocations. */
  sameBuffer: field({
    input: booleanSchema(
      "vmsplice: the two buffers are the halves of one contiguous allocation instead of two allocations.",
      false,
    ),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "same-buffer" },
    endpoint: { side: "writer" },
    native: { side: "writer", flag: "--same-buffer" },
  }),
  /**
   * vmsplice: the buffer each call is given; the pipe is half `bufferSize` either way. `halves`
   * (the post's text): two buffers of half `bufferSize`, a call per buffer. `whole` (the post's
   * program, `write.cpp` with `measure.py`'s options): two buffers of `bufferSize`, each call given
   * a whole buffer; the pipe takes half of it, and the loop resumes with the rest, so a 256 KiB
   * buffer 16 bytes past a page goes in three calls (131056, 131072 and 16 bytes). The program's
   * `--same_buffer` is `halves` with `sameBuffer`.
   */
  vmspliceBuffers: field({
    input: choiceSchema(
      VMSPLICE_BUFFERS,
      "vmsplice: `halves` (the post's text): two buffers of half bufferSize, one per call; `whole` (the post's " +
        "program): two buffers of bufferSize, each call given a whole one, which the pipe of half a buffer takes " +
        "in parts. Default halves.",
    ),
    // Results written before this field existed read as `halves`, what they measured.
    stored: z.enum(VMSPLICE_BUFFERS).default("halves"),
    default: "halves",
    unit: null,
    naming: { flag: "whole", when: "whole" },
    endpoint: { side: "writer" },
    native: { side: "writer", flag: "--whole", when: "whole" },
  }),
  /** Buffer size in bytes: each read/splice call and the write buffer; vmsplice: see `vmspliceBuffers`. */
  bufferSize: field({
    input: sizeSchema(
      "Buffer size: each write, read or splice call (vmsplice: the pipe is half of it, and `vmspliceBuffers` " +
        "says whether each call gets half or all of it; a multiple of 8KiB). Default 256KiB.",
      1,
      "a buffer needs at least one byte",
    ),
    stored: count,
    default: 256 * 1024,
    unit: "bytes",
    naming: { varying: (label) => label },
    endpoint: { side: "both" },
    native: { side: "both", option: "--buf" },
  }),
  /**
   * Where each buffer starts, in bytes past a page boundary (a 2 MiB boundary with huge pages).
   * Default 16 for ordinary buffers — where glibc's `malloc` puts a large block, as in the post's
   * program — and 0 with huge pages (`aligned_alloc`). It matters: a 128 KiB half that is not
   * page-aligned spans 33 pages, more than a 32-slot pipe holds at once.
   */
  bufferOffset: field({
    input: countSchema(
      "Bytes past a page boundary (a 2 MiB boundary with huge pages) where each buffer starts. Default 16 " +
        "(where malloc puts a large block, as in the post's program), 0 with huge pages.",
      0,
      PAGE_SIZE - 1,
    ),
    stored: count,
    derivedDefault: (resolved) => defaultBufferOffset(resolved.hugePages === true),
    unit: "bytes",
    label: String,
    naming: { unlessDefault: (label) => `offset ${label}` },
    endpoint: { side: "both" },
    native: { side: "both", option: "--offset" },
  }),
  /** Pipe capacity in bytes, or `null` for the kernel default (vmsplice sets half the buffer). */
  pipeSize: field({
    input: sizeSchema(
      "Pipe capacity (F_SETPIPE_SZ; at least 4KiB, the kernel rounds up to a power-of-two number of pages), " +
        "or null for the kernel default. vmsplice sets half the buffer itself.",
      PAGE_SIZE,
      `{value} is below the smallest pipe, one page (${formatSize(PAGE_SIZE)}): use at least 4KiB`,
    ).nullable(),
    stored: count.nullable(),
    default: null,
    unit: "bytes",
    label: (value) => value === null ? "default" : formatSize(value),
    naming: { varying: (label) => `pipe ${label}` },
    endpoint: { side: "writer" },
    cli: { value: "<size>" },
  }),
  /** Bytes measured per run (at least). */
  bytes: field({
    input: sizeSchema(
      "Bytes measured per run, at least (a run lasts at least `bytes` and at least `duration`). Default 1GiB.",
      0,
      "",
    ),
    stored: count,
    default: 1024 ** 3,
    unit: "bytes",
    naming: { varying: (label) => `bytes ${label}` },
    endpoint: { side: "reader" },
    native: { side: "reader", option: "--bytes" },
    cli: { value: "<size>" },
  }),
  /** Minimum measured seconds per run (0: bounded by bytes only). */
  duration: field({
    input: durationSchema(
      "Minimum measured seconds per run (a run lasts at least `bytes` and at least this); 0: bytes only.",
      ["1s", "500ms", 0],
    ),
    stored: finite,
    default: 1,
    unit: "seconds",
    naming: { varying: (label) => `min ${label}` },
    endpoint: { side: "reader", key: "minSeconds" },
    native: { side: "reader", option: "--min-seconds" },
    cli: { value: "<duration>" },
  }),
  /** Measured runs. */
  repetitions: field({
    input: countSchema("Measured runs. Default 5.", 1, MAX_REPETITIONS),
    stored: count,
    default: 5,
    unit: "runs",
    naming: { varying: (label) => `reps ${label}` },
    cli: { value: "<n>" },
  }),
  /** Discarded runs before the measured ones. */
  warmup: field({
    input: countSchema("Discarded runs before the measured ones. Default 1.", 0, MAX_REPETITIONS),
    stored: count,
    default: 1,
    unit: "runs",
    naming: { varying: (label) => `warmup ${label}` },
    cli: { value: "<n>" },
  }),
  /**
   * `runs`: independent runs, one writer/reader pair each. `turns`: each repetition is a session in
   * which the pairs of all `turns` cases run at once and take turns in blocks of about 20 ms
   * (bench/_turns.ts); external commands, socket/tee sinks and latency cases are measured in runs.
   */
  schedule: field({
    input: choiceSchema(
      SCHEDULES,
      "`runs`: independent runs, one writer/reader pair each, run after run. `turns`: each repetition is a " +
        "session in which the pairs of every `turns` case run at once and take turns in blocks of about 20 ms, " +
        "so that drift of the machine hits every case alike (external commands, socket and tee sinks and " +
        "latency cases are measured in runs, with a note; a contention case refuses turns). " +
        `Default ${DEFAULT_SCHEDULE}.`,
    ),
    // Results written before this field existed were measured in runs.
    stored: z.enum(SCHEDULES).default("runs"),
    default: DEFAULT_SCHEDULE,
    unit: null,
    naming: { varying: (label) => label },
    cli: { value: "<runs|turns>" },
  }),
  /**
   * A target for the 95% interval's half-width, as a fraction of the value (0.02 for `2%`), or
   * `null`: with a target, rounds (sessions) are added after `repetitions` until the case reaches
   * it or `maxTime` is spent (bench/precision.ts).
   */
  precision: field({
    input: percentSchema(
      "Keep adding repetitions (after `repetitions`) until the 95% interval's half-width is within this " +
        "percentage of the value (its ratio to the first case where known, else its median), or `maxTime` is " +
        "spent; null: a fixed number of repetitions. Default null.",
    ).nullable(),
    stored: finite.nullable().default(null),
    default: null,
    unit: null,
    label: (value) => value === null ? "none" : `${+(value * 100).toPrecision(6)}%`,
    cli: { value: "<percent>" },
    runCount: true,
  }),
  /**
   * With `precision`: a budget for the whole command, counted from its start — a round of
   * repetitions is added only when it is expected to end within it (bench/budget.ts).
   */
  maxTime: field({
    input: durationSchema(
      "With precision: a budget counted from the command's start; a round of repetitions is added only when " +
        "it is expected to end within it. Default 10m.",
      ["3m", "90s"],
    ),
    stored: finite.default(600),
    default: 600,
    unit: "seconds",
    cli: { value: "<duration>" },
    runCount: true,
  }),
  // --- contention (issue 17, item 4): several writers and readers on the one pipe ---
  /**
   * Writer processes on the one pipe (pipe_bench's `-w`). More than one makes the case a contention
   * case (bench/_contention.ts): every endpoint starts its clock at one shared moment, the writers
   * stop together once the readers have measured `bytes` and `duration` has passed, and the readers
   * drain the pipe to its end. At most {@link MAX_CONTENDERS}.
   */
  writers: field({
    input: countSchema(
      "Writer processes on the one pipe (pipe_bench's -w). More than one (or readers > 1): a contention case, " +
        "every endpoint started before one shared clock, the writers stopped together, total and per-endpoint " +
        "throughput and their fairness reported. Built-in `write` or `splice` writers only. Default 1.",
      1,
      MAX_CONTENDERS,
    ),
    // Results written before this field existed had one writer.
    stored: count.default(1),
    default: 1,
    unit: null,
    label: String,
    naming: { unlessDefault: (label) => `${label} writers` },
  }),
  /** Reader processes on the one pipe (pipe_bench's `-r`); see `writers`. At most {@link MAX_CONTENDERS}. */
  readers: field({
    input: countSchema(
      "Reader processes on the one pipe (pipe_bench's -r), each reading until every writer has closed it. " +
        "More than one (or writers > 1): a contention case (see writers). Built-in readers only. Default 1.",
      1,
      MAX_CONTENDERS,
    ),
    // Results written before this field existed had one reader.
    stored: count.default(1),
    default: 1,
    unit: null,
    label: String,
    naming: { unlessDefault: (label) => `${label} readers` },
  }),
  // --- end of contention ---
  /** CPUs to pin each side to, or `null` for no pinning. */
  cpus: field({
    input: cpuPairSchema("CPUs to pin each side to, or `none` for no pinning. Default {writer: 0, reader: 1}."),
    stored: looseObject({ writer: count, reader: count }).nullable(),
    default: Object.freeze({ writer: 0, reader: 1 }),
    unit: null,
    label: (value) => value === null ? "none" : `${value.writer},${value.reader}`,
    naming: { varying: (label, value) => value === null ? "unpinned" : `cpus ${label}` },
    endpoint: { side: "both", key: "cpu", take: "ownSide" },
  }),
  /**
   * Check the integrity of every page on the reader. It reaches the endpoints as the runner's
   * random `verifyTag` (bench/runner.ts), the same for both sides.
   */
  verify: field({
    input: booleanSchema("Check the integrity of every page on the reader (built-in endpoints only).", false),
    stored: z.boolean(),
    default: false,
    unit: null,
    naming: { flag: "verify" },
  }),
  // --- latency (issue 18): round trips instead of a stream; docs/latency.md ---
  /**
   * `throughput` streams bytes one way (the default); `latency` times round trips: a message of
   * `messageSize` bytes each way between the two processes over two pipes, each round trip recorded
   * in a histogram (docs/latency.md).
   */
  measure: field({
    input: choiceSchema(
      MEASURES,
      "`throughput` streams bytes from the writer to the reader; `latency` times `roundTrips` round trips of a " +
        "`messageSize` message over two pipes (each side sends with `writer` and receives with `reader`). " +
        "Default throughput.",
    ),
    // Results written before this field existed measured throughput.
    stored: z.enum(MEASURES).default("throughput"),
    default: "throughput",
    unit: null,
    naming: { flag: "latency", when: "latency" },
  }),
  /**
   * `measure: latency`: the bytes of each message, each way; `null` (the default) is
   * {@linkcode DEFAULT_MESSAGE_SIZE}, 1 byte as `perf bench sched pipe`.
   */
  messageSize: field({
    input: sizeSchema(
      "measure: latency: bytes of each message, each way (1B to 1MiB). Default 1B.",
      1,
      "a message needs at least one byte",
    ).nullable(),
    // Throughput cases (and results written before this field existed) have none.
    stored: count.nullable().default(null),
    // null: the latency default (model/latency.ts resolves it), so throughput cases carry nothing.
    default: null,
    unit: "bytes",
    label: (value) => formatSize(value ?? DEFAULT_MESSAGE_SIZE),
    naming: { varying: (label) => `msg ${label}` },
  }),
  /** `measure: latency`: the round trips timed per run (`null`: {@linkcode DEFAULT_ROUND_TRIPS}), after a warm-up. */
  roundTrips: field({
    input: countSchema(`measure: latency: round trips timed per run. Default ${DEFAULT_ROUND_TRIPS}.`, 1, 100_000_000)
      .nullable(),
    stored: count.nullable().default(null),
    default: null,
    unit: null,
    label: (value) => String(value ?? DEFAULT_ROUND_TRIPS),
  }),
  // --- one-way latency under load (issue 18 item 2, open loop); docs/latency.md ---
  /**
   * `measure: latency` with a rate: one-way latency under load. The writer sends `rate` messages per
   * second on a fixed schedule, stamping each with its intended send time; the reader records
   * arrival − intended (open loop: queueing behind a late message is counted, not hidden). `null`:
   * round trips. A sweep is a `matrix` over `rate`.
   */
  rate: field({
    input: countSchema(
      "measure: latency: one-way latency under load (open loop): messages per second the writer sends on a fixed " +
        "schedule, each stamped with its intended send time; the reader records arrival − intended. Null: round trips.",
      1,
      1_000_000_000,
    ).nullable(),
    stored: count.nullable().default(null),
    default: null,
    unit: null,
    label: (value) => value === null ? "round trips" : `${value}/s`,
    naming: { varying: (label) => `rate ${label}` },
  }),
  /** With `rate`: the messages timed per run (`null`: one second's worth, 1000 to 1000000), after a warm-up. */
  messages: field({
    input: countSchema(
      "measure: latency with a rate: messages timed per run. Default: one second's worth (at least 1000, at most " +
        "1000000).",
      1,
      100_000_000,
    ).nullable(),
    stored: count.nullable().default(null),
    default: null,
    unit: null,
    label: (value) => value === null ? "1 s" : String(value),
  }),
  // --- end one-way latency ---
  // --- end latency ---
};
