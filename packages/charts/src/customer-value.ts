/**
 * Predicted customer value. Three drawings:
 * - `valueTiersChart`: one row per potential-value tier, two bars side by
 *   side on one money scale — historical value (what the tier spent) and
 *   predicted value (CLV over the horizon) — with the tier's figures on the
 *   left (customers, how many likely alive);
 * - `aliveHistogram`: customers per P(alive) bin (0–10 %, …, 90–100 %);
 * - `validationChart`: the BG/NBD holdout check — mean actual and mean
 *   predicted repeat purchases in the holdout per calibration frequency
 *   group (0, 1, …, 7+), as two lines with dots (Fader, Hardie & Lee 2005,
 *   figure 4).
 *
 * Tier rows and histogram bars are marks (interaction.ts): hover or focus
 * shows the detail, a click or Enter/Space calls `onSelect`. Labels and
 * formatted figures come in through the data (charts know no language).
 */
import * as d3 from 'd3';
import { selectable, svgFrame, svgTooltip, textWidth } from './interaction.js';

export interface ValueTierDatum {
  key: string;
  /** Tier name, e.g. "Top 5 %". */
  label: string;
  /** Under the name, e.g. "118 customers · 116 likely alive". */
  figures: string;
  historical: number;
  predicted: number;
  /** Tooltip and accessible text (lines split on \n). */
  detail: string;
}

export interface AliveBinDatum {
  key: string;
  /** Axis label of the bin, e.g. "90%". */
  label: string;
  customers: number;
  detail: string;
}

export interface ValidationDatum {
  /** Axis label of the frequency group, e.g. "0" … "7+". */
  label: string;
  actual: number;
  predicted: number;
  detail: string;
}

export interface ValueChartOptions {
  width: number;
  height: number;
  title: string;
  selected?: string | null;
  onSelect?: (key: string) => void;
  /** Axis and value text for money (tiers) or counts. */
  format?: (v: number) => string;
  /** Legend names: [historical, predicted] for tiers, [actual, predicted] for the validation. */
  legend?: [string, string];
  /** Axis titles (validation: x then y). */
  axes?: [string, string];
  document?: Document;
}

const FONT = 12;
const HIST = 'var(--crm-value-historical, #94a3b8)';
const PRED = 'var(--crm-value-predicted, var(--crm-color-primary, #2563eb))';
const dim = (selected: string | null | undefined, key: string) => (selected && selected !== key ? 0.35 : 1);
const plain = (v: number) => d3.format(',.2~f')(v);

function legend(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, names: [string, string], colors: [string, string], x: number, y: number, dash = false) {
  const g = svg.append('g').attr('class', 'legend').attr('part', 'legend').attr('transform', `translate(${x},${y})`);
  let at = 0;
  names.forEach((name, i) => {
    const item = g.append('g').attr('transform', `translate(${at},0)`);
    if (dash) item.append('line').attr('x1', 0).attr('x2', 14).attr('y1', 0).attr('y2', 0).attr('stroke', colors[i]).attr('stroke-width', 2).attr('stroke-dasharray', i === 1 ? '4 3' : null);
    else item.append('rect').attr('x', 0).attr('y', -5).attr('width', 10).attr('height', 10).attr('rx', 2).attr('fill', colors[i]);
    item.append('text').attr('x', 18).attr('dy', '0.35em').attr('fill', 'currentColor').text(name);
    at += 18 + textWidth(name, FONT) + 16;
  });
}

