/**
 * Where the DuckDB-WASM worker and `.wasm` are served from. Always our own
 * files (the build copies them next to the bundle); never a CDN. Kept apart
 * from the engine itself so a page can say where the files are without
 * loading DuckDB-WASM's JS (which loads when the first source needs it).
 */
export interface WasmAssets {
  /** URL of `duckdb-eh.wasm`. */
  mainModule: string;
  /** URL of `duckdb-browser-eh.worker.js`. */
  mainWorker: string;
  /**
   * URL of crmkit's Parquet decoder worker (`crmkit-parquet.worker.js` in the library build), run as a
   * module worker; without it (or when it cannot start) Parquet is decoded on the page's thread.
   */
  parquetWorker?: string;
}

/** The Parquet decoder worker's file name in the library build, beside DuckDB's files. */
export const PARQUET_WORKER = 'crmkit-parquet.worker.js';

let defaultAssets: WasmAssets | undefined;

/** Set where the engine files live: a base URL (folder) or the two file URLs. */
export function setWasmAssets(assets: string | URL | WasmAssets): void {
  if (typeof assets === 'string' || assets instanceof URL) {
    const base = new URL(String(assets), globalThis.location?.href);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    defaultAssets = {
      mainModule: new URL('duckdb-eh.wasm', base).href,
      mainWorker: new URL('duckdb-browser-eh.worker.js', base).href,
      parquetWorker: new URL(PARQUET_WORKER, base).href,
    };
  } else {
    defaultAssets = { ...assets };
  }
}

export function getWasmAssets(): WasmAssets | undefined {
  return defaultAssets;
}
