import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  CrmError,
  Coordinator,
  asCrmError,
  loadCancelled,
  buildDataset,
  buildFactsDataset,
  openRemoteDataset,
  type ColumnMapping,
  type DataInput,
  type Dataset,
  type Encoding,
  type Engine,
  type Format,
  type LoadProgress,
  type LoadResult,
  type RowRule,
  type LoadOptions,
  type FilePart,
  type PhoneRegion,
  mergeIdentities,
  type Selection,
  type SelectionClause,
  eventRows,
  eventsStaging,
  prepareEvents,
} from '@crmkit/core';
import { CrmElement } from '../internal/crm-element.js';
import { combineTransactions, getEngine, loadData, onEngineLost, rowRules } from '../internal/engine.js';
import { COMMON } from '../i18n/common.js';
import { resolveLang, translate } from '../i18n/locale.js';
import { formatter } from '../i18n/format.js';
import { errorBox } from '../internal/error-box.js';
import type { CrmErrorEventDetail, CrmLoadDetail, CrmSelectDetail } from '../events.js';
import { sourceStyles } from './source.styles.js';
import type { CrmFile, CrmFileSpec } from './file.js';
import { SOURCE_MESSAGES, type SourceMessageKey } from './source.messages.js';

export type SourceState = 'idle' | 'loading' | 'ready' | 'error';

/** What a widget hears from its source. */
export interface SourceSnapshot {
  state: SourceState;
  /** The loaded data set (tables in the engine and their description). */
  dataset?: Dataset;
  error?: CrmError;
}