/** Potential-value tiers: historical against predicted value. */
export function valueTiersChart(tiers: ValueTierDatum[], options: ValueChartOptions): SVGSVGElement {
  const { width } = options;
  const fmt = options.format ?? plain;
  const top = options.legend ? 24 : 4;
  const textW = Math.max(...tiers.flatMap((t) => [textWidth(t.label, FONT), textWidth(t.figures, FONT - 1)])) + 12;
  const valueW = Math.min(Math.max(...tiers.flatMap((t) => [textWidth(fmt(t.historical), FONT - 1), textWidth(fmt(t.predicted), FONT - 1)])) + 10, width * 0.3);
  // Narrow: the name and figures above the bars instead of beside them.
  const stacked = textW > width * 0.42;
  const labelW = stacked ? 0 : textW;
  const rowH = stacked ? 80 : Math.max(44, Math.min(64, (options.height - top - 4) / Math.max(1, tiers.length)));
  const height = Math.round(top + rowH * tiers.length + 4);
  const { svgEl, svg } = svgFrame({ ...options, height }, 'crm-value-tiers', FONT);
  if (!tiers.length) return svgEl;
  if (options.legend) legend(svg, options.legend, [HIST, PRED], 0, 10);
  const barW = Math.max(20, width - labelW - valueW);
  const max = d3.max(tiers, (t) => Math.max(t.historical, t.predicted, 0)) || 1;
  const x = d3.scaleLinear().domain([0, max]).range([0, barW]);
  const y = (i: number) => top + i * rowH;
  // Vertical centre of the bars within a row, and of the name and figures.
  const barMid = stacked ? 56 : rowH / 2;
  const nameY = stacked ? 14 : rowH / 2 - 3;
  const figY = stacked ? 29 : rowH / 2 + 12;
  const rows = svg
    .append('g')
    .attr('class', 'tiers')
    .selectAll<SVGGElement, ValueTierDatum>('g.tier')
    .data(tiers)
    .join('g')
    .attr('class', 'tier')
    .attr('opacity', (d) => dim(options.selected, d.key));
  rows
    .append('text')
    .attr('class', 'tier-name')
    .attr('x', 0)
    .attr('y', (_d, i) => y(i) + nameY)
    .attr('fill', 'currentColor')
    .attr('font-weight', 600)
    .text((d) => d.label);
  rows
    .append('text')
    .attr('class', 'tier-figures')
    .attr('x', 0)
    .attr('y', (_d, i) => y(i) + figY)
    .attr('font-size', FONT - 1)
    .attr('fill', 'var(--crm-color-muted, #6b7280)')
    .text((d) => d.figures);
  const hit = rows
    .append('rect')
    .attr('class', 'hit')
    .attr('x', 0)
    .attr('y', (_d, i) => y(i))
    .attr('width', width)
    .attr('height', rowH)
    .attr('fill', 'transparent');
  const barH = stacked ? 10 : Math.min(16, (rowH - 12) / 2);
  const bar = (cls: string, value: (d: ValueTierDatum) => number, dy: number, fill: string) => {
    rows
      .append('rect')
      .attr('class', cls)
      .attr('x', labelW)
      .attr('y', (_d, i) => y(i) + barMid + dy)
      .attr('width', (d) => Math.max(value(d) > 0 ? 1 : 0, x(Math.max(0, value(d)))))
      .attr('height', barH)
      .attr('rx', 2)
      .attr('fill', fill)
      .attr('pointer-events', 'none');
    rows
      .append('text')
      .attr('class', `${cls}-value`)
      .attr('x', (d) => labelW + x(Math.max(0, value(d))) + 4)
      .attr('y', (_d, i) => y(i) + barMid + dy + barH / 2)
      .attr('dy', '0.35em')
      .attr('font-size', FONT - 1)
      .attr('fill', 'currentColor')
      .text((d) => fmt(value(d)));
  };
  bar('historical', (d) => d.historical, -barH - 1, HIST);
  bar('predicted', (d) => d.predicted, 1, PRED);
  // The mark: an outline around the row's bars (focus ring and selection).
  const marks = rows
    .append('rect')
    .attr('class', 'tier-mark')
    .attr('x', Math.max(0, labelW - 3))
    .attr('y', (_d, i) => y(i) + barMid - barH - 4)
    .attr('width', barW + 6)
    .attr('height', 2 * barH + 8)
    .attr('rx', 4)
    .attr('fill', 'transparent')
    .attr('stroke', (d) => (options.selected === d.key ? 'var(--crm-color-focus, #111827)' : 'none'))
    .attr('stroke-width', 1.5);
  selectable(
    marks,
    svgTooltip(svg, width, height, 11),
    { key: (d) => d.key, text: (d) => d.detail, anchor: (d) => [labelW + x(Math.max(0, d.historical, d.predicted)), y(tiers.indexOf(d)) + barMid], selected: options.selected, onSelect: (d) => options.onSelect?.(d.key) },
    hit as unknown as d3.Selection<SVGElement, ValueTierDatum, SVGGElement, unknown>,
  );
  return svgEl;
}

