/**
 * The code that needs DuckDB-WASM's JS, Arrow, the Parquet decoder or Zod: imported
 * (dynamically, by `getEngine` and `loadData` in `engine.ts`) when the first
 * source loads, so a page paints its widgets without waiting for it.
 */
export { WasmEngine } from '@crmkit/core/wasm';
export { loadData } from '@crmkit/core/load';
export { parseRowRules, checkRowRules, combineTransactions } from '@crmkit/core';
