import { spawn } from "node:child_process";
import { libc } from "../../ffi/libc.ts";
import { allocateBuffer, type MappedBuffer } from "../../ffi/memory.ts";
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from "../../ffi/constants.ts";
import { closeFd, createPipe, setNonBlocking, setPipeSize } from "../../ffi/pipe.ts";
import { readLoop, spliceLoop, vmspliceLoop, writeLoop } from "../../ffi/transfer.ts";
import { assert, assertEquals } from "../helpers.ts";

function pattern(bytes: Uint8Array, seed: number) {
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7 + (i >> 12)) & 0xff;
}

/** A `sha256sum` reading the pipe's read end (closed here): `digest()` resolves once it has read to the end. */
function sha256sumOf(readFd: number): { digest: () => Promise<string> } {
  const checker = spawn("sha256sum", [], { stdio: [readFd, "pipe", "inherit"] });
  closeFd(readFd);
  let output = "";
  checker.stdout!.setEncoding("utf8").on("data", (text: string) => output += text);
  const exited = new Promise((resolve) => checker.on("close", resolve));
  return { digest: async () => (await exited, output.split(" ")[0]) };
}

/** The SHA-256 of `chunks` one after the other, `times` over, in hex. */
async function sha256Hex(chunks: Uint8Array[], times: number): Promise<string> {
  const length = chunks.reduce((sum, c) => sum + c.length, 0);
  const all = new Uint8Array(length * times);
  let at = 0;
  for (let i = 0; i < times; i++) for (const c of chunks) all.set(c, at), at += c.length;
  return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", all)))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("bytes written with vmsplice arrive intact through splice and read", () => {
  // vmsplice → pipe A → splice → pipe B → read: every byte compared.
  const a = createPipe();
  const b = createPipe();
  const half = 16 * 1024;
  const halves = [allocateBuffer(half), allocateBuffer(half)] as const;
  pattern(halves[0].bytes, 1);
  pattern(halves[1].bytes, 2);
  const sink = allocateBuffer(2 * half);
  try {
    setPipeSize(a.writeFd, 64 * 1024);
    setPipeSize(b.writeFd, 64 * 1024);
    const writer = vmspliceLoop(a.writeFd, halves);
    assert(writer.pump(2 * half), "both halves sent");
    assertEquals(writer.sent(), 2 * half);
    assertEquals(spliceLoop(a.readFd, b.writeFd, 2 * half).consume(2 * half), 2 * half);
    assertEquals(readLoop(b.readFd, sink).consume(2 * half), 2 * half);
    assertEquals(Array.from(sink.bytes.subarray(0, half)), Array.from(halves[0].bytes), "first half");
    assertEquals(Array.from(sink.bytes.subarray(half)), Array.from(halves[1].bytes), "second half");
  } finally {
    for (const fd of [a.readFd, a.writeFd, b.readFd, b.writeFd]) closeFd(fd);
    halves.forEach((h) => h.free());
    sink.free();
  }
});

Deno.test("non-blocking partial writes resume at the right offset (checked by sha256sum)", async () => {
  // A 256 KiB buffer into a 64 KiB non-blocking pipe: nearly every write is partial and resumed.
  const { readFd, writeFd } = createPipe();
  const source = allocateBuffer(256 * 1024);
  pattern(source.bytes, 3);
  const rounds = 8;
  const checker = sha256sumOf(readFd);
  try {
    setNonBlocking(writeFd, true);
    const writer = writeLoop(writeFd, source, { busyLoop: true });
    // Let the event loop start the checker's output handling, then pump synchronously.
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert(writer.pump(rounds * source.size), "reader stayed");
    assertEquals(writer.sent(), rounds * source.size);
  } finally {
    closeFd(writeFd);
  }
  const digest = await checker.digest();
  const hash = await sha256Hex([source.bytes], rounds);
  source.free();
  assertEquals(digest, hash);
});

Deno.test("the writer loop stops on EPIPE and reports false", () => {
  const { readFd, writeFd } = createPipe();
  closeFd(readFd);
  const buffer = allocateBuffer(8192);
  try {
    assertEquals(writeLoop(writeFd, buffer).pump(Infinity), false);
    assertEquals(vmspliceLoop(writeFd, [allocateBuffer(4096), allocateBuffer(4096)]).pump(Infinity), false);
  } finally {
    closeFd(writeFd);
    buffer.free();
  }
});

Deno.test("the reader loop returns a short count at end of file", () => {
  const { readFd, writeFd } = createPipe();
  const buffer = allocateBuffer(4096);
  try {
    assertEquals(libc().write(writeFd, buffer.pointer, 1000n), 1000);
    closeFd(writeFd);
    assertEquals(readLoop(readFd, buffer).consume(5000), 1000);
  } finally {
    closeFd(readFd);
    buffer.free();
  }
});

