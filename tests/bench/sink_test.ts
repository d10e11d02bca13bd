/**
 * The consumer thread behind a socket sink (bench/endpoint/sink.ts), on a real socket pair: it
 * counts and sums what it reads, and `finish` refuses a count that is not what was sent.
 */
import { createSocketPair } from "../../ffi/socket.ts";
import { libc } from "../../ffi/libc.ts";
import { startConsumer } from "../../bench/endpoint/sink.ts";
import { assertEquals, assertIncludes } from "../helpers.ts";

const SENT = 100_000; // below a Unix socket's send buffer: written at once, no thread needed

function feed(checksum: boolean, stopAfter: number | null = null) {
  const { sendFd, receiveFd } = createSocketPair();
  const consumer = startConsumer("sink: socket", sendFd, receiveFd, { bufferSize: 4096, checksum, stopAfter });
  const bytes = new Uint8Array(SENT).fill(3);
  assertEquals(libc().write(sendFd, Deno.UnsafePointer.of(bytes), BigInt(SENT)), SENT);
  return consumer;
}

Deno.test("socket sink: the consumer reads to the end, counts every byte and sums them", () => {
  // The sum is of 32-bit words (4096-byte reads: no odd tail), modulo 2^32.
  const words = BigInt(SENT / 4) * 0x03030303n;
  assertEquals(feed(true).finish(SENT), { bytes: SENT, checksum: Number(words % 2n ** 32n) });
  assertEquals(feed(false).finish(SENT), { bytes: SENT, checksum: 0 });
});

Deno.test("socket sink: a count that differs from what was sent fails, with both numbers", () => {
  let message = "";
  try {
    feed(false).finish(SENT + 1);
  } catch (error) {
    message = (error as Error).message;
  }
  assertIncludes(message, `sink: socket: the consumer read ${SENT} bytes, the reader sent ${SENT + 1}`);
});
