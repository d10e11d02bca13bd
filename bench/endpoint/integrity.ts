/**
 * Integrity checking (`verify: true`): the writer stamps every 4 KiB page of the stream it sends
 * with a run-unique tag and the page's sequence number; the reader checks the stamps in order. A
 * writer that rewrites a page still sitting in the pipe (what vmsplice's double buffering exists
 * to prevent) shows up as a page with the wrong sequence number, and the run fails with the offset.
 *
 * Stamps sit at stream offsets that are multiples of 4096, so any buffer size works; a stamp that
 * straddles two reads is skipped (reads are page-sized in practice).
 *
 * @module
 */

const PAGE = 4096;
const STAMP_BYTES = 8;

/** An integrity failure, with the stream offset of the bad page. */
export class IntegrityError extends Error {
  /** Stream offset (bytes since the start of the run) of the bad stamp. */
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.name = "IntegrityError";
    this.offset = offset;
  }
}

/**
 * Returns a function that stamps `bytes` — about to be sent starting at stream offset
 * `streamOffset` — with `tag` and page numbers.
 *
 * @example
 * ```ts
 * const stamp = stamper(0x1234, buffer.bytes);
 * stamp(loop.sent());
 * ```
 */
export function stamper(tag: number, bytes: Uint8Array): (streamOffset: number) => void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (streamOffset) => {
    let at = (PAGE - (streamOffset % PAGE)) % PAGE;
    for (; at + STAMP_BYTES <= bytes.length; at += PAGE) {
      view.setUint32(at, tag, true);
      view.setUint32(at + 4, ((streamOffset + at) / PAGE) >>> 0, true);
    }
  };
}

/**
 * Returns a function that checks the stamps in `bytes[0, count)`, which hold the stream from the
 * current position on; it throws {@link IntegrityError} on the first bad page.
 */
export function verifier(tag: number, bytes: Uint8Array): (count: number) => void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = 0;
  return (count) => {
    let at = (PAGE - (position % PAGE)) % PAGE;
    for (; at + STAMP_BYTES <= count; at += PAGE) {
      const offset = position + at;
      const expected = (offset / PAGE) >>> 0;
      const foundTag = view.getUint32(at, true);
      const found = view.getUint32(at + 4, true);
      if (foundTag !== tag || found !== expected) {
        throw new IntegrityError(
          offset,
          `integrity check failed at byte ${offset}: expected page ${expected} of this run, found ` +
            (foundTag === tag ? `page ${found} (a page was overwritten while still in the pipe)` : "foreign data"),
        );
      }
    }
    position += count;
  };
}
