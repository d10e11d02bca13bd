/**
 * The rules of latency cases (`measure: latency`, issue 18), each blamed on one field: latency's
 * fields only on a latency case, built-in endpoints that can send and receive messages, and a
 * vmsplice message that fits the pipe (a page per slot).
 *
 * @module
 */
import { PAGE_SIZE } from "../ffi/constants.ts";
import {
  DEFAULT_PIPE_BYTES,
  isLatencyCase,
  latencyPlan,
  MAX_MESSAGE_SIZE,
  MAX_OFFERED_BYTES_PER_SECOND,
  MAX_ONE_WAY_MESSAGE,
  MAX_RATE,
  pagesSpanned,
  pipeBytesFor,
  STAMP_BYTES,
  STREAM_FIELDS,
  type StreamField,
} from "../model/latency.ts";
import type { CaseParams } from "../model/params.ts";
import { formatSize, GIB_BYTES } from "../model/sizes.ts";
import type { FieldSources, ScenarioContext } from "./_types.ts";

/** A rule broken by a case, blamed on one field (as scenario/_rules.ts's `Violation`). */
interface LatencyViolation {
  field:
    | "measure"
    | "messageSize"
    | "roundTrips"
    | "rate"
    | "messages"
    | "writer"
    | "reader"
    | "consume"
    | "sink"
    | "collapse"
    | "sameBuffer"
    | "vmspliceBuffers"
    | "verify"
    | "tee"
    | "writers"
    | "readers"
    | "pipeSize"
    | StreamField;
  message: string;
}

/** Stream-only fields, with the value a latency case must leave them at and why. */
const STREAM_ONLY = [
  ["consume", "none", "a latency case's reader does not look at the bytes"],
  ["sink", "null", "a latency case's splice goes to /dev/null"],
  ["collapse", false, "a latency case sends from memory, not from a memory file"],
  ["sameBuffer", false, "a latency case's vmsplice buffers are two messages"],
  ["vmspliceBuffers", "halves", "each vmsplice call of a latency case is given one message"],
  ["verify", false, "a latency case sends messages, not stamped pages"],
  ["tee", false, "a latency case's reader answers each message; nothing drains a second pipe"],
  ["writers", 1, "a round trip is between two processes"],
  ["readers", 1, "a round trip is between two processes"],
] as const;

/** Every latency rule `params` breaks. */
export function latencyViolations(params: CaseParams, context: ScenarioContext): LatencyViolation[] {
  if (!isLatencyCase(params)) {
    return (["messageSize", "roundTrips", "rate", "messages"] as const).filter((field) =>
      params[field] !== null && params[field] !== undefined
    ).map((field) => ({
      field,
      message: `\`${field}\` belongs to ${
        field === "rate" || field === "messages" ? "one-way latency under load" : "round trips"
      }: it needs \`measure: latency\` (this case measures throughput)`,
    }));
  }
  const violations: LatencyViolation[] = [];
  for (const side of ["writer", "reader"] as const) {
    if (typeof params[side] !== "string") {
      violations.push({
        field: side,
        message: `\`measure: latency\` runs pipespeed's own round-trip endpoints: an external ${side} cannot answer`,
      });
    }
  }
  if (params.writer === "splice" || params.writer === "sendfile") {
    violations.push({
      field: "writer",
      message: "`measure: latency` sends each message from memory: use `writer: write` or `writer: vmsplice` " +
        `(\`${params.writer}\` sends a memory file)`,
    });
  }
  for (const [field, value, why] of STREAM_ONLY) {
    if (params[field] !== value) {
      violations.push({ field, message: `\`${field}: ${params[field]}\` is not for \`measure: latency\`: ${why}` });
    }
  }
  if (params.rate === null || params.rate === undefined) {
    if (params.messages !== null && params.messages !== undefined) {
      violations.push({
        field: "messages",
        message: "`messages` counts the messages of one-way latency under load: it needs a `rate` " +
          "(this case times round trips: `roundTrips`)",
      });
    }
    const size = latencyPlan(params).messageSize;
    if (size > MAX_MESSAGE_SIZE) {
      violations.push({
        field: "messageSize",
        message: `a round-trip message is 1B to ${formatSize(MAX_MESSAGE_SIZE)}, not ${formatSize(size)}: ` +
          "larger messages measure a stream's throughput (a throughput case with that `bufferSize`)",
      });
    } else violations.push(...vmspliceMessageViolations(params, context));
  } else {
    violations.push(...oneWayViolations(params, params.rate));
  }
  return violations;
}

