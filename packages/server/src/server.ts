/**
 * The HTTP API (node:http, no framework).
 *
 * | method | path | answer |
 * |---|---|---|
 * | GET | `/health` | `{ status, uptimeS, datasets, queries: { running, waiting }, memory: { rss, duckdb } }` (no credentials needed) |
 * | GET | `/v1/datasets` | the data sets the caller may read, each with its description |
 * | POST | `/v1/query` | body `{ dataset, analysis, options, clauses }` (see core's remote/protocol.ts) → the analysis's result as Arrow IPC (`application/vnd.apache.arrow.stream`), gzip when the client accepts it |
 *
 * Errors are JSON `{ "error": { "code", "message", …facts } }` with 400
 * (`invalid-option`: a bad option or clause, named), 401 (`unauthorized`),
 * 403 (`forbidden`: a data set the caller may not read, or an origin not
 * allowed), 404 (`not-found`), 413 (`too-large`), 415, 503 (`busy`: too many
 * queries waiting), 504 (`timeout`) or 500. Every request is logged as one
 * JSON line.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { CrmError, asCrmError, checkRequest, encodeResult, maskName, queryRows, runAnalysis, type AnalysisRequest } from '@crmkit/core';
import type { ServerConfig } from './config.js';
import { authenticator, mayRead, type Authenticate, type Principal } from './auth.js';
import { NativeEngine, isInterrupt } from './native-engine.js';
import { loadDatasets, needsTransactions, type ServedDataset } from './datasets.js';
import { ClauseTables } from './clauses.js';
import { ResultCache, type KeptAnswer } from './results.js';

const gzip = promisify(gzipCb);
export const ARROW_TYPE = 'application/vnd.apache.arrow.stream';

export type Logger = (fields: Record<string, unknown>) => void;

/** One JSON line per event on stdout. */
export const jsonLogger: Logger = (fields) => process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...fields }) + '\n');

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Queries at once, and a bounded line of waiting ones. */
class Gate {
  running = 0;
  private waiting: (() => void)[] = [];
  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}
  get queued(): number {
    return this.waiting.length;
  }
  /** Resolves with a release function; rejects with 503 when the line is full, or when `signal` aborts while waiting. */
  async enter(signal: AbortSignal): Promise<() => void> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.maxWaiting) throw new HttpError(503, 'busy', `The server is busy: ${this.running} queries are running and ${this.waiting.length} waiting. Try again shortly.`, { running: this.running, waiting: this.waiting.length });
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal.removeEventListener('abort', drop);
          resolve();
        };
        const drop = () => {
          this.waiting = this.waiting.filter((w) => w !== go);
          reject(signal.reason);
        };
        this.waiting.push(go);
        signal.addEventListener('abort', drop, { once: true });
      });
    }
    this.running++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      this.waiting.shift()?.();
    };
  }
}

/** Options that make an analysis read the raw transactions (windows and dates other than the data's). */
const TRANSACTION_OPTIONS = ['window', 'asOf', 'compareTo', 'days'];
/** Analyses that always read the raw transactions (lifecycle stages at the data's as-of need only first and last orders). */
const TRANSACTION_ANALYSES = ['customer-card', 'kpis', 'customer-value', 'customer-value-validation', 'tags'];

function checkFactsOnly(d: ServedDataset, req: AnalysisRequest): void {
  if (!d.factsOnly) return;
  const uses = (a: string, o: Record<string, unknown>) => TRANSACTION_ANALYSES.includes(a) || TRANSACTION_OPTIONS.some((k) => o[k] !== undefined && o[k] !== null && o[k] !== '');
  const clauseUses = (cs: AnalysisRequest['clauses']): boolean =>
    cs.some((c) => (c.kind === 'stage' && !!c.at) || c.kind === 'transition' || c.kind === 'value-group' || c.kind === 'tags' || ('options' in c && uses('', c.options)) || ('within' in c && clauseUses(c.within ?? [])));
  if (uses(req.analysis, req.options) || clauseUses(req.clauses)) throw needsTx(d, req.analysis);
}

function needsTx(d: ServedDataset, analysis: string): HttpError {
  const detail = { dataset: d.name, analysis };
  return new HttpError(400, 'needs-transactions', new CrmError('needs-transactions', detail).message, detail);
}

