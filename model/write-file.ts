/**
 * The one way pipespeed writes an output file (results.json, report.html, summary.md, charts,
 * exports, compare and merge reports): atomically, and never through a symbolic link.
 *
 * Results folders travel (CI artifacts, copies from other machines), so a planted
 * `report.html -> ~/.bashrc` must not make pipespeed overwrite its target. Each file is written
 * to a temporary file created exclusively (`O_CREAT|O_EXCL`, which fails on any existing name,
 * a symbolic link included) in the same folder, synced, then renamed over the target: the rename
 * replaces a link rather than following it, and a reader (or a full disk) never sees half a file.
 * On any failure the temporary file is removed and an {@link OutputError} names the target.
 *
 * It lives in `model/` because both the engine (`bench/`, results.json) and the renderers
 * (`reports/`) write through it and neither may import the other.
 *
 * @module
 */

/** A file or folder pipespeed could not write, with a one-line reason (no stack trace for a user). */
export class OutputError extends Error {
  override name = "OutputError";
}

/** The message of an error thrown by Deno's file functions, on one line. */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/** `dir` as an absolute path, without `.`, `..` or repeated slashes (no symbolic link resolved). */
function absolute(path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith("/") ? path : `${Deno.cwd()}/${path}`).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

/**
 * Creates the output folder `dir` (and its parents) and checks that it is a folder reached without
 * a symbolic link: neither `dir` nor any folder above it may be a link, so that a planted link
 * cannot send the outputs elsewhere. Give the real path when a link is meant.
 *
 * @throws {OutputError} when it cannot be created, is not a folder, or is reached through a link.
 */
export async function prepareOutputFolder(dir: string): Promise<void> {
  // Checked before creating anything: a link above a folder still to be created would have
  // `mkdir` create it at the link's target.
  await checkNoLink(dir, await existingAncestor(absolute(dir)));
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError(`${dir}: cannot create the output folder: ${reason(error)}`);
  }
  const info = await Deno.lstat(dir).catch((error) => {
    throw new OutputError(`${dir}: cannot use the output folder: ${reason(error)}`);
  });
  if (!info.isDirectory && !info.isSymlink) throw new OutputError(`${dir}: the output path is not a folder`);
  await checkNoLink(dir, absolute(dir));
}

/** The deepest of `path` and the folders above it that exists (`/` at worst). */
async function existingAncestor(path: string): Promise<string> {
  for (let at = path; at !== ""; at = at.slice(0, at.lastIndexOf("/"))) {
    try {
      await Deno.lstat(at);
      return at;
    } catch {
      // Not there yet: try the folder above.
    }
  }
  return "/";
}

/** Throws when `path` (absolute, lexical) is a symbolic link or is reached through one. */
async function checkNoLink(dir: string, path: string): Promise<void> {
  let real: string;
  try {
    real = await Deno.realPath(path);
  } catch (error) {
    throw new OutputError(`${dir}: cannot use the output folder: ${reason(error)}`);
  }
  if (real !== path) {
    throw new OutputError(
      `${dir}: the output folder is reached through a symbolic link (${path} is ${real}): ` +
        `give the real path if it is meant`,
    );
  }
}

/** A name for a temporary file beside `path`: hidden, unique to this process and call. */
function temporaryName(path: string): string {
  const slash = path.lastIndexOf("/");
  const [dir, name] = slash < 0 ? [".", path] : [path.slice(0, slash) || "/", path.slice(slash + 1)];
  const unique = `${Deno.pid}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
  return `${dir}/.${name}.${unique}.tmp`;
}

/** The folder of `path` (`.` for a bare name). */
function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : path.slice(0, slash) || "/";
}

/**
 * Writes `data` to `path` atomically without following a symbolic link at `path` or in its
 * folder's last component: the folder must be a real folder (not a link); the text goes to an
 * exclusively created temporary file beside it, is synced, and is renamed over `path`.
 *
 * @throws {OutputError} naming `path` (the temporary file is removed).
 *
 * @example
 * ```ts
 * await writeFileAtomic("out/report.html", "<!doctype html>…");
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = folderOf(path);
  const info = await Deno.lstat(folder).catch((error) => {
    throw new OutputError(`${path}: cannot write: ${reason(error)}`);
  });
  if (info.isSymlink) throw new OutputError(`${path}: cannot write: its folder ${folder} is a symbolic link`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const temporary = temporaryName(path);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temporary, { createNew: true, write: true, mode: 0o644 });
  } catch (error) {
    throw new OutputError(`${path}: cannot write: ${reason(error)}`);
  }
  try {
    try {
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw new OutputError(`${path}: cannot write: ${reason(error)}`);
  }
}
