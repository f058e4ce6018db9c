import { html, nothing } from 'lit';
import { SEGMENT_PYRAMID, PYRAMID_MODES, type PyramidMode, type PyramidRow, type PyramidView } from '@crmkit/core';
import { pyramidChart, pyramidRamp, type PyramidLayer } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { MarkFocusKeeper } from '../internal/keep-focus.js';
import { notesStyles } from '../internal/notes.styles.js';
import { share } from '../internal/share.js';
import { PYRAMID_MESSAGES } from './segment-pyramid.messages.js';
import { measureFor } from '../internal/measure.js';

export { PYRAMID_MODES, type PyramidMode, type PyramidRow, type PyramidView };

/** RFM segment colours: greens for the best, blues for the promising, ambers for the wavering, reds for the slipping, greys for the gone. */
const RFM_COLORS: Record<string, string> = {
  champions: '#15803d',
  loyal: '#22c55e',
  'potential-loyalists': '#0284c7',
  new: '#38bdf8',
  promising: '#7dd3fc',
  'need-attention': '#eab308',
  'about-to-sleep': '#f59e0b',
  'at-risk': '#f97316',
  'cannot-lose': '#dc2626',
  hibernating: '#9ca3af',
  lost: '#6b7280',
};

/** A tier's fill: its name's custom property, else its position's, else the default ramp. */
function tierColor(key: string, i: number, fallback: string): string {
  const byPosition = `var(--crm-tier-${i + 1}, ${fallback})`;
  return /^[A-Za-z0-9_-]+$/.test(key) ? `var(--crm-tier-${key}, ${byPosition})` : byPosition;
}

/**
 * @summary Customers in value tiers drawn as a pyramid (top tier at the apex) — by default diamond (top 5 % of customers), gold (next 15 %) and regular — or in the eleven RFM segments.
 *
 * @attr by - revenue (default) | profit (needs a cost column) | orders. In rfm mode the monetary measure: revenue or profit.
 * @attr window - days before as-of to count (default: all orders before as-of).
 * @attr as-of - analysis date, exclusive, YYYY-MM-DD (default: the day after the last order).
 * @attr tiers - tiers from the top with their percentage, the last taking the rest (default "diamond:5,gold:15,regular").
 * @attr tiers-by - customers (default: cut by cumulative share of customers) | value (by cumulative share of the total).
 * @attr mode - tiers (default) | rfm.
 * @attr height, currency, lang, source, theme, no-export - as every widget.
 *
 * @event crm-select - a tier or segment was selected (or cleared); the clause's predicate selects its customers.
 * @event crm-error - bad options (with the attribute's name) or a failed query.
 *
 * @csspart chart, mark (a tier), tooltip, caption, hint, table.
 * @cssproperty --crm-rfm-<segment> - colour of an RFM segment, e.g. --crm-rfm-champions.
 * @cssproperty --crm-tier-<name> - colour of a value tier by its name, e.g. --crm-tier-diamond (names of letters, digits, - and _).
 * @cssproperty --crm-tier-<n> - colour of the n-th tier from the top (1, 2, …), whatever its name.
 */
export class CrmSegmentPyramid extends CrmWidget<PyramidView> {
  static override styles = [...CrmWidget.styles, notesStyles];
  protected messages = PYRAMID_MESSAGES;
  /** Keyboard focus stays on the selected tier across the redraw. */
  protected readonly focusKeeper = new MarkFocusKeeper(this);

  static override analysis = SEGMENT_PYRAMID;

  private get rfm(): boolean {
    return String(this.mode).trim().toLowerCase() === 'rfm';
  }

  protected isEmpty(d: PyramidView): boolean {
    return d.customers === 0;
  }

  /** The pyramid and its caption and hint. */
  protected override reservedHeight(): number {
    return (Number(this.height) || 320) + 60;
  }

  protected title_(): string {
    return this.t(this.rfm ? 'titleRfm' : 'title');
  }

  /** The shown name of a tier or segment: translated when it is one of the usual names, else as written. */
  layerName(key: string, mode: PyramidMode = this.rfm ? 'rfm' : 'tiers'): string {
    const k = `${mode === 'rfm' ? 'rfm' : 'tier'}_${key.toLowerCase()}`;
    return k in PYRAMID_MESSAGES.en ? this.t(k) : key;
  }

