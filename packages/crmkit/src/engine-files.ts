/**
 * The DuckDB engine files and crmkit's Parquet decoder worker ship beside this module (in `dist/`): the engine
 * finds them relative to it at run time, with no bundler involved. A page
 * that hosts them elsewhere says so with
 * `<meta name="crmkit-asset-base" content="https://static.example.com/crmkit/">`
 * before this module runs, or with `setAssetBase(url)` before the first
 * `<crm-source>` loads.
 */
import { getWasmAssets, setWasmAssets } from '@crmkit/core';

const meta = typeof document === 'undefined' ? null : document.querySelector('meta[name="crmkit-asset-base"]');
if (!getWasmAssets() && !meta?.getAttribute('content')) {
  setWasmAssets({
    mainModule: new URL('./duckdb-eh.wasm', import.meta.url).href,
    mainWorker: new URL('./duckdb-browser-eh.worker.js', import.meta.url).href,
    parquetWorker: new URL('./crmkit-parquet.worker.js', import.meta.url).href,
  });
}
