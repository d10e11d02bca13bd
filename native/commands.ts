/**
 * The C endpoint's (`native/pipe-endpoint.c`) command line for a case: the one place where case
 * fields become its arguments.
 *
 * @module
 */
import type { CaseParams } from "../model/types.ts";

/** The C endpoints' argv for a case's writer and reader. */
export function nativeCommands(binary: string, params: CaseParams): { writer: string[]; reader: string[] } {
  const common = [
    ...(params.hugePages ? ["--huge"] : []),
    ...(params.busyLoop ? ["--busy"] : []),
    "--buf",
    String(params.bufferSize),
    "--offset",
    String(params.bufferOffset),
  ];
  return {
    writer: [binary, "write", ...(params.writer === "vmsplice" ? ["--vmsplice"] : []), ...common],
    reader: [
      binary,
      "read",
      ...(params.reader === "splice" ? ["--splice"] : []),
      ...common,
      "--bytes",
      String(params.bytes),
      "--min-seconds",
      String(params.duration),
    ],
  };
}
