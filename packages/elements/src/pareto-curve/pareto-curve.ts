import { html, nothing } from 'lit';
import { PARETO_CURVE, type ParetoCurve } from '@crmkit/core';
import { paretoChart, type ParetoChartPoint, type ParetoRange } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { PARETO_MESSAGES } from './pareto-curve.messages.js';
import { figureListStyles, notesStyles } from '../internal/notes.styles.js';
import { measureFor } from '../internal/measure.js';

/**
 * @summary Customers ranked by revenue (or profit: the whale curve), cumulative share of customers against cumulative share of the total, with the 80/20 check, the customers needed for 80 % and the Gini coefficient.
 *
 * @attr by - revenue (default) | profit.
 * @attr cut - share of customers for the "top" annotation (default 0.2).
 * @attr target - share of the total for "customers needed" (default 0.8).
 * @attr points - series points drawn (default 500; computed in SQL).
 * @attr cost-per-order, cost-per-unit - cost to serve for `by="profit"` when the data has no cost column.
 * @attr height, currency, lang, source - as every widget.
 *
 * @event crm-select - a range of ranks was selected (or cleared): the clause's predicate selects those customers.
 * @event crm-error - bad options or a failed query.
 *
 * @csspart chart, legend, hint, mark (the focus point), axis, tooltip, table.
 * @cssproperty --crm-color-primary - the curve. --crm-color-danger - loss-making tail and peak. --crm-color-selection - selected range.
 */
export class CrmParetoCurve extends CrmWidget<ParetoCurve | null> {
  static override styles = [...CrmWidget.styles, notesStyles, figureListStyles];
  protected messages = PARETO_MESSAGES;

  static override analysis = PARETO_CURVE;

  protected isEmpty(d: ParetoCurve | null): boolean {
    return !d || d.summary.n === 0;
  }

  private get profitMode(): boolean {
    return String(this.by).trim().toLowerCase() === 'profit';
  }

  /** The chart and its annotations underneath. */
  protected override reservedHeight(): number {
    return (Number(this.height) || 320) + 100;
  }

  protected title_(): string {
    return this.t(this.profitMode ? 'titleProfit' : 'title');
  }

  private measure(): string {
    return this.t(this.profitMode ? 'profit' : 'revenue');
  }

  protected override exportRows(d: ParetoCurve | null): Record<string, unknown>[] {
    return (d?.series ?? []).filter((p) => p.rank > 0).map((p) => ({ rank: p.rank, share_of_customers: p.x, cumulative_share: p.y, value: p.value }));
  }

  protected override exportColumns(): { key: string; label: string }[] {
    return [
      { key: 'rank', label: this.t('colRank') },
      { key: 'share_of_customers', label: this.t('colCustomers') },
      { key: 'cumulative_share', label: this.t('colValue') },
      { key: 'value', label: this.t('colAmount') },
    ];
  }

  /** The selected range of ranks, if this widget has one. */
  get selectedRange(): ParetoRange | null {
    const v = this.ownSelection?.value as ParetoRange | undefined;
    return v && typeof v.from === 'number' ? v : null;
  }

  /** Select customers ranked from..to (inclusive); the same range again, or null, clears. */
  selectRange(range: ParetoRange | null): void {
    const cur = this.selectedRange;
    const f = this.fmt;
    const same = !!range && !!cur && cur.from === range.from && cur.to === range.to;
    this.selectGroup(range, () => this.t('selection', { from: f.number(range!.from), to: f.number(range!.to), measure: this.measure() }), same, range && { ...range });
  }

  /**
   * The range a drag on the curve would select if released now: what selecting it needs (every other widget's
   * result) is worked out meanwhile, so the release finds it done. `selectRange` selects.
   */
  previewRange(range: ParetoRange): Promise<void> {
    return this.prefetchPick(range);
  }

  protected renderChart(d: ParetoCurve | null, ctx: RenderContext): unknown {
    if (!d) return nothing;
    const s = d.summary;
    const f = ctx.fmt;
    const pct = (v: number) => f.percent(v, 1);
    const whale = this.profitMode;
    const measure = this.measure();
    const svg = paretoChart(
      { series: d.series, n: s.n, cut: s.cut, topShare: s.topShare, target: s.target, kTarget: s.kTarget, peakRank: s.peakRank, peakShare: s.peakShare, lossStart: s.lossStart },
      {
        width: ctx.width,
        height: ctx.height,
        whale,
        labels: {
          title: this.title_(),
          x: this.t('x'),
          y: this.t(whale ? 'yProfit' : 'yRevenue'),
          diagonal: this.t('diagonal'),
          cut: this.t('cutLabel', { cut: pct(s.cut), share: pct(s.topShare) }),
          target: this.t('targetLabel', { target: pct(s.target), share: pct(s.kTargetShare) }),
          peak: this.t('peakLabel', { share: pct(s.peakShare) }),
          loss: this.t('lossLabel'),
          point: (p: ParetoChartPoint) =>
            [this.t('pointRank', { rank: f.number(p.rank), n: f.number(s.n) }), this.t('pointCustomers', { share: pct(p.x) }), this.t('pointValue', { share: pct(p.y), measure })].join('\n'),
        },
        percent: (v) => f.percent(v, 0),
        measure: measureFor(this),
        selected: this.selectedRange,
        onSelect: (r) => this.selectRange(r),
        onPreview: (r) => this.previewRange(r),
      },
    );
    const items = [
      html`<li data-annotation="top">${this.t('annTop', { cut: pct(s.cut), count: f.number(s.kCut), share: pct(s.topShare), measure })}</li>`,
      html`<li data-annotation="target">${this.t('annTarget', { count: f.number(s.kTarget), share: pct(s.kTargetShare), target: pct(s.target), measure })}</li>`,
      html`<li data-annotation="gini">${this.t('annGini', { gini: f.number(s.gini, 3) })}${s.negatives > 0 ? html` <small>${this.t('annGiniNegative')}</small>` : nothing}</li>`,
    ];
    if (whale) {
      items.push(html`<li data-annotation="peak">${this.t('annPeak', { share: pct(s.peakShare), count: f.number(s.peakRank), pct: pct(s.peakRank / s.n) })}</li>`);
      if (s.negatives > 0)
        items.push(html`<li data-annotation="loss" class="loss">${this.t('annLoss', { count: f.number(s.negatives), pct: pct(s.negatives / s.n), amount: f.money(-s.negativeTotal) })}</li>`);
      const source = s.costSource === 'column' ? this.t('costColumn') : this.t('costEstimate', { perOrder: f.money(Number(this.costPerOrder ?? 0)), perUnit: f.money(Number(this.costPerUnit ?? 0)) });
      items.push(html`<li data-annotation="cost">${this.t('annCost', { source })}</li>`);
    }
    return html`${svg}
      <ul part="legend">
        ${items}
      </ul>
      <div part="hint">${this.t('hint')}</div>`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmParetoCurve extends OptionProps<typeof PARETO_CURVE> {}
