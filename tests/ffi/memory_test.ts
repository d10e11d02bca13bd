import { HUGE_PAGE_SIZE, PAGE_SIZE } from "../../ffi/constants.ts";
import { allocateBuffer, hugePageBytes, hugePageBytesFromSmaps, readWholeFile } from "../../ffi/memory.ts";
import { assert, assertEquals, skipUnless } from "../helpers.ts";

function thpMode(): string {
  try {
    return /\[(\w+)\]/.exec(readWholeFile("/sys/kernel/mm/transparent_hugepage/enabled"))?.[1] ?? "absent";
  } catch {
    return "absent";
  }
}

Deno.test("page-aligned buffers are touched with the fill byte and freed", () => {
  const buffer = allocateBuffer(10_000, { fill: 7 });
  assertEquals(buffer.address % PAGE_SIZE, 0);
  assertEquals(buffer.mappedSize, 12_288);
  assertEquals(buffer.bytes.length, 10_000);
  assert(buffer.bytes.every((b) => b === 7));
  assertEquals(hugePageBytes(buffer.address, buffer.size), 0, "MADV_NOHUGEPAGE keeps small buffers small");
  buffer.free();
});

Deno.test("a huge-page buffer is 2 MiB-aligned and backed by huge pages per smaps", () => {
  const buffer = allocateBuffer(4 * 1024 * 1024, { hugePages: true });
  try {
    assertEquals(buffer.address % HUGE_PAGE_SIZE, 0, "2 MiB alignment");
    assertEquals(buffer.mappedSize, 4 * 1024 * 1024);
    const mode = thpMode();
    if (skipUnless(mode === "madvise" || mode === "always", `transparent huge pages are '${mode}'`)) return;
    assertEquals(hugePageBytes(buffer.address, buffer.size), buffer.size, "AnonHugePages covers the buffer");
  } finally {
    buffer.free();
  }
});

Deno.test("smaps parsing sums AnonHugePages over the overlap only", () => {
  const smaps = [
    "7f0000000000-7f0000400000 rw-p 00000000 00:00 0",
    "Size:               4096 kB",
    "AnonHugePages:      4096 kB",
    "7f0000400000-7f0000600000 rw-p 00000000 00:00 0",
    "AnonHugePages:      2048 kB",
  ].join("\n");
  const base = 0x7f0000000000;
  assertEquals(hugePageBytesFromSmaps(smaps, base, 4 << 20), 4 << 20);
  assertEquals(hugePageBytesFromSmaps(smaps, base + (2 << 20), 4 << 20), 4 << 20);
  assertEquals(hugePageBytesFromSmaps(smaps, base + (6 << 20), 1 << 20), 0);
});

Deno.test("a buffer can start past the page boundary, as malloc places large blocks", () => {
  const plain = allocateBuffer(128 * 1024, { offset: 16 });
  const huge = allocateBuffer(128 * 1024, { offset: 16, hugePages: true });
  try {
    assertEquals(plain.address % PAGE_SIZE, 16);
    assertEquals(plain.mappedSize, 128 * 1024 + PAGE_SIZE, "one more page to hold the shifted bytes");
    assertEquals(huge.address % HUGE_PAGE_SIZE, 16);
    plain.bytes.fill(1);
    assert(plain.bytes.every((b) => b === 1));
  } finally {
    plain.free();
    huge.free();
  }
  let refused = false;
  try {
    allocateBuffer(4096, { offset: 4096 });
  } catch (error) {
    refused = error instanceof RangeError;
  }
  assert(refused, "an offset of a whole page is refused");
});
