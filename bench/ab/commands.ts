/**
 * External endpoints in an A/B session: the base side may run another command in place of a
 * case's `writer: {command}` or `reader: {command}` (`--base-writer`, `--base-reader`), so that a
 * user's own producer or consumer is measured before and after a change, interleaved.
 *
 * The base side's results keep the command it ran; only the comparison sees the base case with the
 * head's command, since the command is the thing compared, not a parameter that makes the cases
 * different things.
 *
 * @module
 */
import type { Case, Results } from "../../model/types.ts";

/** The base side's commands, when given. */
export interface BaseCommands {
  /** Replaces the command of every case whose writer is a command. */
  writer?: string[];
  /** Replaces the command of every case whose reader is a command. */
  reader?: string[];
}

/**
 * A command as given on the command line: a JSON array of strings (`["sh", "-c", "yes | pv"]`),
 * or words split on blank space (`cat /dev/zero`). No shell is involved either way.
 */
export function parseCommand(text: string): string[] | string {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return "not a JSON array of strings";
    }
    if (!Array.isArray(value) || value.length === 0 || !value.every((word) => typeof word === "string")) {
      return "expected a non-empty JSON array of strings";
    }
    return value;
  }
  const words = trimmed.split(/\s+/).filter((word) => word !== "");
  return words.length === 0 ? "expected a command" : words;
}

/** The sides a set of base commands replaces. */
function replaced(commands: BaseCommands): ("writer" | "reader")[] {
  return (["writer", "reader"] as const).filter((side) => commands[side] !== undefined);
}

/**
 * Why the base commands cannot apply to `cases` (a side given but no case runs a command on it),
 * or `null`.
 */
export function baseCommandProblem(cases: readonly Case[], commands: BaseCommands): string | null {
  for (const side of replaced(commands)) {
    if (!cases.some((c) => typeof c.params[side] !== "string")) {
      return `--base-${side}: no case has an external ${side} ({command: [...]}) to replace`;
    }
  }
  return null;
}

/** The base side's cases: each command the base replaces put in place. */
export function baseCases(cases: readonly Case[], commands: BaseCommands): Case[] {
  return cases.map((c) => {
    let params = c.params;
    for (const side of replaced(commands)) {
      const endpoint = params[side];
      if (typeof endpoint !== "string") params = { ...params, [side]: { ...endpoint, command: commands[side]! } };
    }
    return params === c.params ? { ...c } : { ...c, params };
  });
}

/**
 * The base results as the comparison sees them: each case's replaced command set back to the
 * head's, so that the commands are what is compared and not a difference of parameters.
 */
export function comparableBase(base: Results, head: Results, commands: BaseCommands): Results {
  const sides = replaced(commands);
  if (sides.length === 0) return base;
  const heads = new Map(head.cases.map((c) => [c.id, c]));
  const copy = structuredClone(base);
  for (const c of copy.cases) {
    const other = heads.get(c.id);
    if (other === undefined) continue;
    for (const side of sides) {
      if (typeof c.params[side] !== "string") c.params = { ...c.params, [side]: other.params[side] };
    }
  }
  return copy;
}

/** `writer: cat /dev/zero` for the label of the base side, or `""`. */
export function describeBaseCommands(commands: BaseCommands): string {
  return replaced(commands).map((side) => `${side}: ${commands[side]!.join(" ")}`).join(", ");
}
