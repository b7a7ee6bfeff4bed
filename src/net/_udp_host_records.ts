/**
 * Datagrams cross between the main thread and the media socket thread packed many to a
 * buffer, each as a record: a 4-byte socket id, a 2-byte address index (the destination
 * when sending, the source when receiving), a 2-byte length, then the bytes. This
 * function's source text also runs inside the thread (see `threadFromSource`), so it
 * imports nothing.
 *
 * @module
 */

/** Writes one record at `at` in `batch` (the caller has made room); the offset after it. */
export function packRecord(
  batch: Uint8Array,
  at: number,
  id: number,
  index: number,
  bytes: Uint8Array,
): number {
  const length = bytes.length;
  batch[at] = id >>> 24;
  batch[at + 1] = (id >>> 16) & 0xff;
  batch[at + 2] = (id >>> 8) & 0xff;
  batch[at + 3] = id & 0xff;
  batch[at + 4] = index >>> 8;
  batch[at + 5] = index & 0xff;
  batch[at + 6] = length >>> 8;
  batch[at + 7] = length & 0xff;
  batch.set(bytes, at + 8);
  return at + 8 + length;
}
