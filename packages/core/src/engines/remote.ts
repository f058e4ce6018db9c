/**
 * A data set served by a crmkit server (`@crmkit/server`): the widgets run
 * their analyses there, on native DuckDB, and get typed results back. No SQL
 * leaves the page — a request names the analysis, its options and the
 * selection's clauses as data (see remote/protocol.ts).
 *
 * - `openRemoteDataset({ server, dataset, token | fetch })` asks the server
 *   to describe the data set and returns a `Dataset` like a loaded one. Its
 *   `engine` refuses SQL with a clear message: everything goes through
 *   `runRemote`.
 * - A selection clause made on a remote data set (`remoteClause`) is a
 *   `Filter` carrying the clause as data (`remote`), its text a marker no
 *   engine runs; the coordinator's filter of such clauses carries them all,
 *   and `remoteClauses(filter)` reads them from there (never from the text).
 * - Authentication: `token` is sent as `Authorization: Bearer …`; or pass a
 *   `fetch` (e.g. one that sends the intranet's session cookie with
 *   `credentials: 'include'`).
 */
import type { Table } from 'apache-arrow';
import type { Engine } from '../engine.js';
import type { Dataset } from '../model.js';
import { CrmError, type CrmErrorCode } from '../errors.js';
import type { SQL } from '../sql.js';
import { stableHash } from '../cache.js';
import { Filter, isNoFilter } from '../filter.js';
import type { AnalysisName, Clause, DatasetDescription, Options } from '../remote/protocol.js';

export interface RemoteSettings {
  /** The server's base URL, e.g. "https://intranet.example/crm". */
  server: string;
  /** The data set's name on the server. */
  dataset: string;
  /** Bearer token (omit when `fetch` authenticates, e.g. by cookie). */
  token?: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

interface RemoteState extends RemoteSettings {
  description: DatasetDescription;
}

const remotes = new WeakMap<Dataset, RemoteState>();
let engineCount = 0;

/** An engine that runs no SQL: the page's analyses of a remote data set go to its server. */
export class RemoteEngine implements Engine {
  readonly name: string;
  constructor(readonly server: string) {
    this.name = `crmkit server ${server} (#${++engineCount})`;
  }
  private refuse(): never {
    throw new CrmError('engine', { reason: 'remote', server: this.server });
  }
  async query(): Promise<Table> {
    this.refuse();
  }
  async exec(): Promise<void> {
    this.refuse();
  }
  async registerBuffer(): Promise<void> {
    this.refuse();
  }
  async registerURL(): Promise<void> {
    this.refuse();
  }
  async dropFile(): Promise<void> {}
  async insertArrowIPC(): Promise<void> {
    this.refuse();
  }
  async cancel(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {}
}

/**
 * Refuse, on a served data set, an analysis whose input exists in the page only (the load's own
 * checks, an events file): its message says to load the data in the page.
 */
export function pageOnly(ds: Pick<Dataset, 'engine'>, analysis: 'data-quality' | 'conversion-funnel'): void {
  if (ds.engine instanceof RemoteEngine) throw new CrmError('engine', { reason: 'page-only', server: ds.engine.server, analysis });
}

/** True when `ds` is served by a crmkit server. */
export function isRemote(ds: Pick<Dataset, 'engine'> | undefined | null): boolean {
  return !!ds && ds.engine instanceof RemoteEngine;
}

const KNOWN_CODES: readonly string[] = ['invalid-option', 'invalid-value', 'missing-column', 'too-large', 'cancelled', 'out-of-memory', 'engine', 'query', 'model-fit', 'invalid-rule', 'needs-transactions'];

async function call(s: RemoteSettings, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const url = `${s.server.replace(/\/+$/, '')}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (s.token) headers.authorization = `Bearer ${s.token}`;
  let res: Response;
  try {
    res = await (s.fetch ?? fetch)(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw new CrmError('cancelled', { server: s.server });
    throw new CrmError('fetch-failed', { file: url, server: s.server, reason: String((e as Error)?.message ?? e) });
  }
  if (res.ok) return res;
  let error: { code?: string; message?: string; [k: string]: unknown } = {};
  try {
    error = ((await res.json()) as { error: typeof error }).error ?? {};
  } catch {
    /* not JSON */
  }
  const { code, message, ...facts } = error;
  const known = typeof code === 'string' && KNOWN_CODES.includes(code);
  throw new CrmError(
    (known ? code : 'fetch-failed') as CrmErrorCode,
    message ?? `The crmkit server answered ${res.status} ${res.statusText}.`,
    { ...(facts as object), status: res.status, statusText: res.statusText, ...(known ? {} : { reason: code }) } as never,
  );
}

/** An answer in the wire format; its decoder (Arrow) loads with the first answer, not with the page. */
async function decode<T>(res: Response): Promise<T> {
  const { decodeResult } = await import('../remote/wire.js');
  return decodeResult<T>(new Uint8Array(await res.arrayBuffer()));
}

/** Ask the server about `settings.dataset` and describe it as a loaded `Dataset`. */
export async function openRemoteDataset(settings: RemoteSettings, opts: { id?: string; version?: number; signal?: AbortSignal } = {}): Promise<Dataset> {
  if (!/^https?:\/\//i.test(settings.server) && !settings.server.startsWith('/')) {
    throw new CrmError('invalid-option', { option: 'server', value: settings.server, accepts: { kind: 'url' } });
  }
  const res = await call(settings, '/v1/query', { dataset: settings.dataset, analysis: 'describe' }, opts.signal);
  const d = await decode<DatasetDescription>(res);
  const id = opts.id ?? 'r_';
  const ds: Dataset = {
    engine: new RemoteEngine(settings.server),
    id,
    transactions: `${id}transactions`,
    facts: `${id}facts`,
    fields: new Set(d.fields),
    customerFields: new Set(d.customerFields),
    customers: d.customerFields.length ? `${id}customers` : undefined,
    minDate: d.minDate,
    maxDate: d.maxDate,
    asOf: d.asOf,
    rows: d.rows,
    customerCount: d.customerCount,
    version: opts.version ?? 1,
  };
  remotes.set(ds, { ...settings, description: d });
  return ds;
}

/** Run an analysis of a remote data set on its server. */
export async function runRemote<T>(ds: Dataset, analysis: AnalysisName, options: Options, clauses: Clause[], signal?: AbortSignal): Promise<T> {
  const s = remotes.get(ds);
  if (!s) throw new CrmError('engine', { reason: 'not-remote' });
  const res = await call(s, '/v1/query', { dataset: s.dataset, analysis, options, clauses }, signal);
  return decode<T>(res);
}

// --- Clauses as data in a filter --------------------------------------------------------------

const MARK = 'crmkit_remote_clause';

/**
 * A selection predicate standing for `clause`: a `Filter` carrying the clause
 * as data. Its text (the same for the same clause, so selection keys compare)
 * is a call no engine has: if it ever reached one, it would fail at once.
 */
export function remoteClause(clause: Clause): Filter {
  return new Filter(`${MARK}('${stableHash(JSON.stringify(clause))}')`, undefined, false, [clause]);
}

/** The clauses a filter of `remoteClause`s stands for ([] for no filter), read from its data. */
export function remoteClauses(filter: SQL | undefined): Clause[] {
  if (isNoFilter(filter)) return [];
  const remote = filter instanceof Filter ? filter.remote : undefined;
  if (!remote) {
    throw new CrmError('engine', { reason: 'remote-filter' });
  }
  return [...remote] as Clause[];
}

/** Plain option values only (what the protocol takes): drops SQL, functions and undefined. */
export function plainOptions(o: object): Options {
  const out: Options = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