export interface CrmServer {
  readonly server: Server;
  readonly engine: NativeEngine;
  readonly datasets: Map<string, ServedDataset>;
  /** Resolves with the port once listening. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/** Start the engine, load the data sets, and make the HTTP server (call `listen()`). */
export async function createCrmServer(config: ServerConfig, log: Logger = jsonLogger, authenticate?: Authenticate): Promise<CrmServer> {
  const started = Date.now();
  const engine = await NativeEngine.create({ ...config.engine });
  const datasets = await loadDatasets(engine, config.datasets, config.limits.maxFileBytes, log);
  const auth = authenticate ?? (await authenticator(config.auth));
  const clauseTables = new Map([...datasets.values()].map((d) => [d.name, new ClauseTables(engine, d.ds)]));
  const gate = new Gate(config.limits.concurrentQueries, config.limits.queuedQueries);
  const answers = new ResultCache(config.limits.resultCacheBytes);
  const origins = new Set(config.cors.origins);

  const describe = (d: ServedDataset) => ({
    name: d.name,
    factsOnly: d.factsOnly,
    fields: [...d.ds.fields],
    customerFields: [...d.ds.customerFields],
    minDate: d.ds.minDate,
    maxDate: d.ds.maxDate,
    asOf: d.ds.asOf,
    rows: d.ds.rows,
    customerCount: d.ds.customerCount,
  });

  /** CORS: true when the request may go on (no Origin, or an allowed one). */
  function cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    if (!origins.has('*') && !origins.has(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Expose-Headers', 'X-Crmkit-Ms, X-Request-Id');
    return true;
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported-media-type', 'Send the request as application/json.');
    const max = config.limits.maxBodyBytes;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > max) throw new HttpError(413, 'too-large', `The request is ${declared} bytes, above the limit of ${max}.`, { size: declared, limit: max });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > max) throw new HttpError(413, 'too-large', `The request is more than ${max} bytes, the limit.`, { size, limit: max });
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid-json', 'The request body is not valid JSON.');
    }
  }

  function sendJSON(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  /**
   * For users without the PII right, names are masked too (core has already masked e-mails, phones,
   * addresses and birthdays with `maskPii`): pii.ts's `maskName`.
   */
  function maskNames(analysis: string, result: unknown): unknown {
    const name = (row: Record<string, unknown>) => ('name' in row ? { ...row, name: maskName(row.name as string | null) } : row);
    if (analysis === 'customer-list') {
      const r = result as { rows: Record<string, unknown>[] };
      return { ...r, rows: r.rows.map(name) };
    }
    if (analysis === 'customer-card') {
      const r = result as { profile: Record<string, unknown> };
      return { ...r, profile: name(r.profile) };
    }
    return result;
  }

  async function query(req: IncomingMessage, res: ServerResponse, who: Principal, ctx: Record<string, unknown>): Promise<void> {
    const body = await readBody(req);
    let request: AnalysisRequest;
    try {
      request = checkRequest(body);
    } catch (e) {
      const err = asCrmError(e);
      throw new HttpError(400, err.code, err.message, { ...err.detail });
    }
    Object.assign(ctx, { dataset: request.dataset, analysis: request.analysis });
    if (!mayRead(who, request.dataset)) throw new HttpError(403, 'forbidden', `${who.user} may not read the data set "${request.dataset}".`, { dataset: request.dataset });
    const d = datasets.get(request.dataset);
    if (!d) throw new HttpError(404, 'not-found', `There is no data set "${request.dataset}".`, { dataset: request.dataset });
    checkFactsOnly(d, request);

    const gzipOk = /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
    const send = async (kept: KeptAnswer, cached: boolean) => {
      const headers: Record<string, string | number> = { 'Content-Type': ARROW_TYPE, 'Cache-Control': 'no-store', 'X-Crmkit-Ms': cached ? 0 : kept.ms };
      let bytes = kept.bytes;
      if (gzipOk) {
        if (!kept.gzipped) answers.grew(kept, await gzip(kept.bytes));
        bytes = kept.gzipped!;
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = bytes.byteLength;
      Object.assign(ctx, { queryMs: cached ? 0 : kept.ms, bytes: bytes.byteLength, ...(cached ? { cached: true } : {}) });
      res.writeHead(200, headers);
      res.end(bytes);
    };
    // The data set does not change while the server runs: the same request has the same answer.
    const key = ResultCache.key(d.name, request.analysis, request.options, request.clauses, who.pii);
    const kept = answers.get(key);
    if (kept) return send(kept, true);

    // Stop when the client goes away or the time is up; DuckDB is interrupted either way.
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort(new HttpError(499, 'cancelled', 'The client went away.'));
    };
    res.on('close', onClose);
    const timer = setTimeout(
      () => abort.abort(new HttpError(504, 'timeout', `The query took longer than ${config.limits.timeoutMs} ms and was stopped.`, { limit: config.limits.timeoutMs })),
      config.limits.timeoutMs,
    );
    let release: (() => void) | undefined;
    try {
      release = await gate.enter(abort.signal);
      const t0 = performance.now();
      let result: unknown;
      try {
        result = await engine.withConnection(abort.signal, () => runAnalysis(d.ds, request, { pii: who.pii, factsOnly: d.factsOnly }, (c) => clauseTables.get(d.name)!.predicate(c)));
      } catch (e) {
        if (abort.signal.aborted) throw abort.signal.reason;
        if (needsTransactions(e, d)) throw needsTx(d, request.analysis);
        const err = asCrmError(e);
        // Bad options and rules, and data that cannot support a model fit: the caller's to mend, with the facts to say so.
        if (['invalid-option', 'missing-column', 'invalid-value', 'invalid-rule', 'model-fit'].includes(err.code)) throw new HttpError(400, err.code, err.message, { ...err.detail });
        throw e;
      }
      if (abort.signal.aborted) throw abort.signal.reason;
      if (!who.pii) result = maskNames(request.analysis, result);
      const answer: KeptAnswer = { bytes: encodeResult(result), ms: Math.round(performance.now() - t0) };
      answers.set(key, answer);
      await send(answer, false);
    } finally {
      clearTimeout(timer);
      res.off('close', onClose);
      release?.();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const id = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ctx: Record<string, unknown> = { level: 'info', msg: 'request', id, method: req.method, path: url.pathname };
    res.setHeader('X-Request-Id', id);
    try {
      if (!cors(req, res)) throw new HttpError(403, 'forbidden', `The origin ${req.headers.origin} is not allowed.`, { origin: req.headers.origin });
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Max-Age': '600' });
        res.end();
        return;
      }
      if (url.pathname === '/health' && req.method === 'GET') {
        const mem = await queryRows<{ bytes: number }>(engine, 'SELECT coalesce(sum(memory_usage_bytes), 0) AS bytes FROM duckdb_memory()').catch(() => [{ bytes: -1 }]);
        sendJSON(res, 200, {
          status: 'ok',
          uptimeS: Math.round((Date.now() - started) / 1000),
          datasets: datasets.size,
          queries: { running: gate.running, waiting: gate.queued },
          memory: { rss: process.memoryUsage().rss, duckdb: Number(mem[0].bytes) },
        });
        return;
      }
      const routes: Record<string, string> = { '/v1/datasets': 'GET', '/v1/query': 'POST' };
      if (!(url.pathname in routes)) throw new HttpError(404, 'not-found', `No such path: ${url.pathname}`);
      if (req.method !== routes[url.pathname]) throw new HttpError(405, 'method-not-allowed', `${url.pathname} takes ${routes[url.pathname]}.`);
      let who: Principal | null = null;
      try {
        who = await auth(req);
      } catch (e) {
        log({ level: 'warn', msg: 'authenticate failed', id, error: String((e as Error)?.message ?? e) });
      }
      if (!who) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="crmkit"');
        throw new HttpError(401, 'unauthorized', 'Sign in: the request has no valid credentials.');
      }
      ctx.user = who.user;
      if (url.pathname === '/v1/datasets') {
        sendJSON(res, 200, { datasets: [...datasets.values()].filter((d) => mayRead(who, d.name)).map(describe) });
        return;
      }
      await query(req, res, who, ctx);
    } catch (e) {
      let err: HttpError;
      if (e instanceof HttpError) err = e;
      else if (isInterrupt(e)) err = new HttpError(499, 'cancelled', 'The query was interrupted.');
      else {
        const c = asCrmError(e);
        err = new HttpError(500, c.code ?? 'query', c.message, {});
        ctx.level = 'error';
        ctx.error = String((e as Error)?.stack ?? e);
      }
      ctx.code = err.code;
      if (err.status >= 400 && err.status < 500 && ctx.level === 'info') ctx.level = 'warn';
      if (!res.headersSent && !res.destroyed) {
        sendJSON(res, err.status, { error: { code: err.code, message: err.message, ...err.detail } });
        // The rest of a body that was too large is not read: close the connection after answering.
        if (err.status === 413) res.once('finish', () => req.destroy());
      }
      ctx.status = err.status;
    } finally {
      ctx.status ??= res.statusCode;
      ctx.ms = Math.round(performance.now() - t0);
      log(ctx);
    }
  }

  const server = createHttpServer((req, res) => void handle(req, res));
  server.requestTimeout = config.limits.timeoutMs + 10_000;
  server.headersTimeout = 20_000;

  return {
    server,
    engine,
    datasets,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const addr = server.address();
          const port = typeof addr === 'object' && addr ? addr.port : config.port;
          log({ level: 'info', msg: 'listening', host: config.host, port, datasets: [...datasets.keys()], threads: config.engine.threads });
          resolve(port);
        });
      }),
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await engine.close();
    },
  };
}
