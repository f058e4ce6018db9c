/**
 * Parquet decoding off the page's thread. Kept apart from the decoder itself (parquet.ts, with
 * hyparquet and its codecs) so a page whose worker decodes never loads the decoder's code.
 */
import { CrmError, loadCancelled, type CrmErrorDetail } from '../errors.js';
import { getWasmAssets } from '../engines/assets.js';
import { wallClock } from './zone.js';

/** What the page sends the decoder worker (parquet-worker.ts). */
export interface DecodeRequest {
  type: 'decode';
  bytes: ArrayBuffer;
  fileName: string;
  maxBytes?: number;
  /** Canonical IANA zone of the load (`timeZoneOption`): the worker makes its own wall clock from it. */
  timeZone: string;
}

/** What the decoder worker sends the page. */
export type DecodeReply =
  | { type: 'ready' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; ipc: Uint8Array; rows: number; columns: string[] }
  | { type: 'error'; code?: string; message: string; detail?: unknown };

export interface DecodeOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  maxBytes?: number;
  /** Canonical IANA time zone of the load (default UTC). */
  timeZone?: string;
  /** Decode on this thread even when a worker could be made. */
  inPage?: boolean;
}

/**
 * Decode a Parquet file to Arrow IPC off the page's thread: in a dedicated worker
 * (`parquet-worker.ts`, found through `getWasmAssets().parquetWorker`) when one can be
 * made, else on this thread (Node, hosts without workers, a worker script that cannot
 * load or is blocked). Both run `parquetToIPC`, so the bytes are the same either way.
 * `worker` says which ran.
 */
export async function decodeParquet(
  bytes: Uint8Array,
  fileName: string,
  opts: DecodeOptions = {},
): Promise<{ ipc: Uint8Array; rows: number; columns: string[]; worker: boolean }> {
  const timeZone = opts.timeZone ?? 'UTC';
  const url = opts.inPage ? undefined : getWasmAssets()?.parquetWorker;
  const worker = url ? await startDecoder(url, opts.signal, fileName) : undefined;
  if (!worker) {
    const { parquetToIPC } = await import('./parquet.js');
    const r = await parquetToIPC(bytes, fileName, { signal: opts.signal, onProgress: opts.onProgress, maxBytes: opts.maxBytes, wall: wallClock(timeZone) });
    return { ...r, worker: false };
  }
  return new Promise((resolve, reject) => {
    const stop = () => {
      worker.terminate();
      opts.signal?.removeEventListener('abort', cancel);
    };
    const cancel = () => {
      stop();
      reject(loadCancelled(fileName));
    };
    opts.signal?.addEventListener('abort', cancel, { once: true });
    worker.onmessage = (ev: MessageEvent<DecodeReply>) => {
      const m = ev.data;
      if (m.type === 'progress') opts.onProgress?.(m.done, m.total);
      else if (m.type === 'done') {
        stop();
        resolve({ ipc: m.ipc, rows: m.rows, columns: m.columns, worker: true });
      } else if (m.type === 'error') {
        stop();
        reject(m.code ? new CrmError(m.code as 'unreadable', m.message, (m.detail ?? {}) as CrmErrorDetail) : new Error(m.message));
      }
    };
    // The worker stopped (out of memory, a crash): the file could not be decoded.
    worker.onerror = (ev) => {
      ev.preventDefault();
      stop();
      const reason = `the decoder stopped${ev.message ? `: ${ev.message}` : ''}`;
      reject(new CrmError('unreadable', { file: fileName, format: 'parquet', reason, decoding: true }));
    };
    // A copy goes to the worker (the caller's buffer may be the user's own, never detached here).
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const request: DecodeRequest = { type: 'decode', bytes: copy, fileName, maxBytes: opts.maxBytes, timeZone };
    worker.postMessage(request, [copy]);
  });
}

/**
 * A decoder worker that has loaded and said so, or undefined when none can be made here. A module
 * worker; one on another origin starts through a same-origin blob that imports it (a page cannot start
 * another origin's worker directly; CSP then needs `blob:` in worker-src and the origin in script-src).
 */
async function startDecoder(url: string, signal: AbortSignal | undefined, fileName: string): Promise<Worker | undefined> {
  if (typeof Worker === 'undefined') return undefined;
  let worker: Worker;
  let shim: string | undefined;
  try {
    const u = new URL(url, globalThis.location?.href);
    if (u.origin === globalThis.location?.origin) worker = new Worker(u.href, { type: 'module', name: 'crmkit-parquet' });
    else {
      shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(u.href)};`], { type: 'text/javascript' }));
      worker = new Worker(shim, { type: 'module', name: 'crmkit-parquet' });
    }
  } catch {
    return undefined;
  }
  const ready = await new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      worker.onmessage = worker.onerror = null;
      signal?.removeEventListener('abort', aborted);
      resolve(ok);
    };
    const aborted = () => done(false);
    signal?.addEventListener('abort', aborted, { once: true });
    worker.onmessage = (ev: MessageEvent<DecodeReply>) => done(ev.data?.type === 'ready');
    worker.onerror = (ev) => {
      ev.preventDefault();
      done(false);
    };
  });
  if (shim) URL.revokeObjectURL(shim);
  if (!ready) worker.terminate();
  if (signal?.aborted) throw loadCancelled(fileName);
  return ready ? worker : undefined;
}

