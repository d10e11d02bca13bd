/**
 * What every Deno endpoint does as a program, before and after its own work: die with the
 * runner, take a private descriptor table, refuse to start for a runner that is already gone, and
 * turn an error into one line on stderr and exit code 1 (the runner records that line).
 *
 * @module
 */
import { dieWithParent, unshareFileTable } from "../../ffi/cpu.ts";

/**
 * Runs an endpoint program: `work` gets the configuration from the first argument (JSON).
 *
 * @example
 * ```ts
 * if (import.meta.main) runEndpoint<ReaderConfig>("reader", (config) => console.log(JSON.stringify(runReader(config))));
 * ```
 */
export function runEndpoint<Config extends { parentPid?: number }>(
  name: string,
  work: (config: Config) => void,
): void {
  try {
    dieWithParent();
    unshareFileTable();
    const config = JSON.parse(Deno.args[0]) as Config;
    // The runner may have died before the request above: then nobody waits for this endpoint.
    if (config.parentPid !== undefined && Deno.ppid !== config.parentPid) Deno.exit(1);
    work(config);
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : error}`);
    Deno.exit(1);
  }
}
