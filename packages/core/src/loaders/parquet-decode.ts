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
  /** The file is `length` bytes of this buffer from `offset`. */
  bytes: ArrayBuffer;
  offset: number;
  length: number;
  fileName: string;
  maxBytes?: number;
  /** Canonical IANA zone of the load (`timeZoneOption`): the worker makes its own wall clock from it. */
  timeZone: string;
}

/** What the decoder worker sends the page. */
export type DecodeReply =
  | { type: 'ready' }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; ipc: Uint8Array; rows: number; columns: string[]; plain: string[] }
  | { type: 'error'; code?: string; message: string; detail?: unknown };

export interface DecodeOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  maxBytes?: number;
  /** Canonical IANA time zone of the load (default UTC). */
  timeZone?: string;
  /** Decode on this thread even when a worker could be made. */
  inPage?: boolean;
  /**
   * The bytes are the caller's to give away (a download or a file read for this load): their buffer moves to the
   * worker instead of being copied (a 175 MB file is a long copy on the page's thread) and is empty afterwards.
   * Without it the worker gets a copy: a user's own buffer is never emptied.
   */
  transfer?: boolean;
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
): Promise<{ ipc: Uint8Array; rows: number; columns: string[]; plain: string[]; worker: boolean }> {
  const timeZone = opts.timeZone ?? 'UTC';
  const url = opts.inPage ? undefined : getWasmAssets()?.parquetWorker;
  // A decoder started ahead (`warmDecoder`, while the file downloaded) is kept idle once it has loaded.
  if (url) await starting.get(url);
  if (opts.signal?.aborted) throw loadCancelled(fileName);
  const worker = url ? (takeIdle(url) ?? (await startDecoder(url, opts.signal, fileName))) : undefined;
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
        // Kept for the next file (warm: its code is compiled); only a decoder that ended well is kept.
        opts.signal?.removeEventListener('abort', cancel);
        worker.onmessage = worker.onerror = null;
        keepIdle(url!, worker);
        resolve({ ipc: m.ipc, rows: m.rows, columns: m.columns, plain: m.plain ?? [], worker: true });
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
    // The buffer itself when the caller gives it away, else a copy (the caller's buffer may be the user's own).
    const own = opts.transfer && bytes.buffer instanceof ArrayBuffer;
    const buffer = own ? (bytes.buffer as ArrayBuffer) : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const request: DecodeRequest = { type: 'decode', bytes: buffer, offset: own ? bytes.byteOffset : 0, length: bytes.byteLength, fileName, maxBytes: opts.maxBytes, timeZone };
    worker.postMessage(request, [buffer]);
  });
}

/** How long a decoder that finished is kept for the next file before it is stopped. */
export const DECODER_IDLE_MS = 30_000;
/** The decoder kept after its last file, per script (at most one). */
const idle = new Map<string, { worker: Worker; timer: ReturnType<typeof setTimeout> }>();

/** Decoders being started ahead, per script. */
const starting = new Map<string, Promise<void>>();

/**
 * Start a decoder ahead, while a Parquet file downloads: the worker's script loads and compiles meanwhile, and
 * the decode that follows takes it (kept idle as after a file, `DECODER_IDLE_MS`). Nothing when one is kept or
 * starting already, or no worker can be made here.
 */
export function warmDecoder(): void {
  const url = getWasmAssets()?.parquetWorker;
  if (!url || idle.has(url) || starting.has(url) || typeof Worker === 'undefined') return;
  const started = startDecoder(url, undefined, '')
    .then(async (worker) => {
      if (!worker) return;
      // A small file first: the decoder's code is compiled by the time the real file arrives.
      if (await warmUp(worker)) keepIdle(url, worker);
      else worker.terminate();
    })
    .catch(() => undefined)
    .finally(() => starting.delete(url));
  starting.set(url, started);
}

/**
 * A 48-row Parquet file (1.6 kB, snappy: plain and dictionary text, a timestamp, 32-bit integers, doubles) that a
 * decoder started ahead decodes first, so that its code is compiled before the real file arrives (~0.1 s of a 1 M
 * file's first decode in a new worker, measured in Chromium).
 */
