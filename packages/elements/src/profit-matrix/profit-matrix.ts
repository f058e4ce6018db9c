import { html, nothing } from 'lit';
import { NO_COST, PROFIT_MATRIX, QUADRANTS, quadrantLabels, type ProfitMatrix, type Quadrant } from '@crmkit/core';
import { matrixChart } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { MATRIX_MESSAGES } from './profit-matrix.messages.js';
import { figureListStyles, notesStyles } from '../internal/notes.styles.js';
import { measureFor } from '../internal/measure.js';
import { ColorSchemeController, isDark } from '../internal/theme.js';

/**
 * @summary Customer-profitability matrix: each customer by revenue (or average price realised) against cost to serve, in four quadrants with counts, revenue and profit, and the over- and under-served customers called out.
 *
 * @attr x - revenue (default) | price (average price realised; needs quantity).
 * @attr cost-per-order, cost-per-unit - cost to serve when the data has no cost column: cost-per-order × orders + cost-per-unit × quantity. A cost column, when present, wins.
 * @attr x-split, y-split, profit-split - quadrant and over-/under-served splits (default: medians).
 * @attr labels - four comma-separated quadrant names replacing the translated ones, in the order high x & high cost, high x & low cost, low x & high cost, low x & low cost (e.g. "Reprice,Protect,Fix,Grow").
 * @attr threshold - draw individual customers up to this many, 2-D bins above (default 2000).
 * @attr bins - bins per axis (default 32). @attr scale - symlog (default) | linear.
 * @attr height, currency, lang, source - as every widget.
 *
 * @event crm-select - a quadrant was selected (or cleared).
 * @event crm-error - bad options (e.g. no cost to serve) or a failed query.
 *
 * @csspart chart, mark (a quadrant), axis, callouts, table.
 * @cssproperty --crm-matrix-carriage, --crm-matrix-passive, --crm-matrix-aggressive, --crm-matrix-bargain - quadrant colours.
 */
export class CrmProfitMatrix extends CrmWidget<ProfitMatrix> {
  static override styles = [...CrmWidget.styles, notesStyles, figureListStyles];
  protected messages = MATRIX_MESSAGES;

  static override analysis = PROFIT_MATRIX;

  private readonly scheme = new ColorSchemeController(this);

  protected isEmpty(d: ProfitMatrix): boolean {
    return d.n === 0;
  }

  protected override emptyText(): string {
    return this.value === NO_COST ? this.t('needsCost') : super.emptyText();
  }

  /** The chart and its four lines of callouts and notes. */
  protected override reservedHeight(): number {
    return (Number(this.height) || 320) + 140;
  }

  protected title_(): string {
    return this.t('title');
  }

  /** Quadrant names: the `labels` attribute, else the translated literature names. */
  quadrantNames(): Record<Quadrant, string> {
    return quadrantLabels(this.labels) ?? (Object.fromEntries(QUADRANTS.map((q) => [q, this.t(q)])) as Record<Quadrant, string>);
  }

  protected override exportRows(d: ProfitMatrix): Record<string, unknown>[] {
    const names = this.quadrantNames();
    return d.quadrants.map((q) => ({ quadrant: names[q.quadrant], customers: q.n, revenue: q.revenue, cost: q.cost, profit: q.profit }));
  }

  protected override exportColumns(): { key: string; label: string }[] {
    return [
      { key: 'quadrant', label: this.t('colQuadrant') },
      { key: 'customers', label: this.t('colCustomers') },
      { key: 'revenue', label: this.t('colRevenue') },
      { key: 'cost', label: this.t('colCost') },
      { key: 'profit', label: this.t('colProfit') },
    ];
  }

  /** The selected quadrant, if any. */
  get selectedQuadrant(): Quadrant | null {
    const v = this.ownSelection?.value;
    return typeof v === 'string' && (QUADRANTS as readonly string[]).includes(v) ? (v as Quadrant) : null;
  }

  /** Select one quadrant's customers; the same quadrant again, or null, clears. */
  selectQuadrant(q: Quadrant | null): void {
    const d = this.value;
    const pick = q && d ? { quadrant: q, splits: { xSplit: d.xSplit, ySplit: d.ySplit, profitSplit: d.profitSplit } } : null;
    this.selectGroup(pick, () => this.t('selection', { quadrant: this.quadrantNames()[q!] }), this.selectedQuadrant === q, q);
  }

  protected renderChart(d: ProfitMatrix, ctx: RenderContext): unknown {
    const f = ctx.fmt;
    const names = this.quadrantNames();
    const detail = Object.fromEntries(
      d.quadrants.map((q) => [q.quadrant, this.t('detail', { count: f.number(q.n), revenue: f.money(q.revenue, true), profit: f.money(q.profit, true) })]),
    ) as Record<Quadrant, string>;
    const xLabel = this.t(d.x === 'price' ? 'xPrice' : 'xRevenue');
    const svg = matrixChart(
      { mode: d.mode, points: d.points, bins: d.bins, xSplit: d.xSplit, ySplit: d.ySplit, domain: d.domain, scale: d.scale },
      {
        width: ctx.width,
        height: ctx.height,
        labels: { title: this.title_(), x: xLabel, y: this.t('y'), quadrant: names, detail, bin: (n) => this.t('bin', { count: f.number(n), n }) },
        tick: (v) => f.money(v, true),
        measure: measureFor(this),
        theme: isDark(this.theme) ? 'dark' : 'light',
        selected: this.selectedQuadrant,
        onSelect: (q) => this.selectQuadrant(q),
      },
    );
    const share = (n: number) => f.percent(n / d.n, 1);
    const medians = this.xSplit === undefined && this.ySplit === undefined && this.profitSplit === undefined;
    const cost =
      d.costSource === 'column' ? this.t('costColumn') : this.t('costEstimate', { perOrder: f.money(Number(this.costPerOrder ?? 0)), perUnit: f.money(Number(this.costPerUnit ?? 0)) });
    return html`${svg}
      <ul part="callouts">
        <li class="over" data-callout="over">${this.t('overServed', { n: d.overServed.n, count: f.number(d.overServed.n), share: share(d.overServed.n), revenue: f.money(d.overServed.revenue), profit: f.money(d.overServed.profit) })}</li>
        <li class="under" data-callout="under">${this.t('underServed', { n: d.underServed.n, count: f.number(d.underServed.n), share: share(d.underServed.n), revenue: f.money(d.underServed.revenue), profit: f.money(d.underServed.profit) })}</li>
        <li class="note">${this.t('splits', { x: xLabel, xValue: f.money(d.xSplit), yValue: f.money(d.ySplit), pValue: f.money(d.profitSplit), median: medians ? this.t('medians') : '' })} ${cost}</li>
        ${d.mode === 'bins' ? html`<li class="note">${this.t('density', { count: f.number(d.n), bins: d.bincount, threshold: f.number(Number(this.threshold ?? 2000)) })}</li>` : nothing}
        ${d.excluded ? html`<li class="note">${this.t('excluded', { count: f.number(d.excluded) })}</li>` : nothing}
      </ul>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmProfitMatrix extends OptionProps<typeof PROFIT_MATRIX> {}