/** Customers per P(alive) bin. */
export function aliveHistogram(bins: AliveBinDatum[], options: ValueChartOptions): SVGSVGElement {
  const { width, height } = options;
  const { svgEl, svg } = svgFrame(options, 'crm-alive-histogram', FONT);
  if (!bins.length) return svgEl;
  const fmt = options.format ?? ((v: number) => d3.format(',')(v));
  const max = d3.max(bins, (b) => b.customers) || 1;
  const m = { top: 18, right: 4, bottom: 22, left: 4 };
  const x = d3
    .scaleBand<string>()
    .domain(bins.map((b) => b.key))
    .range([m.left, width - m.right])
    .padding(0.15);
  const y = d3.scaleLinear().domain([0, max]).range([height - m.bottom, m.top]);
  const g = svg.append('g').attr('class', 'bins');
  const cols = g
    .selectAll<SVGGElement, AliveBinDatum>('g.bin')
    .data(bins)
    .join('g')
    .attr('class', 'bin')
    .attr('opacity', (d) => dim(options.selected, d.key));
  const hit = cols
    .append('rect')
    .attr('class', 'hit')
    .attr('x', (d) => x(d.key)!)
    .attr('y', m.top)
    .attr('width', x.bandwidth())
    .attr('height', height - m.top - m.bottom)
    .attr('fill', 'transparent');
  const bars = cols
    .append('rect')
    .attr('class', 'bin-bar')
    .attr('x', (d) => x(d.key)!)
    .attr('y', (d) => y(d.customers))
    .attr('width', x.bandwidth())
    .attr('height', (d) => Math.max(d.customers > 0 ? 1 : 0, height - m.bottom - y(d.customers)))
    .attr('rx', 2)
    .attr('fill', PRED)
    .attr('fill-opacity', (_d, i) => 0.35 + (0.65 * i) / Math.max(1, bins.length - 1))
    .attr('stroke', (d) => (options.selected === d.key ? 'var(--crm-color-focus, #111827)' : 'none'));
  const showCounts = x.bandwidth() >= Math.max(...bins.map((b) => textWidth(fmt(b.customers), FONT - 2)));
  if (showCounts) {
    cols
      .append('text')
      .attr('class', 'bin-count')
      .attr('x', (d) => x(d.key)! + x.bandwidth() / 2)
      .attr('y', (d) => y(d.customers) - 4)
      .attr('text-anchor', 'middle')
      .attr('font-size', FONT - 2)
      .attr('fill', 'currentColor')
      .text((d) => fmt(d.customers));
  }
  // Every other label when they would collide.
  const step = x.bandwidth() < Math.max(...bins.map((b) => textWidth(b.label, FONT - 1))) + 2 ? 2 : 1;
  cols
    .filter((_d, i) => i % step === 0)
    .append('text')
    .attr('class', 'bin-label')
    .attr('x', (d) => x(d.key)!)
    .attr('y', height - m.bottom + 14)
    .attr('font-size', FONT - 1)
    .attr('fill', 'var(--crm-color-muted, #6b7280)')
    .text((d) => d.label);
  selectable(
    bars,
    svgTooltip(svg, width, height, 11),
    { key: (d) => d.key, text: (d) => d.detail, anchor: (d) => [x(d.key)! + x.bandwidth() / 2, y(d.customers)], selected: options.selected, onSelect: (d) => options.onSelect?.(d.key) },
    hit as unknown as d3.Selection<SVGElement, AliveBinDatum, SVGGElement, unknown>,
  );
  return svgEl;
}

