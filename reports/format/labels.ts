/**
 * The words a report uses for a case: the name of each side (`vmsplice`, `cat`), the flags
 * (`huge`, `busy`, `mlock`...) and the mode label built from both (`vmsplice→splice huge`).
 *
 * Kept in this one file on purpose: the scenario loader names cases with its own words
 * (`locked`, `untouched`), and when the two vocabularies are unified, this is the one place of the
 * reports to change.
 *
 * @module
 */
import type { CaseParams } from "../../model/types.ts";

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

/** The flags that change how a case moves data, as short words: `huge`, `busy`, `poll`... */
export function flagWords(params: CaseParams): string[] {
  const words: string[] = [];
  if (params.hugePages) words.push("huge");
  if (params.busyLoop) words.push("busy");
  if (params.poll) words.push("poll");
  if (params.gift) words.push("gift");
  if (params.lockMemory) words.push("mlock");
  if (params.touchPages) words.push("touch");
  if (params.sameBuffer && params.writer === "vmsplice") words.push("same-buffer");
  return words;
}

/** `writer→reader` plus the flags: `vmsplice→splice huge busy`. */
export function modeLabel(params: CaseParams): string {
  const flags = flagWords(params);
  const pair = `${endpointLabel(params.writer)}→${endpointLabel(params.reader)}`;
  return flags.length === 0 ? pair : `${pair} ${flags.join(" ")}`;
}
