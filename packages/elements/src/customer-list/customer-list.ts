import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { CUSTOMER_LIST, LIST_SORTS, isoDate, toCSV, type CustomerPage, type Dataset, type ListSort, type SQL } from '@crmkit/core';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { download } from '../internal/export.js';
import { textSVG } from '../internal/text-svg.js';
import { labelSources } from '../internal/labels.js';
import { registerDefaultLabels } from '../internal/default-labels.js';
import { VALUE_LABELS, registerValueLabels, valueScores } from '../customer-value/labels.js';

registerDefaultLabels();
registerValueLabels();
import { tableStyles } from '../internal/table.styles.js';
import { labelName } from '../internal/label-names.js';
import { LIST_MESSAGES } from './customer-list.messages.js';

export interface CrmCustomerPickDetail {
  customerId: string;
}

/**
 * @summary Customers of the current selection: sortable, paged and searchable in SQL, with tier and lifecycle stage.
 *
 * @attr sort - revenue (default) | profit | last_order | first_order | orders | customer_id.
 * @attr dir - asc | desc.
 * @attr page-size - rows per page (default 10, at most 500).
 * @attr search - text to find in id, name, email or phone.
 * @attr mask-pii - mask email and phone.
 *
 * @event crm-customer-pick - `{ customerId }`: a row was chosen (click or Enter).
 * @event crm-error - the query failed.
 *
 * @csspart search - the search box. @csspart table - the list. @csspart pager - paging controls.
 */
export class CrmCustomerList extends CrmWidget<CustomerPage> {
  static override styles = [...CrmWidget.styles, tableStyles];
  protected messages = LIST_MESSAGES;

  static override analysis = CUSTOMER_LIST;
  /** asc | desc, or empty for the sort's own direction (an option of the analysis; narrows HTMLElement's `dir`). */
  declare dir: 'asc' | 'desc' | '';

  @state() private page = 1;
  private searchTimer?: ReturnType<typeof setTimeout>;
  private lastFilterKey = '';

  /** The page shown is the widget's own state, not an option: a change re-queries too. */
  protected override queryKey(): unknown[] {
    return [...super.queryKey(), this.page];
  }

  /** The page shown and the labels the page's analyses lend come with the options. */
  protected override runOptions(ds: Dataset): Record<string, unknown> {
    return { ...this.optionValues(), page: this.page, labels: labelSources(ds) };
  }

  protected override async fetch(ds: Dataset, filter: SQL, signal: AbortSignal): Promise<CustomerPage> {
    // A new selection or search starts again at page 1.
    const key = `${filter.text}|${this.search}|${this.sort}|${this.dir}`;
    if (key !== this.lastFilterKey) {
      this.lastFilterKey = key;
      if (this.page !== 1) this.page = 1;
    }
    // Predicted value (P(alive), expected purchases, CLV) once the models are fitted; none when they cannot be.
    await valueScores(ds);
    return super.fetch(ds, filter, signal);
  }

  protected isEmpty(): boolean {
    return false;
  }

  protected title_(): string {
    return this.t('title');
  }

  /** The table as shown (its headings, the visible rows, masked as on screen, and the pager line), as standalone SVG. */
  override toSVG(): string {
    const table = this.renderRoot.querySelector('table.data');
    if (!table) return '';
    const cellText = (c: Element) => (c.textContent ?? '').replace(/\s+/g, ' ').trim();
    const heads = Array.from(table.querySelectorAll('thead th'));
    const pager = this.renderRoot.querySelector('[part="pager"] [role="status"]');
    return textSVG(this, this.title_(), [
      {
        kind: 'table',
        columns: heads.map((h) => ({ label: cellText(h), num: h.classList.contains('num') })),
        rows: Array.from(table.querySelectorAll('tbody tr')).map((r) => Array.from(r.querySelectorAll('td')).map(cellText)),
      },
      { kind: 'text', text: pager ? cellText(pager) : '', muted: true },
    ]);
  }

