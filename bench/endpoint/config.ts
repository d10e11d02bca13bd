/**
 * What the Deno endpoints are told for a case: the case fields that the table (model/fields.ts)
 * sends to each side, plus the runner's warm-up, integrity tag and pid.
 *
 * @module
 */
import { type CaseParams, endpointFields } from "../../model/params.ts";
import type { ReaderConfig, WriterConfig } from "./protocol.ts";

/** The writer child's configuration for a case. */
export function writerConfig(params: CaseParams, warmupBytes: number, verifyTag: number | null = null): WriterConfig {
  return { ...endpointFields(params, "writer"), warmupBytes, verifyTag, parentPid: Deno.pid };
}

/** The reader child's configuration for a case. */
export function readerConfig(params: CaseParams, warmupBytes: number, verifyTag: number | null = null): ReaderConfig {
  return { ...endpointFields(params, "reader"), warmupBytes, verifyTag, parentPid: Deno.pid };
}
