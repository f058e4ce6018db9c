/**
 * The Parquet decoder as a dedicated worker: the page sends a file's bytes,
 * the worker decodes them (`parquetToIPC`, the same code the page runs when
 * no worker can be made) and sends back the Arrow IPC bytes, transferred, not
 * copied. The page's thread only posts and receives. Started by
 * `decodeParquet` (parquet.ts); the library build ships it as
 * `crmkit-parquet.worker.js`, one self-contained script beside DuckDB's worker.
 *
 * Messages: worker → page `{ type: 'ready' }` once loaded, then `progress`,
 * and one `done` or `error`; page → worker one `decode`. Cancelling is the
 * page terminating the worker.
 */
import { CrmError } from '../errors.js';
import { parquetToIPC } from './parquet.js';
import { wallClock } from './zone.js';
import type { DecodeReply, DecodeRequest } from './parquet-decode.js';

const scope = globalThis as unknown as {
  postMessage(message: DecodeReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<DecodeRequest>) => void): void;
};

scope.addEventListener('message', async (ev) => {
  const m = ev.data;
  if (m?.type !== 'decode') return;
  try {
    const { ipc, rows, columns, plain } = await parquetToIPC(new Uint8Array(m.bytes, m.offset, m.length), m.fileName, {
      maxBytes: m.maxBytes,
      wall: wallClock(m.timeZone),
      onProgress: (done, total) => scope.postMessage({ type: 'progress', done, total }),
    });
    // The IPC bytes are the whole of their buffer (the writer's own): transferring moves 77 MB at 1 M rows for free.
    const own = ipc.byteOffset === 0 && ipc.byteLength === ipc.buffer.byteLength ? ipc : ipc.slice();
    scope.postMessage({ type: 'done', ipc: own, rows, columns, plain }, [own.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof CrmError) scope.postMessage({ type: 'error', code: e.code, message: e.message, detail: e.detail });
    else scope.postMessage({ type: 'error', message: String((e as Error)?.message ?? e) });
  }
});

scope.postMessage({ type: 'ready' });
