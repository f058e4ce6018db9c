/**
 * The distributable entry: every element registered, and the DuckDB engine
 * files (worker + wasm) emitted beside this bundle by the build and found
 * relative to it. Host the folder as it is; no CDN is contacted.
 */
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url&no-inline';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url&no-inline';
// crmkit's Parquet decoder worker, built by the bundler as a worker of its own.
import parquetWorkerUrl from '@crmkit/core/parquet-worker?worker&url';
import { getWasmAssets, setWasmAssets } from '@crmkit/core';

// A page that hosts the engine files elsewhere says so with <meta name="crmkit-asset-base" content="…"> (read
// when the engine starts) or setAssetBase(url) before the first <crm-source> loads.
const assetMeta = typeof document === 'undefined' ? null : document.querySelector('meta[name="crmkit-asset-base"]');
if (!getWasmAssets() && !assetMeta?.getAttribute('content')) {
  setWasmAssets({
    mainModule: new URL(wasmUrl, import.meta.url).href,
    mainWorker: new URL(workerUrl, import.meta.url).href,
    parquetWorker: new URL(parquetWorkerUrl, import.meta.url).href,
  });
}

export * from './index.js';
import './define.js';