/**
 * The stream fields (`bytes`, `duration`, `bufferSize`) a latency case sets itself (in its entry or
 * a `matrix`), which it would ignore: refused at the field. Set under `defaults` they are the
 * scenario's stream cases' and latency cases leave them aside (as they do a `run` flag's).
 */
export function latencyStreamFieldViolations(params: CaseParams, sources: FieldSources): LatencyViolation[] {
  if (!isLatencyCase(params)) return [];
  return STREAM_FIELDS.filter((field) => {
    const source = sources[field];
    return source !== undefined && source[0] !== "defaults";
  }).map((field) => ({
    field,
    message:
      `\`${field}\` sizes a stream, and \`measure: latency\` times ${
        params.rate === null ? "`roundTrips` round trips of `messageSize`" : "`messages` messages of `messageSize`"
      }, not bytes over seconds through a buffer: remove \`${field}\` from this case (under \`defaults\` it applies ` +
      "to the throughput cases only)",
  }));
}

/**
 * One-way latency under load (open loop): the writer stamps each message in its buffer with `write`
 * and the reader reads it whole with `read`; a message holds its stamp and is written atomically;
 * the rate is one the clock and a pipe can keep.
 */
function oneWayViolations(params: CaseParams, rate: number): LatencyViolation[] {
  const violations: LatencyViolation[] = [];
  if (params.roundTrips !== null) {
    violations.push({
      field: "roundTrips",
      message: "`roundTrips` counts round trips; with a `rate` the writer sends one way: count them with `messages`",
    });
  }
  if (params.writer !== "write" && typeof params.writer === "string") {
    violations.push({
      field: "writer",
      message: `a \`rate\` (one-way latency) needs \`writer: write\`: each message is stamped in the buffer it is ` +
        `sent from, and ${params.writer} would hand the reader pages the next stamps overwrite`,
    });
  }
  if (params.reader !== "read" && typeof params.reader === "string") {
    violations.push({
      field: "reader",
      message: `a \`rate\` (one-way latency) needs \`reader: read\`: the reader reads each message's stamp ` +
        `(${params.reader} moves the bytes unseen)`,
    });
  }
  const size = latencyPlan(params).messageSize;
  if (size < STAMP_BYTES || size > MAX_ONE_WAY_MESSAGE) {
    violations.push({
      field: "messageSize",
      message: `a one-way message (with a \`rate\`) is ${STAMP_BYTES}B to ${formatSize(MAX_ONE_WAY_MESSAGE)}, not ` +
        `${formatSize(size)}: it starts with its ${STAMP_BYTES}-byte send time, and up to PIPE_BUF a write is ` +
        "atomic, so each read returns one whole message",
    });
  }
  if (rate > MAX_RATE) {
    violations.push({
      field: "rate",
      message: `rate ${rate}/s is above what the plan can send: one message every ${(1e9 / rate).toPrecision(2)} ns, ` +
        `below the ${1e9 / MAX_RATE} ns a write call and the clock need; at most ${MAX_RATE}/s`,
    });
  } else if (rate * size > MAX_OFFERED_BYTES_PER_SECOND) {
    violations.push({
      field: "rate",
      message: `rate ${rate}/s of ${formatSize(size)} messages is above what the plan can send: ` +
        `${(rate * size / GIB_BYTES).toFixed(1)} GiB/s offered, above ${
          MAX_OFFERED_BYTES_PER_SECOND / GIB_BYTES
        } GiB/s (a pipe ` +
        "saturates long before: sweep lower rates)",
    });
  }
  return violations;
}

