/**
 * The rules a resolved case must keep (the post's vmsplice rules, pipe limits, what each endpoint
 * supports, a run that ends), each broken rule blamed on one field and reported once per place.
 *
 * @module
 */
import { PAGE_SIZE } from "../ffi/constants.ts";
import { DEFAULT_WARMUP_BYTES } from "../model/sizes.ts";
import { FILE_WRITERS } from "../model/fields.ts";
import type { CaseParams, FieldName } from "../model/params.ts";
import { formatSize } from "../model/sizes.ts";
import type { Case, CommandEndpoint } from "../model/types.ts";
import { formatCpuList } from "../model/cpus.ts";
import {
  originProblem,
  type Path,
  type PathSegment,
  pathToString,
  type Problem,
  problemAt,
  type YamlSource,
} from "./_problems.ts";
import type { Resolved, ScenarioContext } from "./_types.ts";
import { latencyStreamFieldViolations, latencyViolations } from "./_latency-rules.ts";

export /** A writer that sends a memory file filled once (`splice`, `sendfile`), not a buffer. */
function isFileWriter(writer: CaseParams["writer"]): boolean {
  return typeof writer === "string" && FILE_WRITERS.includes(writer);
}

function isCommand(endpoint: CaseParams["writer"] | CaseParams["reader"]): endpoint is CommandEndpoint {
  return typeof endpoint === "object";
}

/** A rule broken by a case, blamed on one field. */
export interface Violation {
  /** The field to change. */
  field: FieldName;
  /** What is wrong and what to do. */
  message: string;
  /** Where inside the field's value, when it is a mapping (`["writer"]` of `cpus`). */
  at?: readonly PathSegment[];
}

