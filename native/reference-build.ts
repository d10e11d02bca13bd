/**
 * The post's program (pipes-speed-test: `write.cpp`, `read.cpp`, `common.hpp`; ISC licence, never
 * copied into this repository) found and built for a comparison: `c++ -std=c++17 -O3` from its
 * folder into a temporary folder, with the thin adapter that makes its reader a pipespeed external
 * reader (native/reference-reader.c, built with `cc`).
 *
 * @module
 */
import { findProgram } from "../bench/runner.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** The adapter's source. */
export const ADAPTER_SOURCE = `${ROOT}native/reference-reader.c`;
/** Where the program's folder is looked for under each parent folder of the checkout. */
export const REFERENCE_SUBDIR = "shared/reference/pipes-speed-test";
/** The environment variable that names the program's folder when `--reference-dir` does not. */
export const REFERENCE_DIR_VARIABLE = "PIPESPEED_REFERENCE_DIR";
/** The files of the program a build needs. */
export const REFERENCE_FILES = ["write.cpp", "read.cpp", "common.hpp"] as const;

/** The program built and ready to run. */
export interface ReferenceBuild {
  /** The folder it was built from. */
  sourceDir: string;
  /** Its writer, reader, and the adapter around its reader. */
  write: string;
  read: string;
  adapter: string;
  /** The compiler command lines, for the report. */
  commands: string[];
  /** Removes the temporary folder. */
  remove(): Promise<void>;
}

/** Why the program cannot be built here: `missing` (folder or compiler absent) or `failed` (a compiler error). */
export class ReferenceUnavailable extends Error {
  constructor(message: string, readonly kind: "no-folder" | "no-compiler" | "failed") {
    super(message);
  }
}

/**
 * The program's folder: `given` (`--reference-dir`), else `$PIPESPEED_REFERENCE_DIR`, else the
 * first `shared/reference/pipes-speed-test` under a parent folder of the checkout. Returns the
 * folder or a {@link ReferenceUnavailable} saying where it looked and what is missing.
 */
export function findReferenceDir(given: string | null): string | ReferenceUnavailable {
  const named = given ?? Deno.env.get(REFERENCE_DIR_VARIABLE) ?? null;
  const candidates = named !== null ? [named] : parentFolders(ROOT).map((dir) => `${dir}/${REFERENCE_SUBDIR}`);
  for (const dir of candidates) {
    let missing: string[];
    try {
      missing = REFERENCE_FILES.filter((file) => !isFile(`${dir}/${file}`));
    } catch (error) {
      if (error instanceof ReferenceUnavailable) return error;
      throw error;
    }
    if (missing.length === 0) return dir.replace(/\/+$/, "");
    if (named !== null) {
      return new ReferenceUnavailable(`${dir}: not the post's program (missing ${missing.join(", ")})`, "no-folder");
    }
  }
  return new ReferenceUnavailable(
    `the post's program was not found (looked for ${REFERENCE_SUBDIR} above ${ROOT}); ` +
      `give its folder with --reference-dir DIR or ${REFERENCE_DIR_VARIABLE}`,
    "no-folder",
  );
}

/** Builds the program in `dir` and the adapter into a new temporary folder. */
export async function buildReference(dir: string): Promise<ReferenceBuild> {
  const cxx = findProgram("c++");
  const cc = findProgram("cc");
  if (cxx === null || cc === null) {
    throw new ReferenceUnavailable(
      `no ${cxx === null ? "C++ compiler (c++)" : "C compiler (cc)"} to build the post's program: ` +
        "install one (e.g. apt-get install g++)",
      "no-compiler",
    );
  }
  const out = await Deno.makeTempDir({ prefix: "pipespeed-reference-" });
  const remove = () => Deno.remove(out, { recursive: true }).catch(() => {});
  const steps = [
    { compiler: cxx, args: ["-std=c++17", "-O3", "-o", `${out}/write`, "write.cpp"], cwd: dir },
    { compiler: cxx, args: ["-std=c++17", "-O3", "-o", `${out}/read`, "read.cpp"], cwd: dir },
    { compiler: cc, args: ["-O2", "-o", `${out}/reference-reader`, ADAPTER_SOURCE], cwd: ROOT },
  ];
  try {
    // The two C++ builds in parallel: about a second each.
    const built = await Promise.all(
      steps.map((step) => new Deno.Command(step.compiler, { args: step.args, cwd: step.cwd }).output()),
    );
    const failed = built.findIndex((result) => !result.success);
    if (failed >= 0) {
      const step = steps[failed];
      throw new ReferenceUnavailable(
        `${step.compiler} ${step.args.join(" ")} (in ${step.cwd}) failed:\n${
          new TextDecoder().decode(built[failed].stderr).trim()
        }`,
        "failed",
      );
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    sourceDir: dir,
    write: `${out}/write`,
    read: `${out}/read`,
    adapter: `${out}/reference-reader`,
    commands: steps.map((step) => `(cd ${step.cwd} && ${step.compiler} ${step.args.join(" ")})`),
    remove,
  };
}

function parentFolders(path: string): string[] {
  const parts = path.replace(/\/+$/, "").split("/");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("/") || "/");
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new ReferenceUnavailable(`Deno may not read ${path} (run with --allow-read)`, "no-folder");
    }
    return false;
  }
}