  protected override exportRows(d: CustomerPage): Record<string, unknown>[] {
    // Money and scores to the cent (sums of doubles carry float noise: 13990.929999999977 → 13990.93).
    const cents = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v);
    return d.rows.map((r) => Object.fromEntries(Object.entries({ ...r, first_order: isoDate(r.first_order), last_order: isoDate(r.last_order) }).map(([k, v]) => [k, cents(v)])));
  }

  /**
   * Every customer the list matches (the selection and the search, in its order), not only the page shown,
   * as CSV: read page by page of 500.
   */
  async toCSVAll(): Promise<string> {
    const ds = this.snap.dataset;
    if (!ds) return '';
    const filter = this.filter();
    const opts = { ...this.optionValues(), pageSize: 500, labels: labelSources(ds) };
    const rows: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const d = await CUSTOMER_LIST.run(ds, { ...opts, page }, filter);
      rows.push(...this.exportRows(d));
      if (page >= d.pages || !d.rows.length) break;
    }
    return toCSV(rows, this.exportColumns(rows).map((c) => c.key));
  }

  override async download(kind: 'csv' | 'svg' | 'png'): Promise<void> {
    if (kind !== 'csv') return super.download(kind);
    try {
      download(new Blob(['\uFEFF' + (await this.toCSVAll())], { type: 'text/csv;charset=utf-8' }), `${this.exportName()}.csv`);
    } catch (e) {
      this.emitError(e, 'Export');
    }
  }

  // The visible table is already accessible; no second hidden one.
  protected override renderTable(): unknown {
    return nothing;
  }

  protected override renderHeaderExtra(): unknown {
    return nothing;
  }

  private onSearch(e: Event) {
    const v = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.search = v), 250);
  }

  private sortBy(col: ListSort) {
    if (this.sort === col) this.dir = (this.dir || (col === 'customer_id' ? 'asc' : 'desc')) === 'desc' ? 'asc' : 'desc';
    else {
      this.sort = col;
      this.dir = '';
    }
  }

  private pick(id: string) {
    this.emit<CrmCustomerPickDetail>('crm-customer-pick', { customerId: id });
  }

  protected renderChart(d: CustomerPage, _ctx: RenderContext): unknown {
    const f = this.fmt;
    const labels = d.rows.length ? Object.keys(d.rows[0]).filter((k) => ['tier', 'stage', 'segment'].includes(k)) : [];
    const values = d.rows.length ? VALUE_LABELS.filter((k) => k in d.rows[0]) : [];
    const value = (k: (typeof VALUE_LABELS)[number], v: unknown) => {
      const n = typeof v === 'number' ? v : null;
      return k === 'p_alive' ? f.percent(n, 0) : k === 'clv' ? f.money(n) : f.number(n, 2);
    };
    const dir = this.dir || (this.sort === 'customer_id' ? 'asc' : 'desc');
    const th = (col: ListSort, label: string, num = false) =>
      html`<th scope="col" class=${num ? 'num' : ''} aria-sort=${this.sort === col ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" aria-label=${this.t('sortBy', { column: label })} @click=${() => this.sortBy(col)}>${label}${this.sort === col ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</button>
      </th>`;
    return html`<input part="search" type="search" .value=${this.search} placeholder=${this.t('search')} aria-label=${this.t('search')} @input=${this.onSearch} />
      <div class="scroll">
        <table part="table" class="data">
          <thead>
            <tr>
              ${th('customer_id', this.t('id'))}
              <th scope="col">${this.t('name')}</th>
              ${labels.map((l) => html`<th scope="col">${this.t(l)}</th>`)}
              ${values.map((k) => html`<th scope="col" class="num">${this.t(k)}</th>`)}
              ${th('orders', this.t('orders'), true)} ${th('revenue', this.t('revenue'), true)} ${th('profit', this.t('profit'), true)}
              ${th('last_order', this.t('last_order'))}
            </tr>
          </thead>
          <tbody>
            ${d.rows.map(
              (r) => html`<tr
                tabindex="0"
                data-customer=${r.customer_id}
                aria-label=${this.t('open', { id: r.customer_id })}
                @click=${() => this.pick(r.customer_id)}
                @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), this.pick(r.customer_id))}
              >
                <td>${r.customer_id}</td>
                <td>${r.name ?? ''}</td>
                ${labels.map((l) => html`<td><span class="badge" data-value=${String(r[l] ?? '')}>${labelName(this.currentLang, l, r[l])}</span></td>`)}
                ${values.map((k) => html`<td class="num">${value(k, r[k])}</td>`)}
                <td class="num">${f.number(r.orders)}</td>
                <td class="num">${f.money(r.revenue)}</td>
                <td class="num">${f.money(r.profit)}</td>
                <td>${f.date(r.last_order)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div part="pager" class="pager">
        <button type="button" aria-label=${this.t('prev')} ?disabled=${d.page <= 1} @click=${() => (this.page = d.page - 1)}>‹</button>
        <span role="status">${this.t('page', { page: f.number(d.page), pages: f.number(d.pages), total: f.number(d.total) })}</span>
        <button type="button" aria-label=${this.t('next')} ?disabled=${d.page >= d.pages} @click=${() => (this.page = d.page + 1)}>›</button>
      </div>`;
  }
}


export { LIST_SORTS };

declare global {
  interface HTMLElementEventMap {
    'crm-customer-pick': CustomEvent<CrmCustomerPickDetail>;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmCustomerList extends Omit<OptionProps<typeof CUSTOMER_LIST>, 'dir'> {}
