/**
 * What `bench:native` and `bench:calls` share before they measure: a C compiler, the output
 * folder, the C endpoints built into it, and a line naming the machine for their Markdown.
 *
 * @module
 */
import { findProgram } from "../bench/runner.ts";
import { journalPath } from "../bench/journal.ts";
import { defaultOutDir, runId } from "../bench/run-id.ts";
import { collectSystemInfo } from "../bench/system.ts";
import type { SystemInfo } from "../model/types.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** The C endpoints' source. */
export const NATIVE_SOURCE = `${ROOT}native/pipe-endpoint.c`;

/** What a native comparison starts from. */
export interface NativeSetup {
  /** This machine. */
  system: SystemInfo;
  /** `<UTC time>-<host>-<kind>`. */
  runId: string;
  /** The output folder (created). */
  outDir: string;
  /** The C endpoint, built into `outDir`. */
  binary: string;
}

/**
 * Finds `cc`, creates the output folder (`out`, already resolved, or `results/<run id>`) and builds
 * {@link NATIVE_SOURCE} into it. Without a compiler it says so and returns exit code 0 (there is
 * nothing to compare); when the build fails, it prints why and returns 1.
 */
export async function setUpNative(out: string | null, kind: string): Promise<NativeSetup | number> {
  const cc = findProgram("cc");
  if (cc === null) {
    console.log("no C compiler (cc) found: nothing compared. Install one (e.g. apt-get install gcc) to compare.");
    return 0;
  }
  const system = await collectSystemInfo();
  const id = runId(new Date(), system.hostname, kind);
  const outDir = out ?? defaultOutDir(id);
  await Deno.mkdir(outDir, { recursive: true });
  const binary = `${outDir}/pipe-endpoint`;
  const built = await new Deno.Command(cc, { args: ["-O2", "-o", binary, NATIVE_SOURCE] }).output();
  if (!built.success) {
    console.error(`cc failed to build ${NATIVE_SOURCE}:\n${new TextDecoder().decode(built.stderr)}`);
    return 1;
  }
  return { system, runId: id, outDir, binary };
}

/**
 * A usage problem with `--out`: the folder already holds a run (a session never runs into another
 * one's journal). `null` when the folder is free or not given.
 */
export async function usedOutProblem(out: string | null): Promise<string | null> {
  if (out === null) return null;
  try {
    await Deno.lstat(journalPath(out));
    return `${out} already holds a run (journal.ndjson): choose another --out`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** One line naming the machine, for the Markdown outputs. */
export function machineLine(system: SystemInfo): string {
  return `${system.cpuModel}, ${system.onlineCpus} CPUs${system.hypervisor ? " (virtual)" : ""}, ` +
    `Linux ${system.kernelRelease}, Deno ${system.versions.deno}`;
}
