/**
 * The `splice` and `sendfile` writers' source: a memory file (memfd) of `bufferSize` bytes, filled once, advised
 * `MADV_HUGEPAGE` with `hugePages` and collapsed with `MADV_COLLAPSE` with `collapse`, and how much
 * of it huge pages map (smaps' `ShmemPmdMapped`), reported like the buffers' huge pages.
 *
 * @module
 */
import { createMemoryFile, type MemoryFile, sharedHugePageBytes } from "../../ffi/memfd.ts";
import type { HugePageReport, WriterConfig } from "./protocol.ts";

/** The memory file and its huge-page report. */
export interface MemorySource {
  /** The file, open and filled. */
  file: MemoryFile;
  /** Bytes asked to be huge (all of it with `hugePages` or `collapse`) and bytes huge pages map. */
  hugePages: HugePageReport;
}

/** The source a `splice` or `sendfile` writer's case asks for. A `collapse` the kernel lacks throws, saying so. */
export function memorySource(config: WriterConfig): MemorySource {
  const file = createMemoryFile(config.bufferSize, { hugePages: config.hugePages, collapse: config.collapse });
  const asked = config.hugePages || config.collapse;
  return {
    file,
    hugePages: {
      requestedBytes: asked ? file.size : 0,
      backedBytes: asked ? sharedHugePageBytes(file.address, file.size) : 0,
    },
  };
}
