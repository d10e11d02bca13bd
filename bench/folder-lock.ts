/**
 * One process at a time in a results folder: `run`, `run --resume` and `report --from-journal`
 * hold an exclusive `flock(2)` on `<dir>/.pipespeed.lock` (which holds the holder's PID, for the
 * message) for as long as they write there. A second process refuses at once, naming the PID.
 *
 * The kernel drops a `flock` when its holder dies, however it dies (`kill -9` included), so a lock
 * file left by a dead process is simply taken over: there is no stale lock to clean up by hand.
 *
 * @module
 */
import { OutputError } from "../model/write-file.ts";

/** The lock file's name inside a results folder. */
export const LOCK_FILE = ".pipespeed.lock";

/** Another live process works in the folder. */
export class FolderInUseError extends Error {
  override name = "FolderInUseError";
}

/** A held lock. */
export interface FolderLock {
  /** The PID that held the lock file before, when it was left by a process that has died. */
  tookOverFrom: number | null;
  /** Drops the lock and removes the lock file. */
  release(): void;
}

/** The PID written in a lock file, or `null`. */
function holderOf(text: string): number | null {
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Takes the lock of `dir` (which must exist).
 *
 * @throws {FolderInUseError} when a live process holds it.
 * @throws {OutputError} when the lock file cannot be created (a read-only folder) or is a link.
 */
export async function lockFolder(dir: string): Promise<FolderLock> {
  const path = `${dir}/${LOCK_FILE}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await Deno.lstat(path).catch(() => null);
    if (before?.isSymlink) throw new OutputError(`${path}: the lock file is a symbolic link: refusing to open it`);
    let file: Deno.FsFile;
    try {
      file = before === null
        ? await Deno.open(path, { createNew: true, read: true, write: true, mode: 0o644 })
        : await Deno.open(path, { read: true, write: true });
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) continue; // another process created it just now
      throw new OutputError(`${dir}: cannot write in the output folder: ${(error as Error).message.split("\n")[0]}`);
    }
    if (!await file.tryLock(true)) {
      const holder = holderOf(await Deno.readTextFile(path).catch(() => ""));
      file.close();
      throw new FolderInUseError(
        `${dir} is in use by another pipespeed process${holder === null ? "" : ` (PID ${holder})`}: ` +
          `wait for it to end, or stop it, then try again`,
      );
    }
    // The file may have been removed (and another created) between the open and the lock by a
    // holder that was just releasing it: the lock counts only on the file the name still names.
    const [held, now] = [await file.stat(), await Deno.lstat(path).catch(() => null)];
    if (now === null || now.ino !== held.ino) {
      file.close();
      continue;
    }
    const previous = before === null ? null : holderOf(await Deno.readTextFile(path).catch(() => ""));
    try {
      await file.truncate(0);
      await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
    } catch {
      // A full disk: the PID is only for the message of a refused process; the lock holds without it.
    }
    return {
      tookOverFrom: previous !== Deno.pid ? previous : null,
      release() {
        try {
          Deno.removeSync(path);
        } catch {
          // Gone already: nothing to release but the descriptor.
        }
        file.close();
      },
    };
  }
  throw new FolderInUseError(`${dir}: could not take the lock ${path}: other processes keep taking it`);
}
