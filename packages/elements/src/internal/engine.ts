import { getWasmAssets, setWasmAssets, type Engine, type DataInput, type FileOverlap, type FilePart, type LoadOptions, type LoadResult, type RowRule } from '@crmkit/core';

let shared: Promise<Engine> | undefined;
let factory: (() => Promise<Engine>) | undefined;

/**
 * Where the DuckDB worker and wasm files are served from (a folder URL). The
 * built bundle sets this to its own folder; call it when hosting the files
 * elsewhere. Never a CDN: pages must work with no internet.
 */
export function setAssetBase(url: string | URL): void {
  setWasmAssets(url);
}

/** Use another engine for every source on the page (e.g. a remote engine). */
export function setEngineFactory(make: () => Promise<Engine>): void {
  factory = make;
  shared = undefined;
}

const lostListeners = new Set<(error: Error) => void>();

/**
 * Hear when the page's engine stops for good (its tables are gone with it).
 * The next `getEngine()` starts a new one. Returns an unsubscribe function.
 */
export function onEngineLost(listener: (error: Error) => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

/** The page's one engine, started on first use; all sources share it (tables are per source). */
export function getEngine(): Promise<Engine> {
  if (!shared) {
    if (!factory && !getWasmAssets()) {
      const meta = document.querySelector<HTMLMetaElement>('meta[name="crmkit-asset-base"]');
      if (meta?.content) setWasmAssets(new URL(meta.content, document.baseURI));
    }
    // DuckDB-WASM's JS (and Arrow) load here, when the first source needs the engine, not with the page.
    const started = (factory ?? (async () => (await import('./engine-code.js')).WasmEngine.create()))();
    shared = started;
    started.then(
      (engine) =>
        engine.onLost?.((error) => {
          if (shared === started) shared = undefined;
          for (const fn of [...lostListeners]) fn(error);
        }),
      () => {
        if (shared === started) shared = undefined;
      },
    );
  }
  return shared;
}

/** `loadData` of `@crmkit/core`, its code (Arrow, the Parquet decoder) imported on first use. */
export async function loadData(engine: Engine, input: DataInput, options: LoadOptions): Promise<LoadResult> {
  return (await import('./engine-code.js')).loadData(engine, input, options);
}

/** The row rules of `exclude`, `keep` and `rules`, checked; the checks (Zod) come with the engine's code, not with the page. */
export async function rowRules(exclude: string, keep: string, rules: unknown): Promise<RowRule[]> {
  const { parseRowRules, checkRowRules } = await import('./engine-code.js');
  return [...parseRowRules(exclude, 'exclude'), ...parseRowRules(keep, 'keep'), ...checkRowRules(rules)];
}

/** Several transactions files into one table (core's combineTransactions), imported with the engine's code. */
export async function combineTransactions(engine: Engine, parts: FilePart[], target: string): Promise<{ fields: string[]; overlaps: FileOverlap[] }> {
  return (await import('./engine-code.js')).combineTransactions(engine, parts, target);
}
