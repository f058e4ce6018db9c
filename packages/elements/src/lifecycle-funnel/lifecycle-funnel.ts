import { html, nothing } from 'lit';
import { LIFECYCLE_FUNNEL, LIFECYCLE_STAGES, NOT_YET, type LifecycleResult } from '@crmkit/core';
import { flowChart, funnelChart, type FunnelFlow, type FunnelNode, type FunnelStage } from '@crmkit/charts';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { MarkFocusKeeper } from '../internal/keep-focus.js';
import { notesStyles } from '../internal/notes.styles.js';
import { share } from '../internal/share.js';
import type { CrmErrorEventDetail } from '../events.js';
import { FUNNEL_MESSAGES } from './lifecycle-funnel.messages.js';
import { measureFor } from '../internal/measure.js';

const STAGE_COLORS: Record<string, string> = {
  [NOT_YET]: '#d1d5db',
  new: '#0ea5e9',
  core: '#16a34a',
  dozing: '#eab308',
  'half-asleep': '#f97316',
  dormant: '#6b7280',
};
const color = (stage: string) => `var(--crm-stage-${stage}, ${STAGE_COLORS[stage]})`;

/**
 * @summary Customers in lifecycle stages at an as-of date — new, core, dozing, half-asleep, dormant — as a funnel; with `compare-to`, how many moved between stages since (or until) a second date.
 *
 * @attr as-of - analysis date, exclusive, YYYY-MM-DD (default: the day after the last order).
 * @attr compare-to - a second date; the earlier of the two is drawn on the left, and the moves between them as bands.
 * @attr new-days - a customer is new while their first order is at most this many days old (default 30).
 * @attr active-days - core: ordered within this many days, more than once (default 90).
 * @attr half-asleep-days - dozing until the last order is this many days old (default 180).
 * @attr dormant-days - half-asleep until this many days, dormant after (default 365).
 * @attr height, currency, lang, source, theme, no-export - as every widget.
 *
 * @event crm-select - a stage, a column's stage or a move was selected (or cleared); the clause's predicate selects those customers.
 * @event crm-error - bad options (with the attribute's name) or a failed query.
 *
 * @csspart chart, mark (a stage or a band), tooltip, caption, summary, hint, table.
 * @cssproperty --crm-stage-new, --crm-stage-core, --crm-stage-dozing, --crm-stage-half-asleep, --crm-stage-dormant, --crm-stage-none - stage colours.
 */
export class CrmLifecycleFunnel extends CrmWidget<LifecycleResult> {
  static override styles = [...CrmWidget.styles, notesStyles];
  protected messages = FUNNEL_MESSAGES;
  /** Keyboard focus stays on the selected stage or band across the redraw. */
  protected readonly focusKeeper = new MarkFocusKeeper(this);

  static override analysis = LIFECYCLE_FUNNEL;

  protected isEmpty(d: LifecycleResult): boolean {
    return d.customers === 0 && !d.compare?.flows.length;
  }

  protected title_(): string {
    return this.t('title');
  }

  stageName(stage: string): string {
    return this.t(`stage_${stage}`);
  }

  /** The selected key: a stage, `from:<stage>` / `to:<stage>` (a column's stage) or `<from>><to>` (a move). */
  get selectedKey(): string | null {
    const v = this.ownSelection?.value;
    return typeof v === 'string' ? v : null;
  }

  /** Select the customers of a stage, a column's stage or a move; the same again, or null, clears. */
  selectKey(key: string | null): void {
    const d = this.value;
    const label = () => {
      const f = this.fmt;
      const side = /^(from|to):(.+)$/.exec(key!);
      const move = /^(.+)>(.+)$/.exec(key!);
      if (side && d?.compare) return this.t('selectionOn', { date: f.date(side[1] === 'from' ? d.compare.from : d.compare.to), stage: this.stageName(side[2]) });
      if (move && d?.compare) return this.t('selectionMove', { from: this.stageName(move[1]), to: this.stageName(move[2]) });
      return this.t('selection', { stage: this.stageName(key!) });
    };
    this.selectGroup(key && d ? { key, compare: !!d.compare } : null, label, this.selectedKey === key, key);
  }

  /** The rule of a stage with the thresholds in force. */
  private rule(stage: string, d: LifecycleResult, date: string): string {
    const s = d.settings;
    const n = (v: number) => this.fmt.number(v);
    return this.t(`rule_${stage}`, {
      newDays: n(s.newDays),
      newNext: n(s.newDays + 1),
      activeDays: n(s.activeDays),
      activeNext: n(s.activeDays + 1),
      halfAsleepDays: n(s.halfAsleepDays),
      halfAsleepNext: n(s.halfAsleepDays + 1),
      dormantDays: n(s.dormantDays),
      date: this.fmt.date(date),
    });
  }

