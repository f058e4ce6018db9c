import { CrmError } from '../errors.js';
import { formatBytes } from './bytes.js';

/** gzip's magic bytes (RFC 1952): 1f 8b. */
export const isGzip = (b: Uint8Array): boolean => b.byteLength >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Whether this runtime can decompress gzip as a stream (browsers; Node 18+). */
export const canGunzip = (): boolean => typeof (globalThis as { DecompressionStream?: unknown }).DecompressionStream === 'function';

export interface GunzipOptions {
  file: string;
  /** Largest decompressed size accepted, in bytes: past it the stream stops with `too-large`. */
  max: number;
  /** Size of the compressed input, when known (for progress). */
  total?: number;
  signal?: AbortSignal;
  /** Called as data arrives: compressed bytes read so far (of `total`), and decompressed bytes written. */
  onProgress?: (compressed: number, decompressed: number) => void;
}

/**
 * Decompress a gzip stream as it arrives (`DecompressionStream`, in the page
 * and in Node alike). `head` holds the chunks already read from `reader` (they
 * start with the magic bytes). The limit counts decompressed bytes, and is
 * checked chunk by chunk: a small file that inflates past it is stopped there,
 * not after it has filled the memory.
 */
export async function gunzipStream(head: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>, opts: GunzipOptions): Promise<Uint8Array> {
  const { file, max } = opts;
  if (!canGunzip()) {
    throw new CrmError('unreadable', {
      file,
      format: 'gzip',
      reason: 'DecompressionStream is not available',
      unsupported: true,
    });
  }
  let compressed = head.reduce((n, c) => n + c.byteLength, 0);
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const h of head) c.enqueue(h);
    },
    async pull(c) {
      const { done, value } = await reader.read();
      if (done) c.close();
      else {
        compressed += value.byteLength;
        c.enqueue(value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const out = source.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stop = () => void out.cancel().catch(() => undefined);
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await out.read();
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        const reason = (e as Error)?.message ?? String(e);
        throw new CrmError('unreadable', {
          file,
          format: 'gzip',
          reason,
        });
      }
      if (r.done) break;
      size += r.value.byteLength;
      if (size > max) {
        stop();
        throw new CrmError('too-large', { file, limit: max, decompressed: true, read: compressed });
      }
      chunks.push(r.value);
      opts.onProgress?.(compressed, size);
    }
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
  if (chunks.length === 1) return chunks[0];
  let all: Uint8Array;
  try {
    all = new Uint8Array(size);
  } catch {
    throw new CrmError('out-of-memory', { file, size, decompressed: true });
  }
  let off = 0;
  for (const c of chunks) (all.set(c, off), (off += c.byteLength));
  return all;
}
