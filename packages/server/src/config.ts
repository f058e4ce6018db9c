/**
 * The server's configuration: a JSON file (`--config path` or
 * `CRMKIT_CONFIG`), with environment variables over it. Paths in the file are
 * relative to the file's folder. See docs/deploy.md for every field.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';

export interface FileInput {
  /** A file, a folder (every file of the format in it) or a glob (`/data/orders/*.parquet`). */
  path: string;
  format?: 'csv' | 'parquet';
  /** crmkit column → the file's column (e.g. `{ "amount": "TotalPrice" }`); CSV also maps headers automatically. */
  mapping?: Record<string, string>;
  /** CSV only (the page's loader options). */
  dateFormat?: string;
  delimiter?: string;
  encoding?: string;
  onInvalid?: 'error' | 'skip';
  /** Parquet and CSV read in place through a view on every query, instead of copied in at start. */
  inPlace?: boolean;
}

export interface TableInput {
  /** A DuckDB database file, attached read-only. */
  database: string;
  /** Table (or view) in it. */
  table: string;
  mapping?: Record<string, string>;
  /** Read from the file on every query (a view), instead of copied in at start. */
  inPlace?: boolean;
}

export interface DatasetConfig {
  /** Raw transactions: every analysis. */
  transactions?: FileInput | TableInput;
  /** Customer profiles (name, email, phone…), optional. */
  customers?: FileInput | TableInput;
  /**
   * A precomputed per-customer table (docs/warehouse.sql's output): the
   * analyses that need only it. Used instead of `transactions`.
   */
  facts?: FileInput | TableInput;
}

export interface TokenConfig {
  /** Who it is, for logs. */
  name: string;
  /** The bearer token itself… */
  token?: string;
  /** …or its SHA-256 in hex, so the file holds no secret. */
  sha256?: string;
  /** Data sets it may read, or "*" for all. */
  datasets: string[] | '*';
  /** May see personal data (names, e-mails, phones, addresses, birthdays) unmasked. */
  pii?: boolean;
}

export interface AuthConfig {
  tokens?: TokenConfig[];
  /** Path of an ES module exporting `authenticate(req)` (see auth.ts). */
  module?: string;
  /** Access for requests without credentials (local use only; off unless set). */
  anonymous?: { datasets: string[] | '*'; pii?: boolean };
}

export interface ServerConfig {
  host: string;
  port: number;
  engine: { threads: number; memoryLimit?: string; tempDirectory?: string; workDir: string };
  datasets: Record<string, DatasetConfig>;
  auth: AuthConfig;
  /** Origins allowed to call from a page (exact match, e.g. "https://intranet.example"); "*" for any. */
  cors: { origins: string[] };
  limits: {
    /** Largest request body, bytes. */
    maxBodyBytes: number;
    /** Longest a query may run, ms. */
    timeoutMs: number;
    /** Queries run at once; more wait in line. */
    concurrentQueries: number;
    /** Queries that may wait; beyond that the server answers 503. */
    queuedQueries: number;
    /** Largest CSV file loaded through the core loader at start, bytes. */
    maxFileBytes: number;
    /** Answers kept for identical requests (see results.ts), bytes; 0 keeps none. */
    resultCacheBytes: number;
  };
}

export const DEFAULTS: Omit<ServerConfig, 'datasets'> = {
  host: '127.0.0.1',
  port: 8787,
  engine: { threads: availableParallelism(), workDir: resolve(tmpdir(), 'crmkit-server') },
  auth: {},
  cors: { origins: [] },
  limits: { maxBodyBytes: 64 * 1024, timeoutMs: 30_000, concurrentQueries: 4, queuedQueries: 64, maxFileBytes: 1.5 * 1024 ** 3, resultCacheBytes: 64 * 1024 ** 2 },
};

const int = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${v}"`);
  return n;
};

/** Resolve the paths of a data set's inputs against `base`. */
function resolvePaths(ds: DatasetConfig, base: string): DatasetConfig {
  const fix = <T extends FileInput | TableInput | undefined>(i: T): T => {
    if (!i) return i;
    if ('database' in i) return { ...i, database: isAbsolute(i.database) ? i.database : resolve(base, i.database) };
    return { ...i, path: isAbsolute(i.path) ? i.path : resolve(base, i.path) };
  };
  return { transactions: fix(ds.transactions), customers: fix(ds.customers), facts: fix(ds.facts) };
}

