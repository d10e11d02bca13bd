import { createMemoryFile, memfdCreate } from "../../ffi/memfd.ts";
import { closeFd, createPipe, setNonBlocking } from "../../ffi/pipe.ts";
import { checksumReadLoop, spliceFileLoop, spliceLoop } from "../../ffi/transfer.ts";
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

Deno.test("checksumReadLoop sums every byte read; spliceLoop into a memfd wraps its offset", () => {
  const pipe = createPipe();
  const source = allocateBuffer(8192 + 3, { fill: 1 });
  const buffer = allocateBuffer(4096);
  const sum = new Uint32Array(1);
  try {
    assertEquals(libc().write(pipe.writeFd, source.pointer, BigInt(source.size)), source.size);
    const loop = checksumReadLoop(pipe.readFd, buffer, sum);
    assertEquals(loop.consume(source.size), source.size);
    assertEquals(sum[0], (2048 * 0x01010101 + 3) >>> 0, "every word and the tail bytes, modulo 2^32");
    const sink = memfdCreate("test-sink");
    assertEquals(libc().write(pipe.writeFd, source.pointer, BigInt(source.size)), source.size);
    const splicing = spliceLoop(pipe.readFd, sink, 4096, {}, 4096);
    assertEquals(splicing.consume(source.size), source.size);
    closeFd(sink);
  } finally {
    closeFd(pipe.readFd);
    closeFd(pipe.writeFd);
    source.free();
    buffer.free();
  }
});
