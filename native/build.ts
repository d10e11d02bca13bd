/**
 * What `bench:native` and `bench:calls` share: building the C endpoints, choosing the output
 * folder, and naming the machine.
 *
 * @module
 */
import { findProgram } from "../bench/runner.ts";
import type { SystemInfo } from "../model/types.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** The C endpoints' source. */
export const NATIVE_SOURCE = `${ROOT}native/pipe-endpoint.c`;

/** The C compiler's path; without one, says so and exits 0: there is nothing to compare. */
export function requireCompiler(): string {
  const cc = findProgram("cc");
  if (cc === null) {
    console.log("no C compiler (cc) found: nothing compared. Install one (e.g. apt-get install gcc) to compare.");
    Deno.exit(0);
  }
  return cc;
}

/** Compiles {@link NATIVE_SOURCE} with `cc` into `outDir/pipe-endpoint`; when that fails, prints why and exits 1. */
export async function buildNativeEndpoint(cc: string, outDir: string): Promise<string> {
  const binary = `${outDir}/pipe-endpoint`;
  const built = await new Deno.Command(cc, { args: ["-O2", "-o", binary, NATIVE_SOURCE] }).output();
  if (!built.success) {
    console.error(`cc failed to build ${NATIVE_SOURCE}:\n${new TextDecoder().decode(built.stderr)}`);
    Deno.exit(1);
  }
  return binary;
}

/**
 * `--out` taken from where the task was started (`INIT_CWD`), or `results/<UTC time>-<host>-<kind>`;
 * created.
 */
export async function outputFolder(out: string | null, system: SystemInfo, kind: string): Promise<string> {
  const from = Deno.env.get("INIT_CWD");
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const dir = out
    ? (out.startsWith("/") || !from ? out : `${from}/${out}`)
    : `${ROOT}results/${stamp}-${system.hostname}-${kind}`;
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

/** One line naming the machine, for the Markdown outputs. */
export function machineLine(system: SystemInfo): string {
  return `${system.cpuModel}, ${system.onlineCpus} CPUs${system.hypervisor ? " (virtual)" : ""}, ` +
    `Linux ${system.kernelRelease}, Deno ${system.versions.deno}`;
}
