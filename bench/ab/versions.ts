/**
 * The two versions `ab` measures: this checkout (the working tree, as it is), another folder
 * holding a pipespeed checkout, or a git ref of this checkout's repository, checked out with
 * `git worktree add --detach` into a temporary folder that {@link Version.dispose} removes again
 * (worktree, folder and git's record of it), whatever happened in between.
 *
 * A version contributes its Deno endpoints only: the plan, the runner and the statistics are this
 * checkout's, so both versions run the same cases the same way (bench/ab/compatibility.ts checks
 * that the other endpoints understand this runner's configurations).
 *
 * @module
 */
import { checkoutProblem, ENDPOINT_DIR } from "./compatibility.ts";

/** Which side of the comparison. */
export type Side = "base" | "head";

/** A version ready to run. */
export interface Version {
  /** Which side it is. */
  side: Side;
  /** What it is, for reports: `HEAD 1a2b3c4`, `folder /tmp/x (1a2b3c4)`, `working tree (1a2b3c4, modified)`. */
  label: string;
  /** The full commit it is at, when known. */
  commit: string | null;
  /** Root folder of its checkout. */
  root: string;
  /** Its endpoint folder for the runner (`RunOptions.endpointDir`); `undefined`: this checkout's own. */
  endpointDir: string | undefined;
  /** Removes what was made for it (a worktree and its folder); safe to call twice. */
  dispose(): Promise<void>;
}

/** A version that cannot be used: a usage error (exit 2) for the command line. */
export class VersionError extends Error {}

/** The root of the checkout this code runs from. */
export const OWN_ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** Runs git in `dir`; its trimmed stdout, or `null` when it fails. */
export async function git(dir: string, args: string[]): Promise<string | null> {
  try {
    const { code, stdout } = await new Deno.Command("git", {
      args: ["-C", dir, ...args],
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    return code === 0 ? new TextDecoder().decode(stdout).trim() : null;
  } catch {
    return null;
  }
}

/** Runs git in `dir`, throwing its stderr when it fails. */
async function gitOrThrow(dir: string, args: string[]): Promise<void> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("git", {
      args: ["-C", dir, ...args],
      stdout: "null",
      stderr: "piped",
      stdin: "null",
    }).output();
  } catch (error) {
    throw new VersionError(`git: cannot run it: ${(error as Error).message}`);
  }
  if (output.code !== 0) {
    throw new VersionError(`git ${args.join(" ")}: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
}

/** `1a2b3c4` of a full commit. */
function short(commit: string | null): string {
  return commit === null ? "" : commit.slice(0, 7);
}

/** This checkout as it is on disk, uncommitted changes included. */
export async function workingTree(side: Side): Promise<Version> {
  const commit = await git(OWN_ROOT, ["rev-parse", "HEAD"]);
  const changed = ((await git(OWN_ROOT, ["status", "--porcelain", "--untracked-files=no"])) ?? "") !== "";
  const detail = [short(commit), changed ? "modified" : ""].filter((part) => part !== "").join(", ");
  return {
    side,
    label: `working tree${detail === "" ? "" : ` (${detail})`}`,
    commit,
    root: OWN_ROOT,
    endpointDir: undefined,
    dispose: () => Promise.resolve(),
  };
}

/** Another checkout in a folder (used as it is, never modified). */
async function folderVersion(side: Side, spec: string, root: string): Promise<Version> {
  const problem = await checkoutProblem(root, `--${side} ${spec}`);
  if (problem !== null) throw new VersionError(problem);
  const commit = await git(root, ["rev-parse", "HEAD"]);
  return {
    side,
    label: `folder ${spec}${commit === null ? "" : ` (${short(commit)})`}`,
    commit,
    root,
    endpointDir: `${root}/${ENDPOINT_DIR}`,
    dispose: () => Promise.resolve(),
  };
}

/** A git ref of this checkout's repository, checked out into a temporary worktree. */
async function refVersion(side: Side, ref: string): Promise<Version> {
  const commit = await git(OWN_ROOT, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (commit === null) {
    throw new VersionError(`--${side} ${ref}: neither a folder nor a commit of the repository at ${OWN_ROOT}`);
  }
  const temporary = await Deno.makeTempDir({ prefix: `pipespeed-ab-${side}-` });
  const root = `${temporary}/checkout`;
  let disposed: Promise<void> | null = null;
  const version: Version = {
    side,
    label: `${ref} ${short(commit)}`,
    commit,
    root,
    endpointDir: `${root}/${ENDPOINT_DIR}`,
    dispose: () => disposed ??= removeWorktree(temporary, root),
  };
  try {
    await gitOrThrow(OWN_ROOT, ["worktree", "add", "--detach", "--quiet", root, commit]);
    const problem = await checkoutProblem(root, `--${side} ${ref}`);
    if (problem !== null) throw new VersionError(problem);
  } catch (error) {
    await version.dispose();
    throw error;
  }
  return version;
}

/** Removes a worktree, its temporary folder and git's record of it (each step even if one before failed). */
async function removeWorktree(temporary: string, root: string): Promise<void> {
  await git(OWN_ROOT, ["worktree", "remove", "--force", root]);
  await Deno.remove(temporary, { recursive: true }).catch(() => {});
  await git(OWN_ROOT, ["worktree", "prune"]);
}

/**
 * The version named by `spec`: `undefined` is this working tree; an existing folder is a checkout
 * used as it is (`path` is `spec` resolved from where the user is); anything else must be a
 * commit of this checkout's repository (a branch, a tag, `HEAD~1`, a sha).
 *
 * @throws {VersionError} for a spec that is neither, or a checkout whose endpoints cannot run here.
 */
export async function resolveVersion(side: Side, spec: string | undefined, path?: string): Promise<Version> {
  if (spec === undefined) return await workingTree(side);
  const folder = path ?? spec;
  let isFolder = false;
  try {
    isFolder = (await Deno.stat(folder)).isDirectory;
  } catch {
    // Not a folder: a ref.
  }
  return isFolder ? await folderVersion(side, spec, await Deno.realPath(folder)) : await refVersion(side, spec);
}

/** The worktrees `ab` made that git still lists (after a crash of the runner: `git worktree remove` them). */
export async function leftoverWorktrees(): Promise<string[]> {
  const listing = await git(OWN_ROOT, ["worktree", "list", "--porcelain"]) ?? "";
  return listing.split("\n").filter((line) => line.startsWith("worktree ") && line.includes("/pipespeed-ab-"))
    .map((line) => line.slice("worktree ".length));
}
