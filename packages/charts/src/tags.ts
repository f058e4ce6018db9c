import { scaleLinear } from 'd3';
import { selectable, svgFrame, svgTooltip, textWidth, type Measure } from './interaction.js';

/** One tag's bar: its customers and share of revenue, with words from the host. */
export interface TagBar {
  key: string;
  /** Shown name (translated by the host). */
  label: string;
  customers: number;
  /** Share of the counted customers, 0–1. */
  customerShare: number;
  /** Text right of the bar, e.g. "120 · 34 % of revenue". */
  value: string;
  /** Tooltip and accessible text (lines split on \n). */
  detail: string;
  kind: 'built-in' | 'register' | 'rule';
}

export interface TagsChartOptions {
  width: number;
  title: string;
  /** Keys of the selected tags. */
  selected?: readonly string[];
  onSelect?: (bar: TagBar) => void;
  measure?: Measure;
  document?: Document;
}

const DEFAULTS = { row: 28, bar: 16, fontSize: 12, margin: { top: 6, right: 8, bottom: 6, left: 8 } };

/**
 * Tags as horizontal bars, one row each (longest first as given): the bar's
 * length is the tag's share of the customers counted; clicking (or Enter /
 * Space on) a bar selects the tag. Height follows the number of tags.
 */
export function tagsChart(data: readonly TagBar[], o: TagsChartOptions): SVGSVGElement {
  const d = DEFAULTS;
  const height = d.margin.top + d.margin.bottom + Math.max(1, data.length) * d.row;
  const { svgEl, svg } = svgFrame({ width: o.width, height, title: o.title, document: o.document }, 'crm-tags', d.fontSize);
  // Names and figures keep their full width where they can; a narrow chart gives them up to 30 % and 45 % of it.
  const labelW = Math.min(o.width * 0.3, Math.max(40, ...data.map((b) => textWidth(b.label, d.fontSize, o.measure))) + 8);
  const valueW = Math.min(o.width * 0.45, Math.max(30, ...data.map((b) => textWidth(b.value, d.fontSize, o.measure))) + 8);
  const x0 = d.margin.left + labelW;
  const x1 = Math.max(x0 + 10, o.width - d.margin.right - valueW);
  const x = scaleLinear().domain([0, Math.max(1e-9, ...data.map((b) => b.customerShare))]).range([x0, x1]);
  const selected = new Set(o.selected ?? []);
  const rows = svg
    .append('g')
    .selectAll('g')
    .data(data)
    .join('g')
    .attr('transform', (_b, i) => `translate(0,${d.margin.top + i * d.row})`);
  rows
    .append('text')
    .attr('class', 'label')
    .attr('x', x0 - 8)
    .attr('y', d.row / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('fill', 'var(--crm-color-text, #1f2937)')
    .attr('font-weight', (b) => (selected.has(b.key) ? 600 : null))
    .text((b) => b.label);
  rows
    .append('rect')
    .attr('class', 'track')
    .attr('x', x0)
    .attr('y', (d.row - d.bar) / 2)
    .attr('width', x1 - x0)
    .attr('height', d.bar)
    .attr('fill', 'var(--crm-color-track, rgba(148,163,184,0.15))');
  const bars = rows
    .append('rect')
    .attr('x', x0)
    .attr('y', (d.row - d.bar) / 2)
    .attr('width', (b) => Math.max(1, x(b.customerShare) - x0))
    .attr('height', d.bar)
    .attr('rx', 3)
    .attr('fill', (b) => (b.kind === 'register' ? 'var(--crm-tag-register, #0d9488)' : b.kind === 'rule' ? 'var(--crm-tag-rule, #7c3aed)' : 'var(--crm-tag-color, var(--crm-color-primary, #2563eb))'));
  rows
    .append('text')
    .attr('class', 'value')
    .attr('x', (b) => x(b.customerShare) + 6)
    .attr('y', d.row / 2)
    .attr('dy', '0.35em')
    .attr('fill', 'var(--crm-color-muted, #6b7280)')
    .text((b) => b.value);
  const tip = svgTooltip(svg, o.width, height, 11, o.measure);
  selectable(bars, tip, {
    key: (b) => b.key,
    text: (b) => b.detail,
    anchor: (b) => [x(b.customerShare), d.margin.top + data.indexOf(b) * d.row + d.row / 2],
    selected: null,
    onSelect: o.onSelect,
  });
  bars.classed('selected', (b) => selected.has(b.key)).attr('aria-pressed', (b) => String(selected.has(b.key)));
  bars.attr('stroke', (b) => (selected.has(b.key) ? 'var(--crm-color-focus, #111827)' : null)).attr('stroke-width', (b) => (selected.has(b.key) ? 2 : null));
  return svgEl;
}
