import { html, nothing, render as litRender, type PropertyDeclaration, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import {
  asCrmError,
  attributeOf,
  candidateKeys,
  checkAnalysisOptions,
  MEMO_ANALYSES,
  optionNames,
  optionResets,
  toCSV,
  type Analysis,
  type CrmError,
  type Dataset,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  type PickedClause,
  type SQL,
  type SelectionClause,
  type CoordinatorClient,
  type Filter,
} from '@crmkit/core';
import { download, serializeSVG, svgToPNG } from './export.js';
import { CrmElement } from './crm-element.js';
import type { CrmSource, SourceSnapshot } from '../source/source.js';
import { COMMON, type CommonKey } from '../i18n/common.js';
import { defaultCurrency, intlLocale, normalizeLang, resolveLang, resolveTag, translate, type Lang, type Messages } from '../i18n/locale.js';
import type { ErrorLike } from '../i18n/errors.js';
import { formatter, type Formatter } from '../i18n/format.js';
import { errorBox, errorBoxStyles } from './error-box.js';
import type { CrmErrorEventDetail, CrmSelectDetail } from '../events.js';
import { widgetStyles } from './widget.styles.js';
import { ref } from 'lit/directives/ref.js';
import { numberish } from './converters.js';

/** Lit's declaration of one option's reactive property, from its description. */
export function optionDeclaration(name: string, spec: OptionSpec): PropertyDeclaration {
  const attribute = attributeOf(name, spec);
  const kind = spec.kind ?? 'string';
  return {
    attribute,
    reflect: !!spec.reflect,
    ...(kind === 'number' ? { type: Number } : kind === 'boolean' ? { type: Boolean } : kind === 'numberish' ? { converter: numberish } : {}),
  };
}

/** The options' values as the properties a widget class gets from its analysis (for `interface CrmX extends OptionProps<…>`). */
export type OptionProps<A> = A extends Analysis<infer S, unknown, unknown, unknown> ? OptionValues<S> : A extends { options: infer S extends OptionSpecs } ? OptionValues<S> : never;

/** What `renderChart` gets besides its data. */
export interface RenderContext {
  width: number;
  height: number;
  lang: Lang;
  fmt: Formatter;
}

let clientCounter = 0;

/**
 * Find the source a widget is bound to: `source="id"` (the first `<crm-source>` of that id in the
 * widget's tree, else in the page), else the nearest ancestor, else the page's first. Looked up
 * again whenever a source comes, goes or changes its id.
 */
export function findSource(el: HTMLElement, id: string): CrmSource | undefined {
  if (id) {
    const root = el.getRootNode() as Document | ShadowRoot;
    const sel = `crm-source[id="${CSS.escape(id)}"]`;
    return ((root.querySelector?.(sel) ?? document.querySelector(sel)) as unknown as CrmSource | null) ?? undefined;
  }
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.localName === 'crm-source') return node as unknown as CrmSource;
    if (node instanceof Element && node !== el) {
      const inside = node.querySelector?.(':scope > crm-source');
      if (inside) return inside as unknown as CrmSource;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return (document.querySelector('crm-source') as unknown as CrmSource | null) ?? undefined;
}

/**
 * The base of every analysis widget: binds to a `<crm-source>`, runs the
 * widget's query when the data, the shared selection or the widget's own
 * options change (aborting and dropping stale runs), follows its container's
 * size, and renders the loading, empty and error states.
 *
 * Subclasses name their analysis (`static analysis`, described once in `@crmkit/core`: options, run, pick)
 * and implement `renderChart`, `isEmpty` and `title_`; `fetch`, `runOptions` and `queryKey` may add what the
 * page gives besides the options.
 *
 * @attr source - id of the `<crm-source>` to read (default: the nearest enclosing source, else the page's first).
 * @attr lang - `en`, `zh-Hant` or `zh-Hans` (default: the nearest ancestor's `lang`, else the page's).
 * @attr currency - ISO 4217 code for money, e.g. `TWD`.
 * @attr height - chart height in pixels (default: from the container).
 * @attr theme - `dark` for the built-in dark palette.
 * @attr no-export - hides the CSV, SVG and PNG buttons.
 *
 * @fires crm-error - bad options or a failed query: `code`, `message`, `localizedMessage` and the facts.
 *
 * @csspart header - the title row. @csspart title - the title. @csspart chart - the drawing.
 * @csspart table - the visually hidden data table. @csspart tooltip - the hover and focus details.
 * @csspart export - the export buttons' group. @csspart export-button - one export button.
 * @csspart error - the error box. @csspart error-headline - its one-line summary (Chinese pages).
 * @csspart error-message - its full message. @csspart error-original - the English original (Chinese pages).
 * @csspart empty - the no-data message. @csspart loading - the loading state.
 *
 * @cssprop --crm-font-family - font stack (system UI; Noto Sans TC/SC, PingFang, JhengHei for Chinese).
 * @cssprop --crm-font-size - base size (default 14px).
 * @cssprop --crm-color-text - text (default #1f2937). @cssprop --crm-color-muted - secondary text (default #6b7280).
 * @cssprop --crm-color-surface - background (default #ffffff). @cssprop --crm-color-border - borders (default #e5e7eb).
 * @cssprop --crm-color-primary - accent (default #2563eb). @cssprop --crm-color-focus - focus ring (default #111827).
 * @cssprop --crm-color-danger - error box text and border. @cssprop --crm-color-danger-bg - error box background.
 * @cssprop --crm-radius - corner radius (default 8px). @cssprop --crm-chart-min-height - smallest chart (default 160px).
 * @cssprop --crm-spacing-small - 0.5rem. @cssprop --crm-spacing-medium - 0.75rem. @cssprop --crm-spacing-large - 1.25rem.
 */
export abstract class CrmWidget<TData> extends CrmElement {
  static override styles = [widgetStyles, errorBoxStyles];

  /**
   * The widget's analysis, described once (`@crmkit/core`'s `analysis()`): each option becomes a
   * reactive property with its attribute and default; the query key is the values of the options
   * that re-query; a change of one of them clears the widget's own selection; the options that only
   * redraw are checked before each draw; `fetch` runs the analysis and `pick` turns a click into a clause.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static analysis?: Analysis<any, any, any, any>;

  /** Declares the analysis's options as reactive properties before Lit finalizes the class. */
  protected static override finalize(): void {
    if (Object.prototype.hasOwnProperty.call(this, 'finalized')) return;
    const a = Object.prototype.hasOwnProperty.call(this, 'analysis') ? this.analysis : undefined;
    if (a) for (const [name, spec] of Object.entries(a.options as OptionSpecs)) this.createProperty(name, optionDeclaration(name, spec));
    super.finalize();
  }

  constructor() {
    super();
    // Each option's default, as a class field would set it.
    const a = (this.constructor as typeof CrmWidget).analysis;
    if (a) for (const [name, spec] of Object.entries(a.options as OptionSpecs)) (this as unknown as Record<string, unknown>)[name] = spec.default;
  }

  /** id of the `<crm-source>` to use (default: the enclosing or first one on the page). */
  @property() source = '';
  /** en | zh-Hant | zh-Hans (or any BCP 47 tag); default: the page's language. */
  @property({ reflect: true }) override lang = '';
  /** ISO 4217 currency for money; default: the one of the page's region (see `defaultCurrency`). */
  @property() currency = '';
  /** Chart height in px (width follows the container). */
  @property({ type: Number }) height = 320;
  /** Hide the CSV / SVG / PNG export buttons. */
  @property({ type: Boolean, attribute: 'no-export', reflect: true }) noExport = false;
  /** `dark` switches the built-in dark palette; any other theme comes from `--crm-*` properties. */
  @property({ reflect: true }) theme: '' | 'auto' | 'light' | 'dark' = '';
  /** Level of the widget's title in the page's outline (`aria-level` of its heading), 1–6; default 3. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 3;

  @state() protected snap: SourceSnapshot = { state: 'idle' };
  @state() protected width = 0;
  @state() private selectionKey = '';
  /** The source this widget showed left the page, and no other was found. */
  @state() private sourceGone = false;

  protected src?: CrmSource;
  /** This widget's id in the shared selection. */
  readonly clientId = `${this.localName}-${++clientCounter}`;
  /**
   * This widget as a client of its source's coordinator: it queries its
   * analysis for the filter it is given, and hears when the other widgets'
   * selection (its filter) changed.
   */
  private readonly client: CoordinatorClient<TData> = {
    clientId: this.clientId,
    query: (ds, filter, signal) => this.fetch(ds, filter, signal),
    queryStale: (why) => {
      if (why !== 'filter' || !this.src) return;
      // Re-query only when the others' clauses change; a change of this widget's own clause only redraws it.
      this.selectionKey = this.src.coordinator.filterKey(this.clientId);
      this.requestUpdate();
    },
    // Its result depends on the data, its query options and the filter alone (the analyses of MEMO_ANALYSES): kept per filter.
    queryKey: () => {
      const a = this.analysis;
      return a && MEMO_ANALYSES.has(a.name) ? JSON.stringify([a.name, ...this.queryKey()]) : undefined;
    },
    // The groups its drawn marks offer to a click, as clauses (worked out ahead when the pointer enters it).
    candidates: async (ds) => {
      const a = this.analysis;
      const v = this.value;
      if (!a?.pick || v === undefined || !this.src) return [];
      const filter = this.filter();
      const out: Pick<SelectionClause, 'predicate' | 'kind'>[] = [];
      for (const key of candidateKeys(a.name, v)) {
        try {
          const c = await a.pick(ds, this.optionValues(), key, filter);
          out.push({ predicate: c.predicate, kind: c.kind });
        } catch {
          /* a click on it reports the error */
        }
      }
      return out;
    },
  };
  /** A pointer (or the focus) came in: what a click here would need is worked out ahead. */
  private onEnter = () => void this.src?.coordinator.prefetch(this.clientId);
  private unsubscribe?: () => void;
  private resizer?: ResizeObserver;
  private resizeFrame = 0;
  private lastError?: unknown;
  private onSourcesChanged = () => this.bind();

  /** The widget's messages (merged over the common ones). */
  protected abstract messages: Messages<string>;

  /** The widget's analysis (the class's `static analysis`). */
  protected get analysis(): Analysis<OptionSpecs, unknown, unknown, Record<string, unknown>> | undefined {
    return (this.constructor as typeof CrmWidget).analysis;
  }

  /** The options' current values, keyed by property (what the analysis runs with). */
  protected optionValues(): Record<string, unknown> {
    const specs = (this.analysis?.options ?? {}) as OptionSpecs;
    return Object.fromEntries(Object.keys(specs).map((k) => [k, (this as unknown as Record<string, unknown>)[k]]));
  }

  /** What a run gets: the options' values, and what the page adds besides them (a widget may add e.g. the list's labels). */
  protected runOptions(_ds: Dataset): Record<string, unknown> {
    return this.optionValues();
  }

  /** Values of the widget's own options that change its query: those of its analysis that re-query. */
  protected queryKey(): unknown[] {
    const specs = (this.analysis?.options ?? {}) as OptionSpecs;
    return optionNames(specs, 'query').map((k) => (this as unknown as Record<string, unknown>)[k]);
  }

  /** Query the data: the analysis's run. `filter` is the other widgets' selection, a predicate over the per-customer table. */
  protected fetch(ds: Dataset, filter: SQL, signal: AbortSignal): Promise<TData> {
    const a = this.analysis;
    if (!a) throw new Error(`${this.localName} has no analysis`);
    // The options' own checks first (those the analysis's settings do not make again are cheap).
    checkAnalysisOptions(a.options, this.optionValues(), 'query');
    return a.run(ds, this.runOptions(ds), filter, signal) as Promise<TData>;
  }

  /** A bad option that only redraws: shown instead of the chart and sent once in `crm-error`. */
  @state() private drawError?: CrmError;
  private drawErrorKey = '';

  /** Send `crm-error` for `e`: its code and every fact of its detail (the one place widgets report an error). */
  protected emitError(e: unknown, context?: string): void {
    const err = asCrmError(e, context);
    this.emit<CrmErrorEventDetail>('crm-error', { message: err.message, code: err.code, ...err.detail, source: this.localName });
  }

  /**
   * Select the group `key` (a tier, a segment, a stage, a range of ranks, a quadrant…) through the analysis's
   * `pick`; `null` or `same` (the group already selected) clears; `value` is what the clause keeps for the widget
   * (default: the key). A refused pick is reported with `emitError`.
   */
  protected selectGroup(key: unknown, label: () => string, same = false, value: unknown = key): void | Promise<void> {
    const ds = this.snap.dataset;
    const a = this.analysis;
    if (key === null || key === undefined || !ds || same || !a?.pick) {
      this.setSelection(null);
      return;
    }
    const apply = (c: PickedClause) => this.setSelection({ predicate: c.predicate, label: label(), value, condition: c.condition, kind: c.kind });
    try {
      const c = a.pick(ds, this.optionValues(), key, this.filter());
      // A pick worked out at once (most) selects at once; one that queries first (the conversion funnel's) when it is done.
      if (c instanceof Promise) return c.then(apply, (e) => this.emitError(e));
      apply(c);
    } catch (e) {
      this.emitError(e);
    }
  }


  /**
   * What selecting the group `key` would need, worked out ahead (the coordinator's `prefetchClause`): for a
   * selection of no fixed group known before it is made (a range being dragged). Errors are left to the selection.
   */
  protected async prefetchPick(key: unknown): Promise<void> {
    const ds = this.snap.dataset;
    const a = this.analysis;
    const coordinator = this.src?.coordinator;
    if (!ds || !a?.pick || !coordinator || ds !== this.src?.model) return;
    try {
      // Most picks are worked out at once: the coordinator hears of it in this same event (before a release can come).
      const p = a.pick(ds, this.optionValues(), key, this.filter());
      const c = p instanceof Promise ? await p : p;
      await coordinator.prefetchClause(this.clientId, { predicate: c.predicate, kind: c.kind });
    } catch {
      /* selecting it reports the error */
    }
  }

  /** Draw the data. */
  protected abstract renderChart(data: TData, ctx: RenderContext): unknown;

  /** True when there is nothing to draw. */
  protected abstract isEmpty(data: TData): boolean;

  /** Title shown in the header and used as the chart's accessible name. */
  protected abstract title_(): string;

  protected readonly task = new Task(this, {
    task: async ([snap], { signal }) => {
      const s = snap as SourceSnapshot;
      const src = this.src;
      // Only the data loaded now, with the selection worked out on it (both change together in the source).
      if (!src || s.state !== 'ready' || !s.dataset || s.dataset !== src.model) return undefined;
      try {
        // Through the coordinator: the filter is its, and a result for data no longer in force is refused (undefined).
        return await src.coordinator.requestQuery(this.client, signal);
      } catch (e) {
        // The data went meanwhile (a reload, or the source left): not this widget's error to show.
        if (this.src !== src || src.model !== s.dataset) return undefined;
        throw e;
      }
    },
    args: () => [this.snap, this.selectionKey, ...this.queryKey()] as unknown[],
  });

  /** The latest result, if any. */
  get value(): TData | undefined {
    return this.task.value as TData | undefined;
  }

  /** Resolves when the current query has finished (for tests and hosts). */
  get updateComplete(): Promise<boolean> {
    return super.updateComplete.then(async (r) => {
      // A click elsewhere may still be worked out by the source: wait for it, so the query that follows is this one.
      await this.src?.settled();
      try {
        await this.task.taskComplete;
      } catch {
        /* rendered as an error */
      }
      const again = await super.updateComplete;
      return r && again;
    });
  }

  /**
   * The language, locale tag and formatter, worked out once per update: each looks the page's language up
   * through the element's ancestors, and a draw asks for them hundreds of times (a label, a cell, a number).
   */
  private perUpdate?: { lang?: Lang; tag?: string; fmt?: Formatter };

  protected override update(changed: PropertyValues<this>): void {
    this.perUpdate = {};
    try {
      super.update(changed);
    } finally {
      this.perUpdate = undefined;
    }
  }

  protected override get currentLang(): Lang {
    if (this.perUpdate?.lang) return this.perUpdate.lang;
    // The property first: Lit renders before it reflects a changed `lang` to the attribute resolveLang reads.
    const lang = this.lang ? normalizeLang(this.lang) : resolveLang(this);
    if (this.perUpdate) this.perUpdate.lang = lang;
    return lang;
  }

  /** Translate a key of this widget's or the common messages. */
  protected t(key: string, params?: Record<string, string | number>): string {
    const lang = this.currentLang;
    if (key in (this.messages.en ?? {})) return translate(this.messages, lang, key, params);
    return translate(COMMON, lang, key as CommonKey, params);
  }

  /** The page's BCP 47 tag for this widget: numbers, money and dates are written in it (labels: `currentLang`). */
  protected get localeTag(): string {
    if (this.perUpdate?.tag) return this.perUpdate.tag;
    const tag = intlLocale(this.lang || resolveTag(this));
    if (this.perUpdate) this.perUpdate.tag = tag;
    return tag;
  }

  protected get fmt(): Formatter {
    if (this.perUpdate?.fmt) return this.perUpdate.fmt;
    const tag = this.localeTag;
    const fmt = formatter(tag, this.currency || defaultCurrency(tag));
    if (this.perUpdate) this.perUpdate.fmt = fmt;
    return fmt;
  }

  /**
   * The other widgets' selection as a predicate over the per-customer table: a
   * `Filter` (an `SQL`) carrying the clause tables as data, from the coordinator.
   */
  protected filter(): Filter {
    return this.src!.coordinator.filterFor(this.clientId);
  }

  /** This widget's own clause in the shared selection, if any. */
  protected get ownSelection(): SelectionClause | undefined {
    return this.src?.clauseOf(this.clientId);
  }

  /** Put this widget's clause into the shared selection (or remove it with `null`). */
  protected setSelection(clause: Omit<SelectionClause, 'client'> | null): void {
    if (!this.src) return;
    // A clause worked out on data that is no longer the source's is dropped.
    if (clause && this.snap.dataset !== this.src.model) return;
    // A widget's clause names something worked out from the data (a tier, a quadrant, a rank range) unless it says otherwise
    // or carries a condition descriptor (then its analysis works it out again on new data).
    const full = clause ? { basis: clause.condition ? ('condition' as const) : ('computed' as const), ...clause, client: this.clientId } : null;
    if (full) this.src.select(full);
    else this.src.clearSelection(this.clientId);
    this.emit<CrmSelectDetail>('crm-select', { client: this.clientId, clause: full, clauses: this.src.selection.list() });
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('crm-source-connected', this.onSourcesChanged);
    document.addEventListener('crm-source-disconnected', this.onSourcesChanged);
    this.addEventListener('pointerenter', this.onEnter);
    this.addEventListener('focusin', this.onEnter);
    this.bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('crm-source-connected', this.onSourcesChanged);
    document.removeEventListener('crm-source-disconnected', this.onSourcesChanged);
    this.removeEventListener('pointerenter', this.onEnter);
    this.removeEventListener('focusin', this.onEnter);
    const src = this.src;
    this.unbind();
    // Taken off the page (not moved within it in the same task): it leaves its source's coordinator, and its clause the selection.
    queueMicrotask(() => {
      if (!this.isConnected && src && this.src !== src) src.coordinator.disconnect(this.client);
    });
    this.resizer?.disconnect();
    this.resizer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const specs = (this.analysis?.options ?? {}) as OptionSpecs;
    if (optionNames(specs, 'draw').some((k) => (changed as Map<PropertyKey, unknown>).has(k))) {
      try {
        checkAnalysisOptions(specs, this.optionValues(), 'draw');
        this.drawError = undefined;
      } catch (e) {
        this.drawError = asCrmError(e);
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A selection made under other options would no longer mean what its label says.
    const specs = (this.analysis?.options ?? {}) as OptionSpecs;
    if (this.ownSelection && Object.entries(specs).some(([k, spec]) => optionResets(spec) && (changed as Map<PropertyKey, unknown>).has(k))) this.setSelection(null);
    if (this.drawError && this.drawError.message !== this.drawErrorKey) {
      this.drawErrorKey = this.drawError.message;
      this.emitError(this.drawError);
    } else if (!this.drawError) this.drawErrorKey = '';
    if (changed.has('source')) this.bind();
    const chart = this.renderRoot.querySelector('[part="chart"]') as HTMLElement | null;
    if (chart && !this.resizer) {
      // Apply the new width in the next frame: re-rendering inside the observer's
      // callback would resize again in the same frame (a ResizeObserver loop error).
      this.resizer = new ResizeObserver((entries) => {
        const w = Math.floor(entries[0].contentRect.width);
        cancelAnimationFrame(this.resizeFrame);
        this.resizeFrame = requestAnimationFrame(() => {
          if (w > 0 && w !== this.width) this.width = w;
        });
      });
      this.resizer.observe(this);
    }
    if (this.task.status === TaskStatus.ERROR && this.task.error !== this.lastError) {
      this.lastError = this.task.error;
      this.emitError(this.task.error);
    }
  }

  private bind() {
    const src = findSource(this, this.source);
    if (src === this.src) return;
    const had = !!this.src;
    const old = this.src;
    this.unbind();
    // Bound to another source: this widget's clause leaves the old one's selection.
    if (old && old !== src) old.coordinator.disconnect(this.client);
    this.src = src;
    if (!src) {
      // Nothing of the old source's data stays: the query result goes with the snapshot.
      this.snap = { state: 'idle' };
      this.sourceGone ||= had;
      return;
    }
    this.sourceGone = false;
    src.coordinator.connect(this.client);
    this.unsubscribe = src.subscribe((s) => (this.snap = s));
    this.selectionKey = src.coordinator.filterKey(this.clientId);
  }

  private unbind() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.src = undefined;
  }

  /**
   * The widget's data as rows (what CSV export and the screen-reader table
   * show). Default: the result itself when it is an array.
   */
  protected exportRows(data: TData): Record<string, unknown>[] {
    return Array.isArray(data) ? (data as Record<string, unknown>[]) : [];
  }

  /** Column keys and headings for the export and the data table (default: the rows' keys). */
  protected exportColumns(rows: Record<string, unknown>[]): { key: string; label: string }[] {
    return Object.keys(rows[0] ?? {}).map((k) => ({ key: k, label: k }));
  }

  /** Base name of exported files. */
  protected exportName(): string {
    return this.localName.replace(/^crm-/, '');
  }

  /** The current data as CSV text (formula-safe). */
  toCSV(): string {
    const data = this.value;
    if (data === undefined) return '';
    const rows = this.exportRows(data);
    return toCSV(rows, this.exportColumns(rows).map((c) => c.key));
  }

  /** The chart as standalone SVG text. */
  toSVG(): string {
    const svg = this.renderRoot.querySelector<SVGSVGElement>('[part="chart"] svg');
    if (!svg) return '';
    const bg = getComputedStyle(this).getPropertyValue('--crm-color-surface').trim() || getComputedStyle(this).backgroundColor || '#ffffff';
    return serializeSVG(svg, bg === 'rgba(0, 0, 0, 0)' ? '#ffffff' : bg);
  }

  /** The chart as a PNG image (2× its size). */
  async toPNG(): Promise<Blob> {
    const svg = this.toSVG();
    if (!svg) throw new Error('nothing to export yet');
    return svgToPNG(svg, 2);
  }

  /** Download the data (csv) or the chart (svg, png). */
  async download(kind: 'csv' | 'svg' | 'png'): Promise<void> {
    try {
      const name = this.exportName();
      if (kind === 'csv') download(new Blob(['\uFEFF' + this.toCSV()], { type: 'text/csv;charset=utf-8' }), `${name}.csv`);
      else if (kind === 'svg') download(new Blob([this.toSVG()], { type: 'image/svg+xml' }), `${name}.svg`);
      else download(await this.toPNG(), `${name}.png`);
    } catch (e) {
      this.emitError(e, 'Export');
    }
  }

  /** What the empty state says. */
  protected emptyText(): string {
    return this.src?.selection.size ? this.t('emptyFiltered') : this.t('empty');
  }

  /** Which exports this widget offers. */
  protected exportKinds(): ('csv' | 'svg' | 'png')[] {
    return ['csv', 'svg', 'png'];
  }

  protected renderExport(): unknown {
    if (this.noExport || this.task.status !== TaskStatus.COMPLETE || this.value === undefined) return nothing;
    const kinds = this.exportKinds();
    const b = (kind: 'csv' | 'svg' | 'png', label: string) =>
      html`<button type="button" part="export-button" aria-label=${this.t('exportAs', { format: label })} @click=${() => this.download(kind)}>${label}</button>`;
    return html`<div part="export" role="group" aria-label=${this.t('export')}>${kinds.map((k) => b(k, k.toUpperCase()))}</div>`;
  }

  /** A table of the data for screen readers (visually hidden). */
  protected renderTable(data: TData): unknown {
    const rows = this.exportRows(data);
    if (!rows.length) return nothing;
    const cols = this.exportColumns(rows);
    const fmt = this.fmt;
    const show = (v: unknown) => (typeof v === 'number' ? fmt.number(v, 2) : v === null || v === undefined ? '' : String(v));
    // A table cannot be shrunk to 1 px itself: the wrapper hides it.
    return html`<div class="visually-hidden data-table"><table part="table">
      <caption>${this.title_()}</caption>
      <thead><tr>${cols.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
      <tbody>${rows.slice(0, 500).map((r) => html`<tr>${cols.map((c) => html`<td>${show(r[c.key])}</td>`)}</tr>`)}</tbody>
    </table></div>`;
  }

  /** Header: title plus any controls a widget adds. */
  protected renderHeader(): unknown {
    const level = Math.min(6, Math.max(1, Math.round(Number(this.headingLevel)) || 3));
    return html`<div part="header"><div part="title" role="heading" aria-level=${level}>${this.title_()}</div>${this.renderHeaderExtra()}${this.renderExport()}</div>`;
  }
  protected renderHeaderExtra(): unknown {
    return nothing;
  }

  protected renderState(kind: 'loading' | 'empty' | 'error' | 'idle', text: string, code?: string): TemplateResult {
    if (kind === 'error') return this.renderError({ code, message: text });
    // While loading, the state keeps the room the chart will take, so the page does not jump when the data arrives
    // (set through the CSSOM: a style attribute would break a strict CSP).
    const room = kind === 'loading' ? this.reservedHeight() : 0;
    const keep = ref((el) => (el as HTMLElement | undefined)?.style.setProperty('min-height', room ? `${room}px` : ''));
    return html`<div class="state" part=${kind} role="status" aria-live="polite" ${keep}>${kind === 'loading' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${text}</div>`;
  }

  /** Height in px the loading state reserves: what the chart and its notes will take (default: the chart's height). */
  protected reservedHeight(): number {
    return Number(this.height) || 320;
  }

  /** The error state: the message, and for zh pages a headline, the whole message in Chinese and the English original. */
  protected renderError(error: ErrorLike): TemplateResult {
    return errorBox(this.currentLang, error, 'state');
  }

  protected override render() {
    return html`${this.renderHeader()}${this.renderBody()}`;
  }

  private renderBody(): unknown {
    if (!this.src) return this.sourceGone ? this.renderState('empty', this.t('sourceGone')) : this.renderState('idle', this.t('noSource'));
    const s = this.snap;
    if (s.state === 'error') return s.error ? this.renderError(s.error) : this.renderState('error', this.t('errorTitle'));
    if (s.state !== 'ready') return this.renderState('loading', this.t('loading'));
    return this.task.render({
      initial: () => this.renderState('loading', this.t('loading')),
      pending: () => (this.value !== undefined && this.width > 0 ? this.renderChartFrame(this.value, true) : this.renderState('loading', this.t('loading'))),
      error: (e) => this.renderError(asCrmError(e)),
      complete: (data) => {
        if (data === undefined) return this.renderState('loading', this.t('loading'));
        if (this.drawError) return this.renderError(this.drawError);
        if (this.isEmpty(data as TData)) return this.renderState('empty', this.emptyText());
        return this.renderChartFrame(data as TData, false);
      },
    });
  }

  /** Width inside the padding, before the resize observer has reported. */
  private contentWidth(): number {
    const cs = getComputedStyle(this);
    return Math.floor(this.clientWidth - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0));
  }

  /** The chart last drawn, with the data and width it shows. */
  private lastChart?: { data: TData; width: number; chart: unknown };
  /** The accessible table last asked for, with what it is made from. */
  private lastTable?: { key: unknown[]; data: TData };
  /** The element the accessible table is drawn into (a render of its own, apart from the chart's). */
  private tableHost?: HTMLElement;
  /** Cancels the table's drawing still to come. */
  private tableCancel?: () => void;

  private renderChartFrame(data: TData, pending: boolean): unknown {
    const width = this.width || this.contentWidth() || 480;
    // While the next result is on its way (a click elsewhere), the picture shown stays as it is: not drawn again.
    const keep = pending && this.lastChart && this.lastChart.data === data && this.lastChart.width === width;
    const chart = keep ? this.lastChart!.chart : this.renderChart(data, { width, height: this.height, lang: this.currentLang, fmt: this.fmt });
    if (!keep) this.lastChart = { data, width, chart };
    return html`<div part="chart" aria-busy=${pending ? 'true' : 'false'}>${chart}</div>
      ${this.tableOf(data)}`;
  }

  /**
   * The accessible table of `data`: made again only when the data, the options, the language or the title
   * changed, and drawn into its own element once the chart is on screen (the next idle moment), so a new
   * result's rows (500 for the Pareto curve) do not hold up the frame that shows it.
   */
  private tableOf(data: TData): unknown {
    if (this.renderTable !== CrmWidget.prototype.renderTable) return this.renderTable(data);
    const key = [data, this.currentLang, this.localeTag, this.currency, this.title_(), JSON.stringify(this.optionValues())];
    const last = this.lastTable;
    if (!(last && last.key.length === key.length && last.key.every((k, i) => k === key[i]))) {
      this.lastTable = { key, data };
      this.drawTableLater();
    }
    return html`<div ${ref(this.onTableHost)}></div>`;
  }

  private onTableHost = (el?: Element) => {
    if (el === this.tableHost) return;
    this.tableHost = el as HTMLElement | undefined;
    // A new element (the chart frame was made again): the current table goes into it.
    if (el) this.drawTableLater();
  };

  private drawTableLater(): void {
    this.tableCancel?.();
    const run = () => {
      this.tableCancel = undefined;
      const host = this.tableHost;
      const t = this.lastTable;
      if (host?.isConnected && t) litRender(this.renderTable(t.data), host);
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(run, { timeout: 250 });
      this.tableCancel = () => cancelIdleCallback(id);
    } else {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const frame = requestAnimationFrame(() => (timer = setTimeout(run, 0)));
      this.tableCancel = () => {
        cancelAnimationFrame(frame);
        if (timer !== undefined) clearTimeout(timer);
      };
    }
  }
}