/** Linux's default `/proc/sys/fs/pipe-max-size`, for advice when the machine's is not known. */
const DEFAULT_PIPE_MAX_SIZE = 1024 * 1024;

/**
 * What makes a vmsplice message fit, computed from the limits (a pipe is a power of two of pages,
 * at most pipe-max-size without CAP_SYS_RESOURCE): the pipe it needs where allowed; else the
 * smaller pipe a page-aligned buffer needs (`bufferOffset: 0`) where that helps and is allowed;
 * and always the largest message the allowed pipe holds.
 */
function vmspliceRemedies(size: number, offset: number, pipeSize: number | null, context: ScenarioContext): string {
  const pipeSet = pipeSize !== null;
  const limit = context.pipeMaxSize ?? DEFAULT_PIPE_MAX_SIZE;
  const allowed = (bytes: number) => context.mayExceedPipeMaxSize === true || bytes <= limit;
  const at = offset % PAGE_SIZE;
  const needed = pipeBytesFor(pagesSpanned(size, at));
  const aligned = pipeBytesFor(pagesSpanned(size, 0));
  const remedies: string[] = [];
  const pipeWords = (bytes: number) => pipeSet ? `pipeSize: ${formatSize(bytes)}` : "no pipeSize (sized to fit)";
  if (pipeSet && allowed(needed)) remedies.push(`set pipeSize: ${formatSize(needed)}`);
  if (at !== 0 && aligned < needed && allowed(aligned)) {
    remedies.push(
      `set bufferOffset: 0 (the message then spans ${pagesSpanned(size, 0)} pages) with ${pipeWords(aligned)}`,
    );
  }
  // The largest message at this offset that the pipe set holds, or without one the largest pipe allowed.
  let largestPipe = DEFAULT_PIPE_BYTES;
  while (largestPipe * 2 <= limit) largestPipe *= 2;
  const pipe = pipeSet ? pipeSize : largestPipe;
  remedies.push(`send messages of at most ${formatSize(pipe - at)} (${pipe / PAGE_SIZE} slots)`);
  return remedies.join(", or ");
}

/**
 * vmsplice maps each page of a message into a slot of its own: the whole message must fit the
 * pipe's slots, so that it goes in as one message (and a buffer is never rewritten while mapped).
 */
function vmspliceMessageViolations(params: CaseParams, context: ScenarioContext): LatencyViolation[] {
  if (params.writer !== "vmsplice") return [];
  const plan = latencyPlan(params);
  const pages = pagesSpanned(plan.messageSize, params.bufferOffset);
  const at = `${formatSize(plan.messageSize)} at ${params.bufferOffset} bytes past a page spans ${pages} pages`;
  const pipe = plan.pipeBytes!;
  if (params.pipeSize !== null && pages * PAGE_SIZE > pipe) {
    return [{
      field: "messageSize",
      message: `messageSize above the pipe's capacity for vmsplice: a message of ${at}, more than the ` +
        `${pipe / PAGE_SIZE} slots of pipeSize ${formatSize(pipe)} (vmsplice maps a page per slot): ` +
        vmspliceRemedies(plan.messageSize, params.bufferOffset, pipe, context),
    }];
  }
  const limit = context.pipeMaxSize;
  // A pipeSize above the limit is pipeSize's own problem (_rules.ts); here, the size this rule chose.
  const chosen = params.pipeSize === null;
  if (chosen && limit !== undefined && limit !== null && context.mayExceedPipeMaxSize !== true && pipe > limit) {
    return [{
      field: "messageSize",
      message: `messageSize above the pipe's capacity for vmsplice: a message of ${at}, and a pipe of ` +
        `${formatSize(pipe)} is above this machine's /proc/sys/fs/pipe-max-size (${formatSize(limit)}): ` +
        `${vmspliceRemedies(plan.messageSize, params.bufferOffset, null, context)}, or raise the limit ` +
        `(\`sudo sysctl fs.pipe-max-size=${pipe}\`)`,
    }];
  }
  return [];
}
