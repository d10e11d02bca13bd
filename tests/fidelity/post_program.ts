/**
 * The post's program (`write.cpp`, `read.cpp`, `measure.py` of "How fast are Linux pipes anyway?",
 * ISC licence): where its source is, how to build it (into a temporary folder; nothing of it is
 * copied here), and the options `measure.py` gives each of its seven cases.
 *
 * @module
 */
import { findProgram } from "../../bench/runner.ts";

/** The environment variable naming the program's folder (with `write.cpp`, `read.cpp`, `common.hpp`). */
export const REFERENCE_ENV = "PIPESPEED_REFERENCE";

const FOLDER = "shared/reference/pipes-speed-test";

/**
 * The program's source folder: `$PIPESPEED_REFERENCE`, else `shared/reference/pipes-speed-test`
 * next to the repository or next to one of its parent folders (a worktree sits deeper than the
 * main checkout); `null` when there is none.
 */
export function referenceFolder(): string | null {
  const given = Deno.env.get(REFERENCE_ENV);
  const candidates: string[] = given ? [given] : [];
  let dir = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
  while (dir.lastIndexOf("/") > 0) {
    dir = dir.slice(0, dir.lastIndexOf("/"));
    candidates.push(`${dir}/${FOLDER}`);
  }
  const hasSource = (folder: string) => {
    try {
      return ["write.cpp", "read.cpp", "common.hpp"].every((file) => Deno.statSync(`${folder}/${file}`).isFile);
    } catch {
      return false;
    }
  };
  return candidates.find(hasSource) ?? null;
}

/** Builds `write` and `read` from `folder` into `out` with `c++ -std=c++17 -O3` (its Makefile's standard). */
export async function buildProgram(folder: string, out: string): Promise<{ write: string; read: string }> {
  const compiler = findProgram("c++");
  if (compiler === null) throw new Error("no c++ compiler");
  const built = { write: `${out}/write`, read: `${out}/read` };
  for (const name of ["write", "read"] as const) {
    const result = await new Deno.Command(compiler, {
      args: ["-std=c++17", "-O3", "-o", built[name], `${folder}/${name}.cpp`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!result.success) throw new Error(`c++ ${name}.cpp: ${new TextDecoder().decode(result.stderr)}`);
  }
  return built;
}

/**
 * The options `measure.py` passes to both `write` and `read` for each case: its `build_flags` of
 * the case's `RunOptions` (in the dataclass's field order; false flags and `pipe_size=0` left out),
 * with `bytes_to_pipe` given here instead of its 10 GiB.
 */
export function measureFlags(name: string, bytesToPipe: number): string[] {
  const cases: Record<string, { busy?: boolean; huge?: boolean; vmsplice?: boolean; splice?: boolean }> = {
    write_read: {},
    write_read_huge: { huge: true },
    vmsplice_read: { vmsplice: true },
    vmsplice_read_huge: { huge: true, vmsplice: true },
    vmsplice_splice: { vmsplice: true, splice: true },
    vmsplice_splice_huge: { huge: true, vmsplice: true, splice: true },
    busy_loop_huge: { busy: true, huge: true, vmsplice: true, splice: true },
  };
  const options = cases[name];
  if (options === undefined) throw new Error(`measure.py has no case ${name}`);
  return [
    ...(options.busy ? ["--busy_loop"] : []),
    `--bytes_to_pipe=${bytesToPipe}`,
    ...(options.huge ? ["--huge_page"] : []),
    "--buf_size=262144",
    ...(options.vmsplice ? ["--write_with_vmsplice"] : []),
    ...(options.splice ? ["--read_with_splice"] : []),
    "--csv",
  ];
}

/** The seven cases of `measure.py`, in its order. */
export const MEASURE_CASES = [
  "write_read",
  "write_read_huge",
  "vmsplice_read",
  "vmsplice_read_huge",
  "vmsplice_splice",
  "vmsplice_splice_huge",
  "busy_loop_huge",
] as const;
