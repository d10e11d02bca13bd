/**
 * The rules of latency cases (`measure: latency`, issue 18), each blamed on one field: latency's
 * fields only on a latency case, built-in endpoints that can send and receive messages, and a
 * vmsplice message that fits the pipe (a page per slot).
 *
 * @module
 */
import { PAGE_SIZE } from "../ffi/constants.ts";
import { isLatencyCase, latencyPlan, pagesSpanned } from "../model/latency.ts";
import type { CaseParams } from "../model/params.ts";
import { formatSize } from "../model/sizes.ts";
import type { ScenarioContext } from "./_types.ts";

/** A rule broken by a case, blamed on one field (as scenario/_rules.ts's `Violation`). */
interface LatencyViolation {
  field:
    | "measure"
    | "messageSize"
    | "roundTrips"
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
    | "pipeSize";
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
    return (["messageSize", "roundTrips"] as const).filter((field) => params[field] !== null).map((field) => ({
      field,
      message: `\`${field}\` belongs to round trips: it needs \`measure: latency\` (this case measures throughput)`,
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
  violations.push(...vmspliceMessageViolations(params, context));
  return violations;
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
        `raise pipeSize to ${formatSize(pages * PAGE_SIZE)} or more, or send smaller messages`,
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
        `send smaller messages, set bufferOffset: 0, or raise the limit (\`sudo sysctl fs.pipe-max-size=${pipe}\`)`,
    }];
  }
  return [];
}
