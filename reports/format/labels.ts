/**
 * The words a report uses for a case: the name of each side (`vmsplice`, or an external program's
 * base name such as `cat`), the flags (`huge`, `busy`, `locked`, `untouched`...: the field table's
 * words, the same as in case names) and the mode label built from both (`vmsplice→splice huge`).
 *
 * @module
 */
import { flagWords } from "../../model/params.ts";
import type { CaseParams } from "../../model/types.ts";

export { flagWords };

/**
 * The name of one side of a case: its mode, or the base name of an external program.
 *
 * @example
 * ```ts
 * endpointLabel({ command: ["/usr/bin/cat"] }); // "cat"
 * ```
 */
export function endpointLabel(endpoint: CaseParams["writer"] | CaseParams["reader"]): string {
  if (typeof endpoint === "string") return endpoint;
  const program = endpoint.command[0] ?? "command";
  return program.slice(program.lastIndexOf("/") + 1);
}

/** `writer→reader` plus the flags: `vmsplice→splice huge busy`. */
export function modeLabel(params: CaseParams): string {
  const flags = flagWords(params);
  const pair = `${endpointLabel(params.writer)}→${endpointLabel(params.reader)}`;
  return flags.length === 0 ? pair : `${pair} ${flags.join(" ")}`;
}