  /** The selected tier or segment, if any. */
  get selectedKey(): string | null {
    const v = this.ownSelection?.value;
    return typeof v === 'string' ? v : null;
  }

  /** Select one tier's (or segment's) customers; the same again, or null, clears. */
  selectTier(key: string | null): void {
    this.selectGroup(key || null, () => this.t(this.rfm ? 'selectionRfm' : 'selectionTier', { tier: this.layerName(key!) }), this.selectedKey === key);
  }

  private show(by: PyramidView['by'], v: number | null, average = false): string {
    return by === 'orders' ? this.fmt.number(v, average ? 1 : 0) : this.fmt.money(v);
  }

  protected override exportRows(d: PyramidView): Record<string, unknown>[] {
    return d.rows.map((r) => ({
      tier: this.layerName(r.key, d.mode),
      customers: r.customers,
      customer_share: r.customerShare,
      value: r.value,
      value_share: r.valueShare,
      average: r.average,
      min: r.minValue,
      max: r.maxValue,
    }));
  }

  protected override exportColumns(): { key: string; label: string }[] {
    return [
      { key: 'tier', label: this.t(this.rfm ? 'colSegment' : 'colTier') },
      { key: 'customers', label: this.t('colCustomers') },
      { key: 'customer_share', label: this.t('colCustomerShare') },
      { key: 'value', label: this.t('colValue') },
      { key: 'value_share', label: this.t('colValueShare') },
      { key: 'average', label: this.t('colAverage') },
      { key: 'min', label: this.t('colMin') },
      { key: 'max', label: this.t('colMax') },
    ];
  }

  protected renderChart(d: PyramidView, ctx: RenderContext): unknown {
    const f = ctx.fmt;
    const measure = this.t(`measure_${d.by}`);
    const pct = (v: number | null) => share(f, v);
    const ramp = pyramidRamp(d.rows.length);
    const layers: PyramidLayer[] = d.rows.map((r, i) => {
      const name = this.layerName(r.key, d.mode);
      const customers = this.t(r.customers === 1 ? 'customersLineOne' : 'customersLine', { count: f.number(r.customers), share: pct(r.customerShare) });
      const detail = [
        name,
        this.t('detailCustomers', { count: f.number(r.customers), share: pct(r.customerShare) }),
        this.t('detailValue', { measure, value: this.show(d.by, r.value), share: pct(r.valueShare) }),
        this.t('detailAverage', { average: this.show(d.by, r.average, true) }),
      ];
      if (r.minValue !== null && r.maxValue !== null) detail.push(this.t('detailRange', { min: this.show(d.by, r.minValue), max: this.show(d.by, r.maxValue) }));
      if (d.mode === 'rfm' && r.customers > 0) detail.push(this.t('detailRfm', { days: f.number(r.recencyDays, 0), orders: f.number(r.frequency, 1) }));
      return {
        key: r.key,
        label: name,
        lines: [customers, this.t('valueLine', { measure, value: this.show(d.by, r.value), share: pct(r.valueShare), average: this.show(d.by, r.average, true) })],
        valueShare: r.valueShare,
        empty: d.mode === 'rfm' && r.customers === 0,
        detail: detail.join('\n'),
        color: d.mode === 'rfm' ? `var(--crm-rfm-${r.key}, ${RFM_COLORS[r.key]})` : tierColor(r.key, i, ramp[i]),
      };
    });
    const svg = pyramidChart(layers, {
      width: ctx.width,
      height: ctx.height,
      title: this.title_(),
      measure: measureFor(this),
      selected: this.selectedKey,
      onSelect: (l) => this.selectTier(l.key),
    });
    const period = d.from ? this.t('periodWindow', { from: f.date(d.from), asOf: f.date(d.asOf) }) : this.t('periodAll', { asOf: f.date(d.asOf) });
    const caption =
      d.mode === 'rfm'
        ? this.t('captionRfm', { measure: measure.toLowerCase(), period })
        : this.t('captionTiers', { measure: measure.toLowerCase(), period, tiersBy: this.t(`tiersBy_${d.tiersBy}`) });
    return html`${svg}
      <p part="caption">${caption}</p>
      ${this.src ? html`<div part="hint">${this.t('hint')}</div>` : nothing}`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmSegmentPyramid extends OptionProps<typeof SEGMENT_PYRAMID> {}