const WARM_UP_FILE =
  'UEFSMRUGFeQJFfwDXBVgFQAVYBUAFQQVAAAAYAHwBBQJAAAATzANAS4NAAAxLg0AADIuDQAAMy4NAAA0Lg0AADUuDQAANi4NAAA3Lg0AADguDQ' +
  'AAOR0NADEuggAEMTEuGgAuggAAMS6CAAAxLoIAADEuggAAMS6CAAAxLoIAADEuggAAMS6CAAAyLoIAADIuggAAMi6CAAAyLoIAADIuggAAMi6C' +
  'AAAyLoIAADIuggAAMi6CAAAyLoIABDMwHfcAMy6CAAAzLoIABDMzLicALoIAADMuggAAMy6CAAAzLoIAADMuggAAMy6CAAA0LoIAADQuggAANC' +
  '6CAAA0LoIAADQuggAENDUdnDg0NgkAAABPMDAwMDAwNDcVBBWoARVUTBUOFQAAAFQUCAAAAEMwCQEdDAAxHQwAMh0MADMdDAA0HQwwNQgAAABD' +
  'MDAwMDAwNhUGFSwVMFwVYBUAFWAVEBUEFQAAAGABFEwDDYjGGtFYIxprRGONaKwRjTWisRUGFYQGFZADXBVgFQAVYBUAFQQVAAAAYAGAAywA9F' +
  'HCjAEAAABQeMcFCAisnswFCAgIxdEFCAhk69YFCAzAEdyMASgIHDjhBQgIeF7mBQgM1ITrjAEYCDCr8AUICIzR9QUICOj3+gUIKEQeAI0BAAAA' +
  'oEQFBQgI/GoKBQgIWJEPBQgItLcUBQgIEN4ZBQgIbAQfBQgIyCokBQgIJFEpBQgIgHcuBQgI3J0zBQgIOMQ4BQgIlOo9BQgI8BBDBQgITDdIBQ' +
  'gIqF1NBQgIBIRSBQgIYKpXBQj+8AD+8AA68AAVBBUuFTJMFQYVAAAAF1gDAAAAd2ViBQAAAHN0b3JlAwAAAGFwcBUGFSAVJFwVYBUAFWAVEBUE' +
  'FQAAAGABDjQCDSRJkiRJkiRJkiRJkhUEFSAVJEwVCBUAAAAQPAEAAAACAAAAAwAAAAQAAAAVBhUgFSRcFWAVABVgFRAVBBUAAABgAQ40Ag3k5O' +
  'Tk5OTk5OTk5OQVBhWEBhXUA1wVYBUAFWAVABUEFQAAAGABgAMAADIBAAT0PwkPBARACQgADg0IABQNCAAZDQgAHgkIBIAhCQgEACQJCASAJgkI' +
  'BAApCQgEgCsJCAQALgkIBEAwCQgEgDEJCATAMgkIBAA0CQgEQDUJCASANgkIBMA3CQgEADkJCARAOgkIBIA7CQgEwDwJCAQAPgkIBEA/DQgAQA' +
  'kIAOANCASAQQkQBCBCCQgAwA0IBGBDCRAEAEQJCACgDQgEQEUJEADgDQgEgEYJEAQgRwkIAMANCARgSAkQBABJCQgAoA0IBEBKCRAA4A0IBIBL' +
  'CRAEIEwJCCjATEAAAAAAAGBNQBUEGXxIBHJvb3QVDAAVDCUCGAhvcmRlcl9pZCUAABUMJQIYC2N1c3RvbWVyX2lkJQAAFQQlAhgKb3JkZXJfZG' +
  'F0ZSUSABUMJQIYB2NoYW5uZWwlAAAVAiUCGAhxdWFudGl0eQAVCiUCGAZhbW91bnQAFmAZHBlsJggcFQwZFQAZGAhvcmRlcl9pZBUCFmAWkgoW' +
  'qgQmCDw2ACgJTzAwMDAwMDQ3GAlPMDAwMDAwMDAAGRwVBhUAFQIAAAAmsgQcFQwZJQAQGRgLY3VzdG9tZXJfaWQVAhZgFpoCFsoBJqIFJrIEHD' +
  'YAKAhDMDAwMDAwNhgIQzAwMDAwMDAAGSwVBBUAFQIAFQYVEBUCAAAAJvwFHBUEGRUAGRgKb3JkZXJfZGF0ZRUCFmAWsgYWvgMm/AU8NgAoCABg' +
  'qleNAQAAGAgA9FHCjAEAAAAZHBUGFQAVAgAAACa6CRwVDBklABAZGAdjaGFubmVsFQIWYBaSARaaASaGCia6CRw2ACgDd2ViGANhcHAAGSwVBB' +
  'UAFQIAFQYVEBUCAAAAJtQKHBUCGSUAEBkYCHF1YW50aXR5FQIWYBaEARaMASaSCybUChw2ACgEBAAAABgEAQAAAAAZLBUEFQAVAgAVBhUQFQIA' +
  'AAAm4AscFQoZFQAZGAZhbW91bnQVAhZgFrIGFoIEJuALPDYAKAgAAAAAAGBNQBgIAAAAAAAAAIA2AAAZHBUGFQAVAgAAABamGxZgNtoPACgJaH' +
  'lwYXJxdWV0GWwcAAAcAAAcAAAcAAAcAAAcAAAASwIAAFBBUjE=';

