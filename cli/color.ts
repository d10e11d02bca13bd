/**
 * `--color auto|always|never`, beside the `NO_COLOR` and `FORCE_COLOR` conventions. `auto` is
 * picocolors' own detection for messages (a terminal, `FORCE_COLOR`, `CI`; never with `NO_COLOR`)
 * and, for the tables on stdout, whether stdout is a terminal (without `NO_COLOR`). `always` and
 * `never` decide for both; being explicit, they win over the environment.
 *
 * @module
 */
import pc from "picocolors";

/** The values of `--color`. */
export const COLOR_CHOICES = ["auto", "always", "never"] as const;

/** One of {@link COLOR_CHOICES}. */
export type ColorChoice = typeof COLOR_CHOICES[number];

/** `true`/`false` after `--color always`/`never`; `null` for `auto`. */
let forced: boolean | null = null;

function environment(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    // Without --allow-env the conventions cannot be read: terminal detection alone.
    return undefined;
  }
}

/**
 * Applies the user's choice to every later message: picocolors' shared functions (`pc.red`...)
 * are replaced by colouring or plain ones, so that modules that imported `pc` follow it.
 */
export function setColor(choice: ColorChoice): void {
  forced = choice === "auto" ? null : choice === "always";
  if (forced !== null) Object.assign(pc, pc.createColors(forced));
}

/** Whether a table written to `stream` gets colours. */
export function colorFor(stream: { isTerminal(): boolean }): boolean {
  if (forced !== null) return forced;
  if (environment("NO_COLOR")) return false;
  return Boolean(environment("FORCE_COLOR")) || stream.isTerminal();
}
