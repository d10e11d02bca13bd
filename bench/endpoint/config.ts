/**
 * What the Deno endpoints are told for a case: the one place where case fields become endpoint
 * configuration (`WriterConfig`, `ReaderConfig`).
 *
 * @module
 */
import type { CaseParams } from "../../model/types.ts";
import type { EndpointConfig, ReaderConfig, WriterConfig } from "./protocol.ts";

/** What both children are told, for one side of a case. */
function endpointConfig(
  params: CaseParams,
  side: "writer" | "reader",
  warmupBytes: number,
  verifyTag: number | null,
): EndpointConfig & { verifyTag: number | null } {
  return {
    bufferSize: params.bufferSize,
    bufferOffset: params.bufferOffset,
    hugePages: params.hugePages,
    busyLoop: params.busyLoop,
    poll: params.poll,
    gift: params.gift,
    lockMemory: params.lockMemory,
    touchPages: params.touchPages,
    cpu: params.cpus?.[side] ?? null,
    warmupBytes,
    verifyTag,
    parentPid: Deno.pid,
  };
}

/** The writer child's configuration for a case. */
export function writerConfig(params: CaseParams, warmupBytes: number, verifyTag: number | null = null): WriterConfig {
  if (typeof params.writer !== "string") throw new Error("external writers have no writer config");
  return {
    ...endpointConfig(params, "writer", warmupBytes, verifyTag),
    mode: params.writer,
    sameBuffer: params.sameBuffer,
    pipeSize: params.pipeSize,
  };
}

/** The reader child's configuration for a case. */
export function readerConfig(params: CaseParams, warmupBytes: number, verifyTag: number | null = null): ReaderConfig {
  if (typeof params.reader !== "string") throw new Error("external readers have no reader config");
  return {
    ...endpointConfig(params, "reader", warmupBytes, verifyTag),
    mode: params.reader,
    bytes: params.bytes,
    minSeconds: params.duration,
  };
}
