/**
 * The endpoints' buffers: allocated as a case asks (huge pages, offset past the page boundary,
 * faulted in, locked) and reported as smaps shows them. Shared by the writer and the reader, so
 * the buffer fields of a case are read in one place.
 *
 * @module
 */
import { allocateBuffer, hugePageBytes, type MappedBuffer } from "../../ffi/memory.ts";
import type { EndpointConfig, HugePageReport } from "./protocol.ts";

/** A buffer of `size` bytes set up as the case's buffer fields say. */
export function endpointBuffer(size: number, config: EndpointConfig): MappedBuffer {
  return allocateBuffer(size, {
    hugePages: config.hugePages,
    touch: config.touchPages,
    lock: config.lockMemory,
    offset: config.bufferOffset,
  });
}

/** How much of the buffers that asked for huge pages huge pages back. */
export function hugePageReport(buffers: readonly MappedBuffer[]): HugePageReport {
  let requestedBytes = 0;
  let backedBytes = 0;
  for (const buffer of buffers) {
    if (!buffer.hugePages) continue;
    requestedBytes += buffer.size;
    backedBytes += hugePageBytes(buffer.address, buffer.size);
  }
  return { requestedBytes, backedBytes };
}
