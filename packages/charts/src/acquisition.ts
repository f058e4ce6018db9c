/**
 * Acquisition payback: one row per channel, two bars on one scale — the unit acquisition cost
 * (muted) and the value a customer has brought so far (accent). The row is a mark: a click or
 * Enter/Space selects the channel. Names on the left, figures on the right.
 */
import { selectable, svgFrame, svgTooltip, textWidth, type Measure } from './interaction.js';
import type * as d3 from 'd3';

export interface AcquisitionRow {
  key: string;
  label: string;
  /** Unit acquisition cost (null: unknown). */
  cost: number | null;
  /** Value per customer to date. */
  value: number;
  figures: string;
  detail: string;
}

export interface AcquisitionChartOptions {
  width: number;
  height: number;
  title: string;
  selected?: string | null;
  onSelect?: (key: string) => void;
  measure?: Measure;
  document?: Document;
}

const FONT = 12;

export function acquisitionChart(rows: AcquisitionRow[], options: AcquisitionChartOptions): SVGSVGElement {
  const { width } = options;
  const tw = (t: string, weight?: number) => textWidth(t, FONT, options.measure, weight);
  const labelW = Math.min(Math.max(0, ...rows.map((r) => tw(r.label, 600))) + 12, width * 0.3);
  const figW = Math.min(Math.max(0, ...rows.map((r) => tw(r.figures))) + 12, width * 0.4);
  const barW = Math.max(40, width - labelW - figW - 8);
  const rowH = Math.max(32, Math.min(48, (options.height - 8) / Math.max(1, rows.length)));
  const height = Math.round(rowH * rows.length + 8);
  const { svgEl, svg } = svgFrame({ ...options, height }, 'crm-acquisition', FONT);
  if (rows.length === 0) return svgEl;
  const max = Math.max(1e-9, ...rows.map((r) => Math.max(r.cost ?? 0, r.value, 0)));
  const len = (v: number | null) => (v === null || v <= 0 ? 0 : Math.max(2, (v / max) * barW));
  const y = (i: number) => 4 + i * rowH;
  const g = svg.append('g').attr('class', 'channels');
  const row = g
    .selectAll<SVGGElement, AcquisitionRow>('g.channel')
    .data(rows)
    .join('g')
    .attr('class', 'channel')
    .attr('opacity', (d) => (options.selected && options.selected !== d.key ? 0.4 : 1));
  row.append('rect').attr('class', 'hit').attr('x', 0).attr('y', (_d, i) => y(i)).attr('width', width).attr('height', rowH).attr('fill', 'transparent');
  row
    .append('text')
    .attr('class', 'channel-name')
    .attr('x', labelW - 8)
    .attr('y', (_d, i) => y(i) + rowH / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-weight', 600)
    .attr('fill', 'currentColor')
    .text((d) => d.label);
  row
    .append('rect')
    .attr('class', 'cost')
    .attr('x', labelW)
    .attr('y', (_d, i) => y(i) + rowH * 0.12)
    .attr('width', (d) => len(d.cost))
    .attr('height', rowH * 0.34)
    .attr('fill', 'var(--crm-acquisition-cost, #9ca3af)');
  row
    .append('rect')
    .attr('class', 'value')
    .attr('x', labelW)
    .attr('y', (_d, i) => y(i) + rowH * 0.52)
    .attr('width', (d) => len(d.value))
    .attr('height', rowH * 0.34)
    .attr('fill', 'var(--crm-color-primary, #2563eb)');
  row
    .append('text')
    .attr('class', 'channel-figures')
    .attr('x', labelW + barW + 8)
    .attr('y', (_d, i) => y(i) + rowH / 2)
    .attr('dy', '0.35em')
    .attr('fill', 'currentColor')
    .text((d) => d.figures);
  selectable(
    row.select<SVGRectElement>('rect.hit') as unknown as d3.Selection<SVGRectElement, AcquisitionRow, SVGGElement, unknown>,
    svgTooltip(svg, width, height, 11, options.measure),
    {
      key: (d) => d.key,
      text: (d) => d.detail,
      anchor: (d) => [labelW + Math.max(len(d.cost), len(d.value)), y(rows.indexOf(d)) + rowH / 2],
      avoid: (d) => [y(rows.indexOf(d)), y(rows.indexOf(d)) + rowH],
      selected: options.selected,
      onSelect: (d) => options.onSelect?.(d.key),
    },
  );
  return svgEl;
}
