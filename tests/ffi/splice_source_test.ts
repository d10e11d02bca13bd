import { createMemoryFile } from "../../ffi/memfd.ts";
import { closeFd, createPipe, setNonBlocking } from "../../ffi/pipe.ts";
import { spliceFileLoop } from "../../ffi/transfer.ts";
import { allocateBuffer } from "../../ffi/memory.ts";
import { libc } from "../../ffi/libc.ts";
import { assert, assertEquals } from "../helpers.ts";

Deno.test("spliceFileLoop: the memory file's bytes, round and round, exactly; false once the reader is gone", () => {
  const size = 3 * 4096 + 5; // not a whole number of pages: the wrap is at the file's end
  const file = createMemoryFile(size);
  file.bytes.forEach((_, i) => file.bytes[i] = (i * 7) % 251);
  const pipe = createPipe();
  const out = allocateBuffer(64 * 1024);
  try {
    const loop = spliceFileLoop(pipe.writeFd, file.fd, size);
    const want = 2 * size + 100;
    const received: number[] = [];
    setNonBlocking(pipe.readFd, true);
    // The default pipe holds 64 KiB: pump a little, drain, repeat.
    while (received.length < want) {
      assert(loop.pump(Math.min(want, loop.sent() + 8192)), "the reader is there");
      for (;;) {
        const r = libc().read(pipe.readFd, out.pointer, BigInt(out.size));
        if (r <= 0) break;
        received.push(...out.bytes.subarray(0, r));
      }
    }
    assertEquals(loop.sent(), received.length);
    received.slice(0, want).forEach((byte, i) => {
      if (byte !== ((i % size) * 7) % 251) throw new Error(`byte ${i}: ${byte}`);
    });
    closeFd(pipe.readFd);
    assertEquals(loop.pump(Infinity), false, "EPIPE ends the loop");
  } finally {
    closeFd(pipe.writeFd);
    out.free();
    file.free();
  }
});