/** `head -c N`: the bytes it stops after, if it is that command. */
function headByteCount(endpoint: CaseParams["writer"]): number | null {
  if (!isCommand(endpoint) || endpoint.command[0]?.split("/").pop() !== "head") return null;
  const args = endpoint.command.slice(1);
  for (let index = 0; index < args.length; index++) {
    const argument = args[index];
    let count: string | undefined;
    if (argument === "-c" || argument === "--bytes") count = args[index + 1];
    else if (argument.startsWith("--bytes=")) count = argument.slice("--bytes=".length);
    else if (/^-c\d/.test(argument)) count = argument.slice(2);
    if (count !== undefined && /^\d+$/.test(count)) return Number(count);
  }
  return null;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * The post's safety rule for vmsplice: a buffer is not reused while the pipe may still reference
 * its pages. The writer alternates two buffers, each call given the rest of the current one, and
 * sets the pipe to half `bufferSize`. A vmsplice puts each page of the buffer in a slot of its own
 * (a slot never holds more than one page), and the pipe has half-`bufferSize`/page slots. With
 * `halves` a buffer is half `bufferSize`, so it fills at least as many slots as the pipe has; with
 * `whole` a buffer is `bufferSize` and fills at least twice as many. Either way, once the last
 * call of a buffer returns, every slot in the pipe belongs to that buffer, and the other one is
 * free. It holds only if the pipe is exactly half `bufferSize`: a whole number of pages (so
 * `bufferSize` is a multiple of 8 KiB) and a power of two of them (the kernel rounds a pipe up to
 * one), and `pipeSize` not set to anything else.
 */
function vmspliceViolations(params: CaseParams): Violation[] {
  // A latency case's vmsplice sends one message per call: its rule is in _latency-rules.ts.
  if (params.writer !== "vmsplice" || params.measure === "latency") return [];
  const violations: Violation[] = [];
  const half = params.bufferSize / 2;
  const whole = params.vmspliceBuffers === "whole";
  if (params.bufferSize % (2 * PAGE_SIZE) !== 0) {
    const lower = Math.max(2 * PAGE_SIZE, Math.floor(params.bufferSize / (2 * PAGE_SIZE)) * 2 * PAGE_SIZE);
    const upper = Math.ceil(params.bufferSize / (2 * PAGE_SIZE)) * 2 * PAGE_SIZE;
    const choices = lower === upper ? formatSize(lower) : `${formatSize(lower)} or ${formatSize(upper)}`;
    const layout = whole
      ? "`writer: vmsplice` sizes the pipe to half of each buffer (`vmspliceBuffers: whole`), in whole " +
        `${PAGE_SIZE}-byte pages`
      : `\`writer: vmsplice\` splits the buffer into two halves of whole ${PAGE_SIZE}-byte pages`;
    violations.push({
      field: "bufferSize",
      message: `${layout}, so bufferSize must be even and a multiple of the page size twice over (8KiB); ` +
        `${params.bufferSize} bytes is not: try ${choices}`,
    });
  } else if (!isPowerOfTwo(half / PAGE_SIZE)) {
    const pages = half / PAGE_SIZE;
    const below = 2 ** Math.floor(Math.log2(pages)) * 2 * PAGE_SIZE;
    const risk = whole
      ? "the pipe would be larger than half a buffer (the post's program refuses such a size)"
      : "the pipe would hold more than a half and a half could be rewritten while still in it";
    violations.push({
      field: "bufferSize",
      message: `\`writer: vmsplice\` sizes the pipe to half the buffer (${formatSize(half)}, ${pages} pages), but ` +
        `the kernel rounds a pipe up to a power-of-two number of pages, so ${risk}: use ${formatSize(below)} or ` +
        formatSize(below * 2),
    });
  } else if (params.pipeSize !== null && params.pipeSize !== half) {
    const why = whole
      ? "so the pipe holds at most half of the buffer just sent while the other one is refilled"
      : "so the pipe holds one half while the other is refilled";
    violations.push({
      field: "pipeSize",
      message: `\`writer: vmsplice\` sets the pipe size itself to half the buffer (${formatSize(half)}), ${why}; ` +
        "remove `pipeSize` or set it to " + formatSize(half),
    });
  }
  return violations;
}

function pipeLimitViolations(params: CaseParams, context: ScenarioContext): Violation[] {
  const limit = context.pipeMaxSize;
  if (limit === undefined || limit === null || context.mayExceedPipeMaxSize === true) return [];
  const vmsplice = params.writer === "vmsplice" && params.measure !== "latency";
  const wanted = vmsplice ? params.bufferSize / 2 : params.pipeSize;
  if (wanted === null || wanted <= limit) return [];
  const what = vmsplice
    ? `vmsplice's pipe of half the buffer (${formatSize(wanted)})`
    : `pipeSize ${formatSize(wanted)}`;
  return [{
    field: vmsplice ? "bufferSize" : "pipeSize",
    message: `${what} is above this machine's /proc/sys/fs/pipe-max-size (${formatSize(limit)}, ${limit} bytes), ` +
      `the limit without CAP_SYS_RESOURCE: run as root (with that capability) or raise it with ` +
      `\`sudo sysctl fs.pipe-max-size=${wanted}\``,
  }];
}

/**
 * A pinned side on a CPU this process may not run on: `taskset` and `sched_setaffinity` would
 * refuse it (EINVAL) at every run. Only `cpus.writer` and `cpus.reader` are named CPUs: a
 * contention case's other endpoints go to the other allowed CPUs (model/contention.ts), so the
 * same rule covers it.
 */
function cpuViolations(params: CaseParams, context: ScenarioContext): Violation[] {
  const allowed = context.allowedCpus;
  if (params.cpus === null || allowed === undefined || allowed === null || allowed.length === 0) return [];
  return (["writer", "reader"] as const).filter((side) => !allowed.includes(params.cpus![side])).map((side) => ({
    field: "cpus",
    at: [side],
    message: `the ${side}'s CPU ${params.cpus![side]} is not available: this process may run on CPUs ` +
      `${formatCpuList(allowed)} (its CPU affinity); pin to one of them, or \`cpus: none\` for no pinning`,
  }));
}

function endpointViolations(params: CaseParams): Violation[] {
  const violations: Violation[] = [];
  if (params.gift && params.writer !== "vmsplice" && params.reader !== "splice") {
    violations.push({
      field: "gift",
      message: "`gift` sets SPLICE_F_GIFT on vmsplice or SPLICE_F_MOVE on splice: it needs `writer: vmsplice` " +
        "or `reader: splice`",
    });
  }
  // A socket sink's or a tee stage's consumer reads what the splice reader hands on: it can sum the bytes too.
  const consumed = params.reader === "read" || (params.reader === "splice" && (params.sink === "socket" || params.tee));
  if (params.consume === "checksum" && !consumed) {
    violations.push({
      field: "consume",
      message: "`consume: checksum` sums every byte the reader read into its buffer: it needs `reader: read` " +
        "(splice moves pages without bringing them into user memory), or `reader: splice` with `sink: socket` " +
        "or `tee` (their consumer sums them)",
    });
  }
  if (params.tee && params.reader !== "splice") {
    violations.push({
      field: "tee",
      message: "`tee` duplicates the pipe into a second one before the splice reader takes the bytes: it needs " +
        "`reader: splice` (tee(2) works between pipes only)",
    });
  }
  if (params.sink !== "null" && params.reader !== "splice") {
    violations.push({
      field: "sink",
      message: `\`sink: ${params.sink}\` is where the splice reader puts the pages: it needs \`reader: splice\``,
    });
  }
  if (params.collapse && !isFileWriter(params.writer)) {
    violations.push({
      field: "collapse",
      message: "`collapse` collapses the memory file the splice or sendfile writer sends into huge pages: it " +
        "needs `writer: splice` or `writer: sendfile` (buffers in memory take `hugePages`)",
    });
  }
  if (params.sameBuffer && params.writer !== "vmsplice") {
    violations.push({
      field: "sameBuffer",
      message: "`sameBuffer` makes the two vmsplice buffers the halves of one allocation: it needs `writer: vmsplice`",
    });
  }
  if (params.vmspliceBuffers !== "halves" && params.writer !== "vmsplice") {
    violations.push({
      field: "vmspliceBuffers",
      message: `\`vmspliceBuffers: ${params.vmspliceBuffers}\` says what each vmsplice call is given: it needs ` +
        "`writer: vmsplice`",
    });
  }
  if (params.verify && (isCommand(params.writer) || isCommand(params.reader))) {
    violations.push({
      field: "verify",
      message: "`verify` checks the page pattern of the built-in writer on the built-in reader: it is not allowed " +
        "with an external command",
    });
  } else if (params.verify && isFileWriter(params.writer)) {
    violations.push({
      field: "verify",
      message: "`verify` stamps the pages of the writer's buffer as it sends them: " +
        `\`writer: ${params.writer}\` sends a memory file filled once, which has no stamps; use \`writer: write\` ` +
        "or `writer: vmsplice`",
    });
  } else if (params.verify && params.reader === "splice") {
    violations.push({
      field: "verify",
      message: "`verify` checks every page as it is read: it needs `reader: read` (splice moves the pages to " +
        "/dev/null without looking at them)",
    });
  }
  return violations;
}

/** What a contention case (`writers`/`readers` above 1) cannot run with, each with its reason. */
function contentionViolations(params: CaseParams): Violation[] {
  if (params.writers === 1 && params.readers === 1) return [];
  const field: FieldName = params.writers > 1 ? "writers" : "readers";
  const shape = `\`writers: ${params.writers}\`, \`readers: ${params.readers}\``;
  const violations: Violation[] = [];
  if (isCommand(params.writer) || isCommand(params.reader)) {
    violations.push({
      field,
      message: `${shape} starts every endpoint of the pipe from the runner and has them start their clocks ` +
        "together and stop together: an external command cannot take part in that; use built-in endpoints",
    });
  } else if (params.writer === "vmsplice" && params.writers > 1) {
    violations.push({
      field: "writers",
      message: "`writer: vmsplice` reuses a buffer once the pipe can no longer hold its pages, which holds only " +
        "when it is the pipe's one writer (others' pages share the pipe): use `writer: write` or `writer: splice`",
    });
  }
  if (params.schedule === "turns") {
    violations.push({
      field: "schedule",
      message: `${shape}: \`schedule: turns\` passes one token between writer/reader pairs, and a contention ` +
        "case is not a pair: use `schedule: runs`",
    });
  }
  if (params.sink === "socket" || params.tee) {
    violations.push({
      field: params.tee ? "tee" : "sink",
      message: `${shape}: a contention reader runs no consumer thread, so ${
        params.tee ? "`tee`" : "`sink: socket`"
      } would have nobody to drain it: use \`sink: null\` or \`sink: memfd\` without \`tee\``,
    });
  }
  if (params.verify) {
    violations.push({
      field: "verify",
      message: `${shape}: \`verify\` checks each page against its place in the one writer's stream as the one ` +
        "reader reads it, and several writers or readers split the stream; a contention run checks instead that " +
        "the readers got every byte the writers sent",
    });
  }
  return violations;
}

function boundViolations(params: CaseParams, warmupBytes: number): Violation[] {
  const violations: Violation[] = [];
  if (params.bytes === 0 && params.duration === 0) {
    violations.push({ field: "bytes", message: "a run needs an end: `bytes` and `duration` are both 0" });
  }
  const headBytes = headByteCount(params.writer);
  if (headBytes !== null && params.bytes + warmupBytes > headBytes) {
    violations.push({
      field: "bytes",
      message: `the writer \`head -c ${headBytes}\` stops after ${formatSize(headBytes)} but the case measures ` +
        `${formatSize(params.bytes)} plus the reader's ${formatSize(warmupBytes)} warm-up: lower \`bytes\` ` +
        "or raise the count",
    });
  }
  if (headBytes !== null && params.duration > 0) {
    violations.push({
      field: "duration",
      message: `the writer \`head -c ${headBytes}\` ends on its own, so a minimum duration cannot be guaranteed: ` +
        "set `duration: 0`",
    });
  }
  return violations;
}

/**
 * Every rule the case breaks (the post's vmsplice rules, the machine's pipe limit and allowed CPUs
 * when `context` gives them, what each endpoint supports, a run that ends), given the reader's warm-up in bytes.
 * The loader reports them at their fields; `run` flags that override fields re-check them here.
 *
 * @example
 * ```ts
 * const params = withDefaults({ writer: "vmsplice", reader: "splice", pipeSize: 4096 });
 * caseRuleViolations(params, {})[0].field; // "pipeSize"
 * ```
 */
export function caseRuleViolations(
  params: CaseParams,
  context: ScenarioContext,
  warmupBytes: number = DEFAULT_WARMUP_BYTES,
): Violation[] {
  return [
    ...vmspliceViolations(params),
    ...pipeLimitViolations(params, context),
    ...cpuViolations(params, context),
    ...endpointViolations(params),
    ...contentionViolations(params),
    ...boundViolations(params, warmupBytes),
    ...latencyViolations(params, context),
  ];
}

/**
 * What stops a case from running on this machine (a pipe above `pipe-max-size` without root), as
 * messages; empty when it can run. For callers that load without a context and would rather skip
 * such cases than refuse the whole file.
 *
 * @example
 * ```ts
 * const { cases } = await loadScenarioFiles(["scenarios/buffer-sweep.yaml"]);
 * const runnable = cases.filter((c) => caseMachineProblems(c, { pipeMaxSize: 1048576 }).length === 0);
 * ```
 */
export function caseMachineProblems(c: Case, context: ScenarioContext): string[] {
  return pipeLimitViolations(c.params, context).map((violation) => violation.message);
}

/** Reports each broken rule once per place, naming the cases that break it there. */
export function reportViolations(
  resolved: Resolved[],
  context: ScenarioContext,
  source: YamlSource,
  problems: Problem[],
) {
  const groups = new Map<string, { path: Path; message: string; cases: string[]; isField: boolean }>();
  for (const draft of resolved) {
    const violations = [
      ...caseRuleViolations(draft.params, context),
      ...latencyStreamFieldViolations(draft.params, draft.sources),
    ];
    for (const violation of violations) {
      const written = draft.sources[violation.field];
      const path = written === undefined
        ? draft.origin
        : [...written, ...("at" in violation ? violation.at ?? [] : [])];
      const key = `${pathToString(path)}\n${violation.message}`;
      const group = groups.get(key) ?? { path, message: violation.message, cases: [], isField: path !== draft.origin };
      group.cases.push(draft.name ?? "?");
      groups.set(key, group);
    }
  }
  for (const { path, message, cases, isField } of groups.values()) {
    const shown = cases.slice(0, 3).map((name) => `\`${name}\``).join(", ");
    const more = cases.length > 3 ? ` and ${cases.length - 3} more` : "";
    const which = cases.length === 1 ? `case ${shown}` : `cases ${shown}${more}`;
    const text = `${message} (${which})`;
    problems.push(isField ? problemAt(source, path, text) : originProblem(source, path, text));
  }
}