/**
 * The configuration from a file and the environment:
 * `CRMKIT_HOST`, `CRMKIT_PORT`, `CRMKIT_THREADS`, `CRMKIT_MEMORY_LIMIT`,
 * `CRMKIT_TEMP_DIRECTORY`, `CRMKIT_WORK_DIR`, `CRMKIT_CORS_ORIGINS` (comma-separated),
 * `CRMKIT_TOKENS` (JSON list of tokens, added to the file's),
 * `CRMKIT_MAX_BODY_BYTES`, `CRMKIT_TIMEOUT_MS`, `CRMKIT_CONCURRENT_QUERIES`.
 */
export async function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ServerConfig> {
  let file: Partial<ServerConfig> = {};
  let base = process.cwd();
  if (path) {
    const text = await readFile(path, 'utf8').catch((e: Error) => {
      throw new Error(`cannot read the configuration ${path}: ${e.message}`);
    });
    try {
      file = JSON.parse(text) as Partial<ServerConfig>;
    } catch (e) {
      throw new Error(`the configuration ${path} is not valid JSON: ${(e as Error).message}`);
    }
    base = dirname(resolve(path));
  }
  return configFrom(file, base, env);
}

/** The configuration from an object (paths relative to `base`) and the environment. */
export function configFrom(file: Partial<ServerConfig>, base: string, env: NodeJS.ProcessEnv = {}): ServerConfig {
  const datasets = Object.fromEntries(Object.entries(file.datasets ?? {}).map(([k, v]) => [k, resolvePaths(v, base)]));
  const engine = { ...DEFAULTS.engine, ...file.engine };
  const limits = { ...DEFAULTS.limits, ...file.limits };
  const auth: AuthConfig = { ...file.auth, tokens: [...(file.auth?.tokens ?? [])] };
  if (auth.module && !isAbsolute(auth.module)) auth.module = resolve(base, auth.module);
  if (env.CRMKIT_TOKENS) auth.tokens!.push(...(JSON.parse(env.CRMKIT_TOKENS) as TokenConfig[]));
  const cfg: ServerConfig = {
    host: env.CRMKIT_HOST || file.host || DEFAULTS.host,
    port: int(env.CRMKIT_PORT, 'CRMKIT_PORT') ?? file.port ?? DEFAULTS.port,
    engine: {
      threads: int(env.CRMKIT_THREADS, 'CRMKIT_THREADS') ?? engine.threads,
      memoryLimit: env.CRMKIT_MEMORY_LIMIT || engine.memoryLimit,
      tempDirectory: env.CRMKIT_TEMP_DIRECTORY || engine.tempDirectory,
      workDir: resolve(base, env.CRMKIT_WORK_DIR || engine.workDir),
    },
    datasets,
    auth,
    cors: { origins: env.CRMKIT_CORS_ORIGINS ? env.CRMKIT_CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean) : (file.cors?.origins ?? []) },
    limits: {
      ...limits,
      maxBodyBytes: int(env.CRMKIT_MAX_BODY_BYTES, 'CRMKIT_MAX_BODY_BYTES') ?? limits.maxBodyBytes,
      timeoutMs: int(env.CRMKIT_TIMEOUT_MS, 'CRMKIT_TIMEOUT_MS') ?? limits.timeoutMs,
      concurrentQueries: int(env.CRMKIT_CONCURRENT_QUERIES, 'CRMKIT_CONCURRENT_QUERIES') ?? limits.concurrentQueries,
    },
  };
  if (Object.keys(cfg.datasets).length === 0) throw new Error('the configuration names no data sets ("datasets": { "name": { "transactions": { "path": … } } })');
  for (const [name, d] of Object.entries(cfg.datasets)) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error(`data set name "${name}": use letters, digits, - and _`);
    if (!d.transactions && !d.facts) throw new Error(`data set "${name}" needs "transactions" or "facts"`);
  }
  for (const t of cfg.auth.tokens ?? []) {
    if (!t.token && !t.sha256) throw new Error(`token "${t.name}" needs "token" or "sha256"`);
    if (t.token && t.token.length < 16) throw new Error(`token "${t.name}" is shorter than 16 characters`);
  }
  if (!cfg.auth.tokens?.length && !cfg.auth.module && !cfg.auth.anonymous) {
    throw new Error('the configuration allows nobody: give "auth": { "tokens": […] }, a "module", or (local use) "anonymous"');
  }
  return cfg;
}
