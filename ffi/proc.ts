/**
 * Reading `/proc` through libc. Deno refuses `/proc` to anything short of `--allow-all`, and the
 * runner must still find the processes a run left behind (bench/_reap.ts) with its narrow
 * permissions.
 *
 * @module
 */
import { libc } from "./libc.ts";

const O_RDONLY = 0;
const O_CLOEXEC = 0o2000000;
/** Offset of `d_name` in glibc's `struct dirent` on 64-bit Linux (ino 8, off 8, reclen 2, type 1). */
const D_NAME_OFFSET = 19;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The ids of the processes /proc lists now. */
export function listPids(): number[] {
  const { opendir, readdir, closedir } = libc();
  const dir = opendir(encoder.encode("/proc\0"));
  if (dir === null) return [];
  const pids: number[] = [];
  try {
    for (let entry = readdir(dir); entry !== null; entry = readdir(dir)) {
      const name = new Deno.UnsafePointerView(entry).getCString(D_NAME_OFFSET);
      if (/^[0-9]+$/.test(name)) pids.push(Number(name));
    }
  } finally {
    closedir(dir);
  }
  return pids;
}

const chunk = new Uint8Array(64 * 1024);
const chunkPointer = Deno.UnsafePointer.of(chunk);

/**
 * The text of a /proc file (at most `maxBytes`), or `null` when it cannot be read (the process
 * ended, or belongs to someone else).
 */
export function readProcFile(path: string, maxBytes = 64 * 1024): string | null {
  const { open, read, close } = libc();
  const fd = open(encoder.encode(`${path}\0`), O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) return null;
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (total < maxBytes) {
      const n = read(fd, chunkPointer, BigInt(Math.min(chunk.length, maxBytes - total)));
      if (n < 0) return null;
      if (n === 0) break;
      parts.push(chunk.slice(0, n));
      total += n;
    }
    const all = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return decoder.decode(all);
  } finally {
    close(fd);
  }
}
