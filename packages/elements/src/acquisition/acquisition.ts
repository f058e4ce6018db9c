import { css, html, nothing } from 'lit';
import { ACQUISITION, LIFECYCLE_STAGES, type AcquisitionChannel, type AcquisitionResult } from '@crmkit/core';
import { acquisitionChart, type AcquisitionRow } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { MarkFocusKeeper } from '../internal/keep-focus.js';
import { notesStyles } from '../internal/notes.styles.js';
import { tableStyles } from '../internal/table.styles.js';
import { share } from '../internal/share.js';
import { measureFor } from '../internal/measure.js';
import { ACQUISITION_MESSAGES } from './acquisition.messages.js';

/**
 * @summary Acquisition by channel — customers each channel brought, unit acquisition cost, and what they became (repeat rate, revenue and profit to date, lifecycle stages): acquisition cost against value per channel.
 *
 * Channels and costs come from the customer register (`acquisition_channel`, `acquisition_cost`), else from each customer's first order's channel.
 *
 * @attr predicted-value - also the mean predicted 12-month CLV of each channel's customers (the customer-value model, fitted at the data's as-of).
 * @attr height, currency, lang, source, theme, no-export - as every widget.
 *
 * @event crm-select - a channel was selected (or cleared); the clause selects its customers.
 * @event crm-error - a failed query.
 *
 * @csspart chart, mark (a channel's row), tooltip, caption, hint, months (new customers by month), table.
 * @cssproperty --crm-acquisition-cost - colour of the cost bars.
 */
export class CrmAcquisition extends CrmWidget<AcquisitionResult> {
  static override styles = [
    ...CrmWidget.styles,
    notesStyles,
    tableStyles,
    css`
      [part='months'] {
        margin-top: var(--crm-spacing-small, 0.5rem);
        max-height: 16rem;
        overflow: auto;
      }
    `,
  ];
  protected messages = ACQUISITION_MESSAGES;
  protected readonly focusKeeper = new MarkFocusKeeper(this);

  static override analysis = ACQUISITION;

  protected isEmpty(d: AcquisitionResult): boolean {
    return d.channels.length === 0;
  }

  protected title_(): string {
    return this.t('title');
  }

  private name(c: string | null): string {
    return c ?? this.t('unknown');
  }

  /** The selected channel's key (`=name`, or `?` for unknown). */
  get selectedKey(): string | null {
    const v = this.ownSelection?.value;
    return typeof v === 'string' ? v : null;
  }

  /** Select a channel's customers (`=name`, `?` for the unknown channel); the same again, or null, clears. */
  selectKey(key: string | null): void {
    this.selectGroup(key || null, () => this.t('selection', { channel: this.name(key === '?' ? null : key!.slice(1)) }), this.selectedKey === key);
  }

  protected override exportRows(d: AcquisitionResult): Record<string, unknown>[] {
    return d.channels.map((c) => ({
      channel: this.name(c.channel),
      customers: c.customers,
      unit_cost: c.unitCost,
      repeat_rate: c.repeatRate,
      revenue: c.revenue,
      profit: c.profit,
      value_per_customer: c.valuePerCustomer,
      net_per_customer: c.netPerCustomer,
      payback_ratio: c.paybackRatio,
      ...(this.predictedValue ? { clv: c.clvPerCustomer } : {}),
      ...Object.fromEntries(LIFECYCLE_STAGES.map((s) => [`stage_${s}`, c.stages[s]])),
    }));
  }

  protected override exportColumns(rows: Record<string, unknown>[]): { key: string; label: string }[] {
    const cols: [string, string][] = [
      ['channel', 'colChannel'],
      ['customers', 'colCustomers'],
      ['unit_cost', 'colUnitCost'],
      ['repeat_rate', 'colRepeat'],
      ['revenue', 'colRevenue'],
      ['profit', 'colProfit'],
      ['value_per_customer', 'colValue'],
      ['net_per_customer', 'colNet'],
      ['payback_ratio', 'colRatio'],
      ...(rows.length && 'clv' in rows[0] ? [['clv', 'colClv'] as [string, string]] : []),
    ];
    return [...cols.map(([key, label]) => ({ key, label: this.t(label) })), ...Object.keys(rows[0] ?? {}).filter((k) => k.startsWith('stage_')).map((k) => ({ key: k, label: this.t(k) }))];
  }

  private detail(c: AcquisitionChannel, d: AcquisitionResult): string {
    const f = this.fmt;
    const measure = this.t(`measure_${d.value}`);
    return [
      this.name(c.channel),
      this.t('detailCustomers', { count: f.number(c.customers), repeat: share(f, c.repeatRate) }),
      ...(c.unitCost !== null ? [this.t('detailCost', { cost: f.money(c.unitCost), total: f.money(c.acquisitionCost), withCost: f.number(c.withCost) })] : []),
      this.t('detailValue', { value: f.money(c.valuePerCustomer), measure }),
      ...(c.netPerCustomer !== null ? [this.t('detailNet', { net: f.money(c.netPerCustomer), ratio: f.number(c.paybackRatio, 2) })] : []),
      ...(c.clvPerCustomer !== null ? [this.t('detailClv', { clv: f.money(c.clvPerCustomer) })] : []),
      this.t('detailStages', { stages: LIFECYCLE_STAGES.filter((s) => c.stages[s]).map((s) => `${this.t(`stage_${s}`)} ${f.number(c.stages[s])}`).join(', ') }),
    ].join('\n');
  }

  protected renderChart(d: AcquisitionResult, ctx: RenderContext): unknown {
    const f = ctx.fmt;
    const rows: AcquisitionRow[] = d.channels.map((c) => ({
      key: c.channel === null ? '?' : `=${c.channel}`,
      label: this.name(c.channel),
      cost: c.unitCost,
      value: c.valuePerCustomer,
      figures: this.t('figures', { cost: c.unitCost === null ? '–' : f.money(c.unitCost), value: f.money(c.valuePerCustomer) }),
      detail: this.detail(c, d),
    }));
    const svg = acquisitionChart(rows, { width: ctx.width, height: ctx.height, title: this.title_(), measure: measureFor(this), selected: this.selectedKey, onSelect: (k) => this.selectKey(k) });
    return html`${svg}${this.renderMonths(d)}
      <p part="caption">${this.t('caption', { measure: this.t(`measure_${d.value}`) })} ${this.t(`source_${d.source}`)}${d.clvError ? ' ' + this.t('clvUnavailable') : ''}</p>
      <div part="hint">${this.t('hint')}</div>`;
  }

  private renderMonths(d: AcquisitionResult): unknown {
    if (!d.months.length) return nothing;
    const f = this.fmt;
    const channels = d.channels.map((c) => c.channel);
    const months = [...new Set(d.months.map((m) => m.month))];
    const count = new Map(d.months.map((m) => [`${m.month}|${m.channel ?? ''}`, m.customers]));
    // A scrolling region keyboard users can reach (and scroll with the arrow keys).
    return html`<div part="months" tabindex="0" role="region" aria-label=${this.t('newCustomers')}><table>
      <caption>${this.t('newCustomers')}</caption>
      <thead><tr><th scope="col">${this.t('colMonth')}</th>${channels.map((c) => html`<th scope="col">${this.name(c)}</th>`)}</tr></thead>
      <tbody>${months.map((m) => html`<tr><th scope="row">${m}</th>${channels.map((c) => html`<td>${f.number(count.get(`${m}|${c ?? ''}`) ?? 0)}</td>`)}</tr>`)}</tbody>
    </table></div>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmAcquisition extends OptionProps<typeof ACQUISITION> {}
