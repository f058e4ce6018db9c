import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { KPIS, type KpiResult, type KpiValues } from '@crmkit/core';
import { CrmWidget, type OptionProps, type RenderContext } from '../internal/widget.js';
import { KPI_MESSAGES } from './kpis.messages.js';
import { kpiStyles } from './kpis.styles.js';
import { textSVG } from '../internal/text-svg.js';

type Key = keyof KpiValues;
interface Tile {
  key: Key;
  kind: 'count' | 'money' | 'rate';
  /** A rise is bad (costs). */
  lowerIsBetter?: boolean;
}
const TILES: Tile[] = [
  { key: 'customers', kind: 'count' },
  { key: 'active', kind: 'count' },
  { key: 'revenue', kind: 'money' },
  { key: 'aov', kind: 'money' },
  { key: 'repeatRate', kind: 'rate' },
  { key: 'newCustomers', kind: 'count' },
  { key: 'acquisitionRate', kind: 'rate' },
  { key: 'unitAcquisitionCost', kind: 'money', lowerIsBetter: true },
];

/**
 * @summary KPI tiles for a window before `as-of`, each with its change against the previous window of equal length.
 *
 * @attr days - window length in days (default 365).
 * @attr as-of - end of the window, exclusive (ISO date; default: the day after the last order).
 * @attr currency, lang, source, theme - as every widget.
 *
 * @event crm-error - the query failed.
 *
 * @csspart tiles - the grid. @csspart tile - one KPI. @csspart label, value, delta - its parts.
 * @cssproperty --crm-kpi-min-width - narrowest tile (default 9.5rem).
 * @cssproperty --crm-color-positive / --crm-color-negative - change colours.
 */
export class CrmKpis extends CrmWidget<KpiResult> {
  static override styles = [...CrmWidget.styles, kpiStyles];
  protected messages = KPI_MESSAGES;

  static override analysis = KPIS;

  protected isEmpty(d: KpiResult): boolean {
    return d.current.customers === 0 && d.prior.customers === 0;
  }

  /** The period line and two rows of tiles. */
  protected override reservedHeight(): number {
    return 230;
  }

  protected title_(): string {
    return this.t('title');
  }

  /** The period line and the tiles as shown (labels, figures, changes in their colours), as standalone SVG. */
  override toSVG(): string {
    const period = this.renderRoot.querySelector('[part="period"]');
    const tiles = Array.from(this.renderRoot.querySelectorAll<HTMLElement>('[data-kpi]'));
    if (!tiles.length) return '';
    const part = (el: Element, name: string) => el.querySelector(`[part~="${name}"]`);
    return textSVG(this, this.title_(), [
      { kind: 'text', text: period?.textContent?.trim() ?? '', muted: true },
      {
        kind: 'tiles',
        tiles: tiles.map((t) => {
          const delta = part(t, 'delta');
          return { label: part(t, 'label')?.textContent?.trim() ?? '', value: part(t, 'value')?.textContent?.trim() ?? '', delta: delta?.textContent?.trim() ?? '', color: delta ? getComputedStyle(delta).color : undefined };
        }),
      },
    ]);
  }

  protected override exportRows(d: KpiResult): Record<string, unknown>[] {
    return this.tiles(d).map((t) => ({ kpi: t.key, label: this.t(t.key), current: d.current[t.key], previous: d.prior[t.key], from: d.window.from, to: d.window.to }));
  }

  /** Tiles the data supports: acquisition cost only with a customer table that has it. */
  private tiles(d: KpiResult): Tile[] {
    return TILES.filter((t) => t.key !== 'unitAcquisitionCost' || d.has.acquisitionCost);
  }

  private show(kind: Tile['kind'], v: number | null): string {
    if (kind === 'money') return this.fmt.money(v);
    if (kind === 'rate') return this.fmt.percent(v);
    return this.fmt.number(v);
  }

  protected renderChart(d: KpiResult, _ctx: RenderContext): unknown {
    const vs = this.t('vsPrevious', { days: this.fmt.number(d.window.days) });
    // The window on screen, not only in a tooltip: its first and last day (the end is exclusive), and what it is compared with.
    const last = new Date(Date.parse(`${d.window.to.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const period = `${this.t('window', { from: this.fmt.date(d.window.from), to: this.fmt.date(last) })} · ${vs}`;
    return html`<p part="period">${period}</p><div part="tiles">
      ${this.tiles(d).map((tile) => {
        const cur = d.current[tile.key];
        const prev = d.prior[tile.key];
        let delta = this.t('noPrior');
        let cls = '';
        if (cur !== null && prev !== null && prev !== 0) {
          const change = (cur - prev) / Math.abs(prev);
          const pct = this.fmt.percent(Math.abs(change));
          delta = change > 0 ? `▲ ${this.t('up', { change: pct })}` : change < 0 ? `▼ ${this.t('down', { change: pct })}` : this.t('flat');
          if (change !== 0) cls = change > 0 !== !!tile.lowerIsBetter ? 'good' : 'bad';
          // No new customers in the window at all (e.g. a cohort acquired earlier): a fact, not a loss to flag in red.
          if (cur === 0 && (tile.key === 'newCustomers' || tile.key === 'acquisitionRate')) cls = '';
        } else if (cur !== null && prev !== null && cur === prev) delta = this.t('flat');
        const label = this.t(tile.key);
        const value = this.show(tile.kind, cur);
        return html`<div part="tile ${tile.key}" role="group" aria-label="${label}: ${value}, ${delta} ${vs}" data-kpi=${tile.key}>
          <div part="label">${label}</div>
          <div part="value" ${ref((el) => setChars(el, value.length))}>${value}</div>
          <div part="delta" class=${cls} title=${vs}>${delta}</div>
        </div>`;
      })}
    </div>`;
  }
}

/** The figure's length for its font size (see the styles). Set through the CSSOM: a `style` attribute would break a strict CSP. */
function setChars(el: Element | undefined, n: number) {
  (el as HTMLElement | undefined)?.style.setProperty('--crm-kpi-chars', String(n));
}

/** The options of the analysis, as typed properties. */
export interface CrmKpis extends OptionProps<typeof KPIS> {}