/** Holdout validation: mean actual and predicted repeat purchases per calibration frequency group. */
export function validationChart(groups: ValidationDatum[], options: ValueChartOptions): SVGSVGElement {
  const { width, height } = options;
  const { svgEl, svg } = svgFrame(options, 'crm-value-validation', FONT);
  if (!groups.length) return svgEl;
  const fmt = options.format ?? plain;
  const max = d3.max(groups, (g) => Math.max(g.actual, g.predicted)) || 1;
  const y = d3.scaleLinear().domain([0, max]).nice(4).range([height - 34, 26]);
  const ticks = y.ticks(4);
  const left = Math.max(...ticks.map((t) => textWidth(fmt(t), FONT - 1))) + 8;
  const x = d3
    .scalePoint<string>()
    .domain(groups.map((g) => g.label))
    .range([left + 10, width - 10]);
  if (options.legend) legend(svg, options.legend, ['currentColor', PRED], left, 10, true);
  const axis = svg.append('g').attr('class', 'axis').attr('part', 'axis').attr('font-size', FONT - 1).attr('fill', 'var(--crm-color-muted, #6b7280)');
  for (const t of ticks) {
    axis.append('line').attr('x1', left).attr('x2', width).attr('y1', y(t)).attr('y2', y(t)).attr('stroke', 'var(--crm-color-border, #e5e7eb)');
    axis.append('text').attr('x', left - 6).attr('y', y(t)).attr('dy', '0.35em').attr('text-anchor', 'end').text(fmt(t));
  }
  for (const g of groups) axis.append('text').attr('x', x(g.label)!).attr('y', height - 18).attr('text-anchor', 'middle').text(g.label);
  if (options.axes) axis.append('text').attr('class', 'axis-title').attr('x', (left + width) / 2).attr('y', height - 3).attr('text-anchor', 'middle').text(options.axes[0]);
  const line = (v: (g: ValidationDatum) => number) =>
    d3
      .line<ValidationDatum>()
      .x((g) => x(g.label)!)
      .y((g) => y(v(g)))(groups)!;
  svg.append('path').attr('class', 'actual-line').attr('d', line((g) => g.actual)).attr('fill', 'none').attr('stroke', 'currentColor').attr('stroke-width', 2);
  svg.append('path').attr('class', 'predicted-line').attr('d', line((g) => g.predicted)).attr('fill', 'none').attr('stroke', PRED).attr('stroke-width', 2).attr('stroke-dasharray', '4 3');
  const pts = svg.append('g').attr('class', 'points');
  pts.selectAll('circle.actual').data(groups).join('circle').attr('class', 'actual').attr('cx', (g) => x(g.label)!).attr('cy', (g) => y(g.actual)).attr('r', 3).attr('fill', 'currentColor');
  pts.selectAll('circle.predicted').data(groups).join('circle').attr('class', 'predicted').attr('cx', (g) => x(g.label)!).attr('cy', (g) => y(g.predicted)).attr('r', 3).attr('fill', PRED);
  // Each group a focusable column with its figures (no selection).
  const tip = svgTooltip(svg, width, height, 11);
  const step = groups.length > 1 ? x(groups[1].label)! - x(groups[0].label)! : width;
  svg
    .append('g')
    .attr('class', 'group-hits')
    .selectAll('rect')
    .data(groups)
    .join('rect')
    .attr('class', 'group')
    .attr('x', (g) => x(g.label)! - step / 2)
    .attr('y', 20)
    .attr('width', step)
    .attr('height', height - 54)
    .attr('fill', 'transparent')
    .attr('tabindex', 0)
    .attr('role', 'img')
    .attr('aria-label', (g) => g.detail.replaceAll('\n', ', '))
    .on('pointerenter focus', (_e, g) => tip.show(g.detail, x(g.label)!, y(Math.max(g.actual, g.predicted))))
    .on('pointerleave blur', () => tip.hide());
  return svgEl;
}