  protected override exportRows(d: LifecycleResult): Record<string, unknown>[] {
    if (d.compare) return d.compare.flows.map((x) => ({ from: this.stageName(x.from), to: this.stageName(x.to), customers: x.customers }));
    return d.stages.map((s) => ({ stage: this.stageName(s.stage), customers: s.customers, share: s.share, revenue: s.revenue, revenue_share: s.revenueShare }));
  }

  protected override exportColumns(rows: Record<string, unknown>[]): { key: string; label: string }[] {
    const cols: [string, string][] =
      rows.length && 'from' in rows[0]
        ? [['from', 'colFrom'], ['to', 'colTo'], ['customers', 'colCustomers']]
        : [['stage', 'colStage'], ['customers', 'colCustomers'], ['share', 'colShare'], ['revenue', 'colRevenue'], ['revenue_share', 'colRevenueShare']];
    return cols.map(([key, label]) => ({ key, label: this.t(label) }));
  }

  protected renderChart(d: LifecycleResult, ctx: RenderContext): unknown {
    const f = ctx.fmt;
    const pct = (v: number | null) => share(f, v);
    const title = this.title_();
    let svg: SVGSVGElement;
    let notes: unknown;
    if (!d.compare) {
      const stages: FunnelStage[] = d.stages.map((s) => ({
        key: s.stage,
        label: this.stageName(s.stage),
        customers: s.customers,
        figures: this.t('figures', { count: f.number(s.customers), share: pct(s.share), revenue: f.money(s.revenue, true) }),
        detail: [
          this.stageName(s.stage),
          this.rule(s.stage, d, d.asOf),
          this.t('detailCustomers', { count: f.number(s.customers), n: s.customers, share: pct(s.share) }),
          this.t('detailRevenue', { revenue: f.money(s.revenue), share: pct(s.revenueShare) }),
        ].join('\n'),
        color: color(s.stage),
      }));
      svg = funnelChart(stages, { width: ctx.width, height: ctx.height, title, measure: measureFor(this), selected: this.selectedKey, onSelect: (k) => this.selectKey(k) });
      notes = html`<p part="caption">${this.t('caption', { asOf: f.date(d.asOf) })}</p>
        <div part="hint">${this.t('hint')}</div>`;
    } else {
      const c = d.compare;
      const count = (side: 'from' | 'to', stage: string) => c.flows.filter((x) => x[side] === stage).reduce((a, x) => a + x.customers, 0);
      const fromTotal = c.flows.filter((x) => x.from !== NOT_YET).reduce((a, x) => a + x.customers, 0);
      const toTotal = c.flows.reduce((a, x) => a + x.customers, 0);
      const node = (side: 'from' | 'to', stage: string, total: number): FunnelNode => {
        const n = count(side, stage);
        const date = side === 'from' ? c.from : c.to;
        return {
          key: stage,
          label: this.stageName(stage),
          customers: n,
          detail: [
            this.t('nodeDetail', { stage: this.stageName(stage), date: f.date(date) }),
            this.rule(stage, d, date),
            this.t('detailCustomers', { count: f.number(n), n, share: stage === NOT_YET ? '–' : pct(total ? n / total : null) }),
          ].join('\n'),
          color: color(stage),
        };
      };
      const from = [...(count('from', NOT_YET) ? [node('from', NOT_YET, fromTotal)] : []), ...LIFECYCLE_STAGES.map((s) => node('from', s, fromTotal))];
      const flows: FunnelFlow[] = c.flows.map((x) => {
        const lines = [this.t('flowTitle', { from: this.stageName(x.from), to: this.stageName(x.to) }), this.t('flowCustomers', { count: f.number(x.customers), n: x.customers })];
        if (x.from !== NOT_YET) lines.push(this.t('flowShare', { share: pct(x.customers / count('from', x.from)), from: this.stageName(x.from), date: f.date(c.from) }));
        return { from: x.from, to: x.to, customers: x.customers, detail: lines.join('\n') };
      });
      svg = flowChart(
        { fromLabel: f.date(c.from), toLabel: f.date(c.to), from, to: LIFECYCLE_STAGES.map((s) => node('to', s, toTotal)), flows },
        { width: ctx.width, height: ctx.height, title, measure: measureFor(this), selected: this.selectedKey, onSelect: (k) => this.selectKey(k) },
      );
      notes = html`<p part="summary">${this.t('summary', { slipping: f.number(c.slipping), returning: f.number(c.returning) })}</p>
        <p part="caption">${this.t('captionCompare', { from: f.date(c.from), to: f.date(c.to) })}</p>
        <div part="hint">${this.t('hintCompare')}</div>`;
    }
    return html`${svg}${notes ?? nothing}`;
  }
}

/** The options of the analysis, as typed properties. */
export interface CrmLifecycleFunnel extends OptionProps<typeof LIFECYCLE_FUNNEL> {}
