/**
 * The C endpoint's (`native/pipe-endpoint.c`) command line for a case: each case field that the
 * table (model/fields.ts) gives a `native` rule becomes a flag or an option, in the table's order.
 *
 * @module
 */
import { type CaseParams, fieldEntries } from "../model/params.ts";

/** The C endpoints' argv for a case's writer and reader; throws for a value the C endpoint cannot run. */
export function nativeCommands(binary: string, params: CaseParams): { writer: string[]; reader: string[] } {
  return {
    writer: [binary, "write", ...nativeArguments(params, "writer")],
    reader: [binary, "read", ...nativeArguments(params, "reader")],
  };
}

function nativeArguments(params: CaseParams, side: "writer" | "reader"): string[] {
  const argv: string[] = [];
  for (const [name, { native: rule }] of fieldEntries()) {
    if (rule === undefined || (rule.side !== "both" && rule.side !== side)) continue;
    const value = params[name];
    // A value the C endpoint cannot run: a mode (`splice`) or a flag that is on (`true`).
    const why = typeof value === "string" || value === true ? rule.unsupported?.[String(value)] : undefined;
    if (why !== undefined) throw new Error(`${name}: ${value}: ${why}`);
    if (rule.flag !== undefined && value === (rule.when ?? true)) argv.push(rule.flag);
    if (rule.option !== undefined) argv.push(rule.option, String(value));
  }
  return argv;
}