Deno.test("vmsplice: buffers larger than the pipe go in several calls, resumed where the pipe stopped", async () => {
  // The post's program's layout: two buffers, 16 bytes past a page, each twice the pipe (checked by sha256sum).
  const { readFd, writeFd } = createPipe();
  const size = 64 * 1024;
  const buffers = [allocateBuffer(size, { offset: 16 }), allocateBuffer(size, { offset: 16 })] as const;
  pattern(buffers[0].bytes, 4);
  pattern(buffers[1].bytes, 5);
  const rounds = 8;
  const checker = sha256sumOf(readFd);
  try {
    setPipeSize(writeFd, size / 2);
    const writer = vmspliceLoop(writeFd, buffers);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert(writer.pump(rounds * 2 * size), "reader stayed");
    assertEquals(writer.sent(), rounds * 2 * size);
  } finally {
    closeFd(writeFd);
  }
  const digest = await checker.digest();
  const expected = await sha256Hex([buffers[0].bytes, buffers[1].bytes], rounds);
  buffers.forEach((b) => b.free());
  assertEquals(digest, expected);
});

/**
 * `size` bytes mapped at `address`, inside a reservation this test made (MAP_FIXED replaces only
 * the reservation's own pages), as a MappedBuffer.
 */
function bufferAt(address: number, size: number): MappedBuffer {
  const pointer = libc().mmap(
    Deno.UnsafePointer.create(BigInt(address)),
    BigInt(size),
    PROT_READ | PROT_WRITE,
    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
    -1,
    0n,
  );
  if (pointer === null || Deno.UnsafePointer.value(pointer) !== BigInt(address)) {
    throw new Error("mmap MAP_FIXED failed");
  }
  return {
    pointer,
    address,
    size,
    mappedSize: size,
    hugePages: false,
    bytes: new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(pointer, size)),
    at: (offset) => Deno.UnsafePointer.offset(pointer, offset)!,
    free: () => {},
  };
}

Deno.test("vmsplice: a resumed transfer whose rest starts past a 4 GiB boundary goes on from the right address", async () => {
  // The loop keeps each buffer's address as two 32-bit halves and adds what was sent to the low
  // half: here the third call of each buffer starts past a multiple of 2^32, so the carry is used.
  const size = 64 * 1024;
  // Reserve 9 GiB of address space (no memory), and place the buffers around the first two
  // multiples of 2^32 inside it.
  const MAP_NORESERVE = 0x4000;
  const reservedSize = 9 * 0x4000_0000;
  const reserved = libc().mmap(
    null,
    BigInt(reservedSize),
    PROT_NONE,
    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
    -1,
    0n,
  );
  if (reserved === null) throw new Error("could not reserve address space");
  const start = Number(Deno.UnsafePointer.value(reserved));
  const boundary = Math.ceil((start + 64 * 1024) / 0x1_0000_0000) * 0x1_0000_0000;
  const a = bufferAt(boundary - 36 * 1024, 128 * 1024);
  const b = bufferAt(boundary + 0x1_0000_0000 - 36 * 1024, 128 * 1024);
  const view = (m: MappedBuffer): MappedBuffer => ({
    ...m,
    pointer: m.at(16),
    address: m.address + 16,
    size,
    bytes: m.bytes.subarray(16, 16 + size),
  });
  const buffers = [view(a), view(b)] as const;
  pattern(buffers[0].bytes, 6);
  pattern(buffers[1].bytes, 7);
  const { readFd, writeFd } = createPipe();
  const rounds = 4;
  const checker = sha256sumOf(readFd);
  try {
    setPipeSize(writeFd, size / 2);
    const writer = vmspliceLoop(writeFd, buffers);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert(writer.pump(rounds * 2 * size), "reader stayed");
  } finally {
    closeFd(writeFd);
  }
  const digest = await checker.digest();
  const expected = await sha256Hex([buffers[0].bytes, buffers[1].bytes], rounds);
  libc().munmap(reserved, BigInt(reservedSize));
  assertEquals(digest, expected);
});

Deno.test("the reader loop asks for a whole buffer every call, as the post's reader does", () => {
  // 3000 bytes in the pipe, 1000 wanted: one read of 4096 takes all 3000 (a read of 1000 would not).
  const { readFd, writeFd } = createPipe();
  const buffer = allocateBuffer(4096);
  try {
    assertEquals(libc().write(writeFd, buffer.pointer, 3000n), 3000);
    assertEquals(readLoop(readFd, buffer).consume(1000), 3000);
  } finally {
    closeFd(readFd);
    closeFd(writeFd);
    buffer.free();
  }
});