let counter = 0;
const mb = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.ceil(n / 1e3)} kB`);

/**
 * @summary Loads customers' transactions (CSV, Parquet, JSON, Arrow; URL, file or JS rows) into the in-page engine.
 *
 * @attr src - URL of the transactions file.
 * @attr customers - URL of a customer-profile file (optional).
 * @attr events - URL of an events file (visitor or customer id, event, timestamp; optional channel, campaign, properties) for `<crm-conversion-funnel>`; the `events` property also takes JS rows or a File. Its columns are mapped with `events-map-<column>`, e.g. events-map-timestamp="time".
 * @attr format - csv | parquet | json | arrow | auto (default: detected).
 * @attr encoding - auto | utf-8 | big5 | gbk | gb18030 | utf-16le | … (default: detected).
 * @attr delimiter - CSV delimiter (default: detected).
 * @attr date-format - strptime format for non-ISO dates, e.g. %d/%m/%Y.
 * @attr decimal - the decimal mark of numbers written as text: . (default) or , for amounts like 1.234,50 or 219,97 (the dot then groups thousands).
 * @attr time-zone - IANA zone in which timestamps (Parquet/Arrow instants, JS Dates) become order dates, e.g. Asia/Taipei (default UTC). Dates written as text keep their date.
 * @attr on-invalid - error (default) | skip: leave unreadable rows out and report them.
 * @attr on-duplicate - keep (default) | drop: rows equal in every column to an earlier row (always counted in crm-load).
 * @attr max-bytes - largest input accepted (default 1.5 GB); bigger ones stop with a clear message before reading. A gzip file (.gz, or Content-Encoding: gzip) is decompressed in the page; the limit counts decompressed bytes.
 * @attr exclude - row rules: transactions rows to leave out, e.g. `order_id starts-with C` (ops =, in (…), starts-with, between … and …, from, to; `;` between rules). crm-load reports the rows each rule removed.
 * @attr keep - row rules: keep only the transactions rows that match, e.g. `country = United Kingdom`.
 * @attr map-<column> - the file's header for a crmkit column, e.g. map-amount="TotalPrice".
 * @attr droppable - show a drop zone for a file.
 * @attr quiet - hide the one-line summary once loaded (progress and errors still show).
 * @attr facts - URL of a precomputed per-customer table (docs/warehouse.sql's output: customer_id, orders, lines, revenue, cost, profit, quantity, first_order, last_order; CSV, Parquet or JSON) to load instead of transactions. The pyramid, RFM, Pareto curve, matrix and list work on it; analyses that need the transactions answer needs-transactions.
 * @attr server - URL of a crmkit server (`@crmkit/server`): the data stays there and every widget's analysis runs there (use with `dataset`; `src` is then ignored).
 * @attr dataset - the data set's name on that server.
 * @attr token - bearer token for the server (or set the `serverFetch` property, e.g. to send the intranet's session cookie).
 * @attr merge-identities - merge customer-register records that are the same person (normalised email, normalised phone, or the `idMap` property) into one customer; crm-load's `identity` lists every merge and every conflict.
 * @attr phone-region - TW (default) | CN: the country of phone numbers written without a country code.
 *
 * @event crm-load - `CrmLoadDetail`: loaded.
 * @event crm-error - `CrmErrorEventDetail`: the data could not be loaded, and why (`code: 'cancelled'` after cancel()).
 * @event crm-progress - loading progress.
 * @event crm-select - the shared selection changed; `reason: 'new-data'` with `removed` when a load took out clauses worked out on the old data.
 *
 * @csspart base - the status line.
 * @csspart progress - the progress bar.
 * @csspart error - the error box.
 * @csspart summary - the loaded summary.
 * @csspart dropzone - the drop zone.
 */
export class CrmSource extends CrmElement {
  static override styles = sourceStyles;

  @property() src = '';
  /** A precomputed per-customer table to load instead of transactions (see `facts` above). */
  @property() facts = '';
  @property() customers = '';
  @property() format: Format = 'auto';
  @property() encoding: Encoding = 'auto';
  @property() delimiter = '';
  @property({ attribute: 'date-format' }) dateFormat = '';
  /** `,` reads number text with a decimal comma (1.234,50 → 1234.5); default `.`. */
  @property() decimal = '';
  @property({ attribute: 'time-zone' }) timeZone = '';
  @property({ attribute: 'on-invalid' }) onInvalid: 'error' | 'skip' = 'error';
  @property({ attribute: 'on-duplicate' }) onDuplicate: 'keep' | 'drop' = 'keep';
  @property({ attribute: 'max-bytes', type: Number }) maxBytes?: number;
  /** Row rules leaving rows out of the transactions, e.g. `order_id starts-with C` (`;` between rules). */
  @property() exclude = '';
  /** Row rules keeping only matching rows, e.g. `country in (France, Germany)` or `order_date between 2011-01-01 and 2011-06-30`. */
  @property() keep = '';
  /** Row rules as data (after those of `exclude` and `keep`): `{ action, column, op, value | values | from/to }`. */
  @property({ attribute: false }) rules: readonly RowRule[] = [];
  /** More transactions files (after `src` and the `<crm-file>` children), each with its own mapping, rules and channel. */
  @property({ attribute: false }) files: readonly CrmFileSpec[] = [];
  @property({ type: Boolean, reflect: true }) droppable = false;
  @property({ type: Boolean, reflect: true }) quiet = false;
  /** Transactions as JS row objects. */
  @property({ attribute: false }) data?: readonly Record<string, unknown>[];
  /** A dropped or picked file. */
  @property({ attribute: false }) file?: Blob;
  /** Customer profiles as JS rows. */
  @property({ attribute: false }) customersData?: readonly Record<string, unknown>[];
  /** Events: a URL (the `events` attribute), JS rows or a File. */
  @property() events: string | readonly Record<string, unknown>[] | Blob = '';
  /** Explicit mapping (merged over map-* attributes). */
  @property({ attribute: false }) mapping: ColumnMapping = {};
  /** URL of a crmkit server serving the data (see `dataset`). */
  @property() server = '';
  /** The data set's name on the server (`dataset`: the property `dataset` is the element's data attributes). */
  @property({ attribute: 'dataset' }) datasetName = '';
  /** Bearer token for the server. */
  @property() token = '';
  /** Merge register records that are the same person (same email, same phone, or the id map) into one customer. */
  @property({ type: Boolean, attribute: 'merge-identities' }) mergeIdentities = false;
  /** Country of phone numbers written without a country code: TW (default) or CN. */
  @property({ attribute: 'phone-region' }) phoneRegion: PhoneRegion = 'TW';
  /** Ids that are the same customer, e.g. a store card and a web account: `[{ from: 'S123', to: 'W456' }]`. */
  @property({ attribute: false }) idMap: readonly { from: string; to: string }[] = [];
  /** The fetch used for the server (default: the page's), e.g. `(u, i) => fetch(u, { ...i, credentials: 'include' })`. */
  @property({ attribute: false }) serverFetch?: typeof fetch;

  @state() private progress?: LoadProgress;
  @state() private dragOver = false;
  @state() private engineStarting = false;

  /** Current state. */
  @state() state: SourceState = 'idle';
  error?: CrmError;
  lastLoad?: LoadResult;

  private readonly tablePrefix = `s${++counter}_`;
  /**
   * What this element is a view of: the engine, the data set, the shared
   * selection and its tables, the caches, and the widgets as its clients.
   */
  readonly coordinator = new Coordinator({
    prefix: this.tablePrefix,
    loading: () => this.state === 'loading',
    onSelect: ({ clauses, removed, reason }) =>
      this.emit<CrmSelectDetail>('crm-select', { client: 'source', clause: null, clauses, ...(reason ? { removed: removed ?? [], reason } : {}) }),
    onClauseError: (err) => this.emit<CrmErrorEventDetail>('crm-error', { message: err.message, code: err.code, ...err.detail, source: this.localName }),
  });
  private listeners = new Set<(s: SourceSnapshot) => void>();
  private abort?: AbortController;
  private run = 0;
  private version = 0;
  /** Taken off the page: load stopped, tables dropped; added back, it loads again. */
  private removed = false;
  private attrObserver?: MutationObserver;
  private filesObserver?: MutationObserver;
  private offEngineLost?: () => void;
  private loadQueued = false;

  /** The loaded data set (tables in the engine and their description), with the selection worked out on it. */
  get model(): Dataset | undefined {
    return this.coordinator.dataset;
  }

  /** The shared cross-filter selection of every widget bound to this source. */
  get selection(): Selection {
    return this.coordinator.selection;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.attrObserver = new MutationObserver((records) => {
      if (records.some((r) => r.attributeName?.startsWith('map-'))) this.queueLoad();
      // Widgets look sources up by id when they change: one that gets (or changes) its id is found.
      if (records.some((r) => r.attributeName === 'id')) announce('crm-source-connected', this);
    });
    this.attrObserver.observe(this, { attributes: true });
    // <crm-file> children added, removed or changed: load again.
    this.filesObserver = new MutationObserver((records) => {
      const isFile = (n: Node) => n.nodeName === 'CRM-FILE';
      if (records.some((r) => (r.type === 'attributes' ? isFile(r.target) && r.target.parentNode === this : [...r.addedNodes, ...r.removedNodes].some(isFile)))) this.queueLoad();
    });
    this.filesObserver.observe(this, { childList: true, subtree: true, attributes: true });
    this.offEngineLost = onEngineLost(() => this.engineLost());
    if (this.removed) {
      // Added back after it was taken off the page: its data was dropped, so it loads again.
      this.removed = false;
      this.queueLoad();
    }
    announce('crm-source-connected', this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.attrObserver?.disconnect();
    this.filesObserver?.disconnect();
    this.offEngineLost?.();
    // Moved within the page (taken off and put back in the same task): keep everything. Otherwise it is gone.
    queueMicrotask(() => {
      if (!this.isConnected) this.teardown();
    });
  }

  /**
   * The source left the page: its load stops (no event follows), every clause
   * goes, its widgets hear that it is gone (they look for another source of the
   * same id), and once the load has stopped, every table it made leaves the
   * engine: transactions, customers, the per-customer table, cached
   * assignments and selection tables.
   */
  private teardown(): void {
    if (this.removed) return;
    this.removed = true;
    this.abort?.abort();
    this.run++; // the stopped run's late result or error is dropped
    this.lastLoad = undefined;
    this.error = undefined;
    this.progress = undefined;
    this.engineStarting = false;
    this.state = 'idle';
    // Every clause goes; after the load in flight has stopped (it drops its own scratch tables) every table
    // of this source leaves the engine. A load after re-adding waits for this.
    this.coordinator.teardown();
    this.notify();
    announce('crm-source-disconnected', this);
  }

  /**
   * The engine stopped and took this source's tables with it. Loaded data is
   * loaded again into a new engine; a load that was running fails by itself
   * with the engine's message (it may be what stopped the engine).
   */
  private engineLost() {
    if (this.state !== 'ready') return;
    this.coordinator.clearDataset();
    void this.load();
  }

  /** Listen to state changes; called at once with the current state. Returns an unsubscribe function. */
  subscribe(fn: (s: SourceSnapshot) => void): () => void {
    this.listeners.add(fn);
    fn(this.snapshot());
    return () => this.listeners.delete(fn);
  }

  /**
   * Replace this client's part of the selection; resolves once the other widgets have been told
   * (during a load: once the new data is in and the clause worked out on it). See `Coordinator.select`.
   */
  select(clause: SelectionClause): Promise<void> {
    return this.coordinator.select(clause);
  }

  /**
   * Resolves once the load in progress and every selection change asked for
   * so far have been worked out (the widgets have then been told; their own
   * queries may still run: a widget's `updateComplete` waits for both).
   */
  settled(): Promise<void> {
    return this.coordinator.settled();
  }

  /** The clause a client last chose (also while it is still being applied), for its own highlighting and toggling. */
  clauseOf(client: string): SelectionClause | undefined {
    return this.coordinator.clauseOf(client);
  }

  /** Remove one client's clause, or every clause. */
  clearSelection(client?: string): void {
    this.coordinator.clearSelection(client);
  }

  /**
   * Stop a load in progress: the source shows the cancelled state and emits
   * `crm-error` with `code: 'cancelled'` at once; the engine stops at its
   * next step. Does nothing when not loading.
   */
  cancel(): void {
    if (this.state !== 'loading') return;
    this.abort?.abort();
    this.run++; // the cancelled run's late result or error is dropped
    const file = this.inputName();
    this.fail(loadCancelled(file));
  }

  /** Load again from the current inputs. */
  reload(): Promise<void> {
    return this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['src', 'facts', 'customers', 'format', 'encoding', 'delimiter', 'dateFormat', 'decimal', 'timeZone', 'onInvalid', 'onDuplicate', 'maxBytes', 'exclude', 'keep', 'rules', 'files', 'mergeIdentities', 'phoneRegion', 'idMap', 'data', 'file', 'customersData', 'events', 'mapping', 'server', 'datasetName', 'token', 'serverFetch'] as const;
    if (inputs.some((k) => changed.has(k))) this.queueLoad();
  }

  private queueLoad() {
    if (this.loadQueued) return;
    this.loadQueued = true;
    queueMicrotask(() => {
      this.loadQueued = false;
      void this.load();
    });
  }

  private snapshot(): SourceSnapshot {
    return { state: this.state, dataset: this.model, error: this.error };
  }

  private notify() {
    const s = this.snapshot();
    for (const fn of this.listeners) fn(s);
  }

  private collectMapping(): ColumnMapping {
    const m: Record<string, string> = {};
    for (const a of Array.from(this.attributes)) {
      if (a.name.startsWith('map-') && a.value.trim() !== '') m[a.name.slice(4).replaceAll('-', '_')] = a.value;
    }
    return { ...m, ...this.mapping };
  }

  private input(): DataInput | undefined {
    if (this.data) return this.data;
    if (this.file) return this.file;
    if (this.facts) return this.facts;
    if (this.src) return this.src;
    // Several files: the first stands for them (load() reads them all).
    return this.fileSpecs()[0]?.input;
  }

  /** The transactions files besides `src` / `file` / `data`: `<crm-file>` children, then the `files` property. */
  private fileSpecs(): CrmFileSpec[] {
    const children = Array.from(this.children).filter((c): c is CrmFile => c.localName === 'crm-file' && typeof (c as CrmFile).spec === 'function');
    return [...children.map((c) => c.spec()).filter((f): f is CrmFileSpec => f !== undefined), ...(this.files ?? [])];
  }

  /**
   * The transactions: one input as it always was; several files (`src` and `<crm-file>` children or
   * `files`) each loaded with its own mapping, rules and channel, then put in one table, with the
   * rows each pair of files shares counted (see loaders/combine.ts).
   */
  private async loadTransactions(engine: Engine, input: DataInput, common: Omit<LoadOptions, 'table'>, rules: RowRule[]): Promise<LoadResult & Pick<CrmLoadDetail, 'files' | 'overlaps'>> {
    const table = `${this.tablePrefix}transactions`;
    const specs = this.fileSpecs();
    const own = this.data ?? this.file ?? (this.src || undefined);
    if (!specs.length) return loadData(engine, input, { ...common, rules, kind: 'transactions', table });
    const all: CrmFileSpec[] = own !== undefined ? [{ input: own, mapping: common.mapping }, ...specs] : specs;
    const results: (LoadResult & { channel?: string })[] = [];
    const parts: FilePart[] = [];
    for (const [i, f] of all.entries()) {
      const fileRules = [...rules, ...(await rowRules(f.exclude ?? '', f.keep ?? '', f.rules ?? []))];
      const keys = `${table}_k${i}`;
      const r = await loadData(engine, f.input, {
        ...common,
        name: f.name,
        mapping: f.mapping ?? {},
        dateFormat: f.dateFormat ?? common.dateFormat,
        rules: fileRules,
        kind: 'transactions',
        table: `${table}_f${i}`,
        keysTable: keys,
      });
      results.push({ ...r, channel: f.channel });
      parts.push({ table: r.table, keys, fields: r.fields, file: r.file, channel: f.channel });
    }
    const { fields, overlaps } = await combineTransactions(engine, parts, table);
    const sum = (k: 'rows' | 'inputRows' | 'returns' | 'duplicates') => results.reduce((n, r) => n + r[k], 0);
    return {
      ...results[0],
      table,
      file: results.map((r) => r.file).join(' + '),
      fields,
      rows: sum('rows'),
      inputRows: sum('inputRows'),
      returns: sum('returns'),
      duplicates: sum('duplicates'),
      duplicateRows: [],
      rejected: { count: results.reduce((n, r) => n + r.rejected.count, 0), rows: [], reasons: results.flatMap((r) => r.rejected.reasons) },
      rules: results.flatMap((r) => r.rules),
      files: results.map((r) => ({ file: r.file, format: r.format, rows: r.rows, inputRows: r.inputRows, columns: r.columns, mapping: r.mapping, rejected: r.rejected, rules: r.rules, duplicates: r.duplicates, ...(r.channel !== undefined ? { channel: r.channel } : {}) })),
      overlaps,
    };
  }


  private async load(): Promise<void> {
    // Off the page: it loads when it is added (back).
    if (this.removed || !this.isConnected) return;
    if (this.server) return this.loadRemote();
    const input = this.input();
    this.abort?.abort();
    const run = ++this.run;
    // The old data's tables are about to be replaced: nothing may read them or work a clause out on them.
    this.coordinator.retire('new-data');
    if (input === undefined) {
      this.state = 'idle';
      this.notify();
      return;
    }
    const abort = (this.abort = new AbortController());
    const t0 = performance.now();
    this.state = 'loading';
    this.error = undefined;
    this.progress = { phase: 'fetch' };
    this.engineStarting = true;
    this.notify();
    const stale = () => run !== this.run;
    const onProgress = (p: LoadProgress) => {
      if (stale()) return;
      this.progress = p;
      this.emit('crm-progress', p);
    };
    // After the load in flight (two loads never share the engine's tables at once).
    await this.coordinator.load((previous) => this.loadInto(previous, input, abort, onProgress, stale, t0));
  }

  /** The body of a load, once the previous one has stopped. */
  private async loadInto(previous: Promise<unknown>, input: DataInput, abort: AbortController, onProgress: (p: LoadProgress) => void, stale: () => boolean, t0: number): Promise<void> {
    let engine: Engine;
    try {
      await previous;
      if (stale()) return;
      engine = await getEngine();
      this.coordinator.attach(engine);
      this.engineStarting = false;
      if (stale()) return;
      const common = {
        format: this.format,
        encoding: this.encoding,
        delimiter: this.delimiter || undefined,
        dateFormat: this.dateFormat || undefined,
        decimal: (this.decimal.trim() || undefined) as '.' | ',' | undefined,
        timeZone: this.timeZone || undefined,
        onInvalid: this.onInvalid,
        onDuplicate: this.onDuplicate,
        maxBytes: this.maxBytes || undefined,
        mapping: this.collectMapping(),
        signal: abort.signal,
        onProgress,
      };
      if (this.facts && input === this.facts) return await this.loadFacts(engine, input, common, stale, t0);
      // Row rules apply to the transactions (their columns are the transactions file's).
      const rules = await rowRules(this.exclude, this.keep, this.rules ?? []);
      const tx = await this.loadTransactions(engine, input, common, rules);
      if (stale()) return;
      let customersTable: string | undefined;
      let customerFields: string[] = [];
      const cInput = this.customersData ?? (this.customers || undefined);
      if (cInput) {
        const c = await loadData(engine, cInput, { ...common, kind: 'customers', table: `${this.tablePrefix}customers` });
        customersTable = c.table;
        customerFields = c.fields;
      }
      // Records of one person across channels merged into one customer (see identity.ts).
      let identity: CrmLoadDetail['identity'];
      if (this.mergeIdentities && customersTable) {
        const r = await mergeIdentities(
          engine,
          { transactions: tx.table, customers: customersTable, customerFields, mappingTable: `${this.tablePrefix}identity` },
          { idMap: this.idMap, phoneRegion: this.phoneRegion },
        );
        identity = { records: r.records, customers: r.customers, merges: r.merges, conflicts: r.conflicts };
      }
      if (stale()) return;
      let eventsTable: string | undefined;
      const evInput = typeof this.events === 'string' ? this.events.trim() || undefined : this.events;
      if (evInput) {
        const table = `${this.tablePrefix}events`;
        const evMapping = Object.fromEntries(
          Array.from(this.attributes)
            .filter((a) => a.name.startsWith('events-map-') && a.value.trim() !== '')
            .map((a) => [a.name.slice(11).replaceAll('-', '_'), a.value]),
        );
        const e = await loadData(engine, Array.isArray(evInput) ? eventRows(evInput, common.timeZone) : (evInput as DataInput), {
          dateFormat: common.dateFormat,
          timeZone: common.timeZone,
          onInvalid: common.onInvalid,
          maxBytes: common.maxBytes,
          mapping: evMapping,
          signal: common.signal,
          onProgress,
          kind: 'events',
          table: eventsStaging(table),
        });
        if (stale()) return;
        eventsTable = (await prepareEvents(engine, e, table)).table;
      }
      if (stale()) return;
      onProgress({ phase: 'model' });
      const ds = await buildDataset(engine, {
        id: this.tablePrefix,
        transactions: tx.table,
        fields: tx.fields,
        customers: customersTable,
        customerFields,
        version: ++this.version,
        cache: this.coordinator.cache,
      });
      ds.events = eventsTable;
      if (stale()) return;
      // Conditions chosen before or during the load are worked out on the new data before any widget reads it.
      if (!(await this.coordinator.adopt(ds, stale))) return;
      this.lastLoad = tx;
      this.state = 'ready';
      this.progress = undefined;
      this.notify();
      this.emit<CrmLoadDetail>('crm-load', {
        file: tx.file,
        format: tx.format,
        rows: tx.rows,
        columns: tx.columns,
        mapping: tx.mapping,
        customers: ds.customerCount,
        rejected: tx.rejected,
        returns: tx.returns,
        duplicates: tx.duplicates,
        duplicateRows: tx.duplicateRows,
        rules: tx.rules,
        ...(tx.files ? { files: tx.files, overlaps: tx.overlaps } : {}),
        ...(identity ? { identity } : {}),
        encoding: tx.encoding,
        ms: Math.round(performance.now() - t0),
      });
    } catch (e) {
      if (stale()) return;
      this.fail(asCrmError(e));
    }
  }

  /** A precomputed per-customer table instead of transactions (core's facts-table.ts). */
  private async loadFacts(engine: Engine, input: DataInput, common: Omit<LoadOptions, 'kind' | 'table'>, stale: () => boolean, t0: number): Promise<void> {
    const t = await loadData(engine, input, { ...common, kind: 'facts', table: `${this.tablePrefix}facts_input` });
    if (stale()) return;
    common.onProgress?.({ phase: 'model' });
    const ds = await buildFactsDataset(engine, { id: this.tablePrefix, table: t.table, fields: t.fields, name: t.file, version: ++this.version, cache: this.coordinator.cache });
    if (stale() || !(await this.coordinator.adopt(ds, stale))) return;
    this.lastLoad = t;
    this.state = 'ready';
    this.progress = undefined;
    this.notify();
    this.emit<CrmLoadDetail>('crm-load', {
      file: t.file,
      format: t.format,
      rows: t.rows,
      columns: t.columns,
      mapping: t.mapping,
      customers: ds.customerCount,
      rejected: t.rejected,
      returns: 0,
      duplicates: t.duplicates,
      duplicateRows: t.duplicateRows,
      rules: t.rules,
      encoding: t.encoding,
      ms: Math.round(performance.now() - t0),
    });
  }

  /** The data set of a crmkit server: described by the server, analysed there. */
  private async loadRemote(): Promise<void> {
    this.abort?.abort();
    const run = ++this.run;
    this.coordinator.retire('new-data');
    const abort = (this.abort = new AbortController());
    const t0 = performance.now();
    this.state = 'loading';
    this.error = undefined;
    this.progress = { phase: 'fetch' };
    this.engineStarting = false;
    this.notify();
    const stale = () => run !== this.run;
    try {
      const settings = { server: new URL(this.server, document.baseURI).href, dataset: this.datasetName, token: this.token || undefined, fetch: this.serverFetch };
      const ds = await openRemoteDataset(settings, { id: this.tablePrefix, version: ++this.version, signal: abort.signal });
      if (stale()) return;
      if (!(await this.coordinator.adopt(ds, stale))) return;
      this.lastLoad = undefined;
      this.state = 'ready';
      this.progress = undefined;
      this.notify();
      this.emit<CrmLoadDetail>('crm-load', {
        file: `${settings.server}#${settings.dataset}`,
        format: 'server',
        rows: ds.rows,
        columns: [...ds.fields],
        mapping: {},
        customers: ds.customerCount,
        rejected: { count: 0, rows: [], reasons: [] },
        returns: 0,
        duplicates: 0,
        duplicateRows: [],
        rules: [],
        ms: Math.round(performance.now() - t0),
      });
    } catch (e) {
      if (stale()) return;
      this.fail(asCrmError(e));
    }
  }

  /** Show an error and tell the page (and every bound widget) about it. */
  private fail(err: CrmError) {
    this.error = err;
    this.coordinator.clearDataset();
    this.state = 'error';
    this.progress = undefined;
    this.notify();
    this.emit<CrmErrorEventDetail>('crm-error', { message: err.message, code: err.code, ...err.detail, source: this.localName });
  }

  /** The input's name for messages. */
  private inputName(): string {
    if (typeof File !== 'undefined' && this.file instanceof File) return this.file.name;
    if (this.data) return 'the data';
    try {
      return decodeURIComponent(new URL(this.src, document.baseURI).pathname.split('/').pop() || this.src);
    } catch {
      return this.src;
    }
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    this.dragOver = false;
    const f = e.dataTransfer?.files?.[0];
    if (f) {
      this.data = undefined;
      this.file = f;
    }
  }

  private onPick(e: Event) {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) {
      this.data = undefined;
      this.file = f;
    }
  }

  protected override render() {
    const lang = resolveLang(this);
    const t = (k: keyof (typeof COMMON)['en'], p?: Record<string, string | number>) => translate(COMMON, lang, k, p);
    const fmt = formatter(lang);
    const drop = this.droppable
      ? html`<label
          part="dropzone"
          class=${this.dragOver ? 'over' : ''}
          @dragover=${(e: DragEvent) => (e.preventDefault(), (this.dragOver = true))}
          @dragleave=${() => (this.dragOver = false)}
          @drop=${this.onDrop}
          >${t('dropHere')}<input class="visually-hidden" type="file" accept=".csv,.tsv,.txt,.parquet,.json,.ndjson,.arrow,.feather,.gz" @change=${this.onPick}
        /></label>`
      : nothing;
    let body: unknown = nothing;
    const s = (k: SourceMessageKey, p?: Record<string, string | number>) => translate(SOURCE_MESSAGES, lang, k, p);
    if (this.state === 'loading') {
      const p = this.progress;
      // Only the byte-counted phases have a known fraction; the others show an indeterminate bar.
      const value = p?.total && p.loaded !== undefined ? Math.min(1, p.loaded / p.total) : undefined;
      const file = this.inputName();
      const phase = this.engineStarting ? s('phase_engine') : s(`phase_${p?.phase ?? 'fetch'}` as SourceMessageKey, { file });
      const bytes =
        (p?.phase === 'fetch' && p.loaded !== undefined && p.total ? s('bytes', { loaded: mb(p.loaded), total: mb(p.total) }) : '') +
        (p?.decompressed !== undefined ? ' ' + s('decompressed', { size: mb(p.decompressed) }) : '');
      body = html`<span role="status" part="status" data-phase=${this.engineStarting ? 'engine' : (p?.phase ?? 'fetch')}>${t('loadingData', { file })} ${phase} ${bytes}</span>
        <progress part="progress" max="1" .value=${value ?? null} aria-label=${t('loading')}></progress>
        <button type="button" part="cancel" @click=${() => this.cancel()}>${t('cancel')}</button>`;
    } else if (this.state === 'error' && this.error) {
      body = errorBox(lang, this.error);
    } else if (this.state === 'ready' && this.model) {
      const l = this.lastLoad;
      // Several files: row numbers are each file's own, so none are listed.
      const rows = (r: number[], n: number) => (r.length ? r.join(', ') + (n > r.length ? ', …' : '') : '…');
      body = html`<span part="summary">${t('ready', { rows: fmt.number(this.model.rows), customers: fmt.number(this.model.customerCount) })}</span>
        ${l?.rejected.count ? html`<span part="summary rejected" role="status">${s('rejectedRows', { count: fmt.number(l.rejected.count), rows: rows(l.rejected.rows, l.rejected.count) })}</span>` : nothing}
        ${l?.duplicates
          ? html`<span part="summary duplicates">${s(this.onDuplicate === 'drop' ? 'duplicatesDropped' : 'duplicates', { count: fmt.number(l.duplicates), rows: rows(l.duplicateRows, l.duplicates) })}</span>`
          : nothing}
        ${(l?.rules ?? []).map((r) => html`<span part="summary rule">${s('ruleRemoved', { rule: r.text, count: fmt.number(r.removed) })}</span>`)}
        ${l?.returns ? html`<span part="summary returns">${s('returns', { count: fmt.number(l.returns) })}</span>` : nothing}`;
    }
    return html`<div part="base" class=${this.state}>${drop}${body}</div><slot></slot>`;
  }
}

/** Tell widgets on the page that a source came, went, or changed its id: they look their source up again. */
function announce(type: 'crm-source-connected' | 'crm-source-disconnected', source: CrmSource): void {
  document.dispatchEvent(new CustomEvent(type, { detail: source }));
}