/** Decode WARM_UP_FILE in `worker`; whether it ended well (only then is the decoder kept). */
function warmUp(worker: Worker): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      worker.onmessage = worker.onerror = null;
      resolve(ok);
    };
    worker.onmessage = (ev: MessageEvent<DecodeReply>) => {
      if (ev.data?.type === 'done' || ev.data?.type === 'error') done(ev.data.type === 'done');
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      done(false);
    };
    const text = atob(WARM_UP_FILE);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const request: DecodeRequest = { type: 'decode', bytes: bytes.buffer, offset: 0, length: bytes.byteLength, fileName: 'warm-up.parquet', timeZone: 'UTC' };
    worker.postMessage(request, [bytes.buffer]);
  });
}

/** The kept decoder of `url`, taken (a second file decoded at the same time starts its own). */
function takeIdle(url: string): Worker | undefined {
  const kept = idle.get(url);
  if (!kept) return undefined;
  idle.delete(url);
  clearTimeout(kept.timer);
  return kept.worker;
}

/**
 * Keep a decoder that finished for the next file (a reload, the next of several files), so that file is
 * decoded by compiled code; stopped after `DECODER_IDLE_MS` unused. One is kept per script.
 */
function keepIdle(url: string, worker: Worker): void {
  const old = idle.get(url);
  if (old) {
    clearTimeout(old.timer);
    old.worker.terminate();
  }
  const timer = setTimeout(() => {
    if (idle.get(url)?.worker === worker) idle.delete(url);
    worker.terminate();
  }, DECODER_IDLE_MS);
  idle.set(url, { worker, timer });
}

/**
 * A decoder worker that has loaded and said so, or undefined when none can be made here. On the page's
 * origin, a module worker (the built script, or the source under a dev server). On another origin a page
 * cannot start a worker directly: a same-origin blob loads it, first as a classic script with
 * `importScripts` (as DuckDB's worker starts: Content-Security-Policy needs `blob:` in worker-src and the
 * origin in script-src; the built script is a classic script too), then, if that fails, as a module
 * import (a module source: CSP then needs the origin in worker-src too, and CORS).
 */
async function startDecoder(url: string, signal: AbortSignal | undefined, fileName: string): Promise<Worker | undefined> {
  if (typeof Worker === 'undefined') return undefined;
  let href: string;
  try {
    href = new URL(url, globalThis.location?.href).href;
  } catch {
    return undefined;
  }
  const attempts: { script: string; type: WorkerType; blob: boolean }[] =
    new URL(href).origin === globalThis.location?.origin
      ? [{ script: href, type: 'module', blob: false }]
      : [
          { script: `importScripts(${JSON.stringify(href)});`, type: 'classic', blob: true },
          { script: `import ${JSON.stringify(href)};`, type: 'module', blob: true },
        ];
  for (const a of attempts) {
    if (signal?.aborted) throw loadCancelled(fileName);
    const worker = await tryWorker(a.blob ? URL.createObjectURL(new Blob([a.script], { type: 'text/javascript' })) : a.script, a.type, a.blob, signal);
    if (signal?.aborted) {
      worker?.terminate();
      throw loadCancelled(fileName);
    }
    if (worker) return worker;
  }
  return undefined;
}

/** Start one worker and wait for its `ready`; undefined (and terminated) when it fails to load or is blocked. */
async function tryWorker(url: string, type: WorkerType, blob: boolean, signal: AbortSignal | undefined): Promise<Worker | undefined> {
  let worker: Worker;
  try {
    worker = new Worker(url, { type, name: 'crmkit-parquet' });
  } catch {
    if (blob) URL.revokeObjectURL(url);
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
  if (blob) URL.revokeObjectURL(url);
  if (!ready) worker.terminate();
  return ready ? worker : undefined;
}

