/**
 * Conversion funnel: one row per step, left-aligned bars as long as the step's people relative to
 * step 1. Behind each bar from step 2 on, a pale band as long as the previous step shows who dropped
 * off. Both are marks: the bar selects the people who reached the step (`converted:<k>`), the band
 * the people who reached the previous step but not this one (`dropped:<k>`). Names on the left,
 * figures on the right.
 */
import { selectable, svgFrame, svgTooltip, textWidth, type Measure } from './interaction.js';
import type * as d3 from 'd3';

export interface ConversionStep {
  /** 1-based. */
  step: number;
  label: string;
  people: number;
  /** People of the previous step (step 1: its own). */
  previous: number;
  /** People at step 1. */
  first: number;
  /** Figures on the right, e.g. "412 · 41.2 % · 3 h". */
  figures: string;
  /** Tooltip and accessible text of the bar (lines split on \n). */
  detail: string;
  /** Tooltip and accessible text of the drop-off band (steps 2+). */
  dropDetail?: string;
}

export interface ConversionFunnelChartOptions {
  width: number;
  height: number;
  title: string;
  /** `converted:<k>` or `dropped:<k>`. */
  selected?: string | null;
  onSelect?: (key: string) => void;
  measure?: Measure;
  color?: string;
  document?: Document;
}

const FONT = 12;

interface Mark {
  key: string;
  step: ConversionStep;
  row: number;
  x: number;
  w: number;
  text: string;
}

export function conversionFunnelChart(steps: ConversionStep[], options: ConversionFunnelChartOptions): SVGSVGElement {
  const { width } = options;
  const tw = (t: string, weight?: number) => textWidth(t, FONT, options.measure, weight);
  const labelW = Math.min(Math.max(0, ...steps.map((s) => tw(s.label, 600))) + 12, width * 0.3);
  const figW = Math.min(Math.max(0, ...steps.map((s) => tw(s.figures))) + 12, width * 0.4);
  const barW = Math.max(40, width - labelW - figW - 8);
  const rowH = Math.max(28, Math.min(52, (options.height - 8) / Math.max(1, steps.length)));
  const height = Math.round(rowH * steps.length + 8);
  const { svgEl, svg } = svgFrame({ ...options, height }, 'crm-conversion-funnel', FONT);
  if (steps.length === 0) return svgEl;
  const x0 = labelW;
  const y = (i: number) => 4 + i * rowH;
  const len = (n: number, first: number) => (first > 0 ? Math.max(n > 0 ? 2 : 0, (n / first) * barW) : 0);
  const color = options.color ?? 'var(--crm-color-primary, #2563eb)';
  const dim = (key: string) => (options.selected && options.selected !== key ? 0.4 : 1);

  const rows = svg.append('g').attr('class', 'steps');
  steps.forEach((s, i) => {
    rows
      .append('text')
      .attr('class', 'step-name')
      .attr('x', labelW - 8)
      .attr('y', y(i) + rowH / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', 'currentColor')
      .attr('font-weight', 600)
      .text(s.label);
    rows
      .append('text')
      .attr('class', 'step-figures')
      .attr('x', x0 + barW + 8)
      .attr('y', y(i) + rowH / 2)
      .attr('dy', '0.35em')
      .attr('fill', 'currentColor')
      .text(s.figures);
  });
  const marks: Mark[] = [];
  steps.forEach((s, i) => {
    if (s.step > 1 && s.previous > s.people) {
      const x = x0 + len(s.people, s.first);
      marks.push({ key: `dropped:${s.step}`, step: s, row: i, x, w: Math.max(2, len(s.previous, s.first) - len(s.people, s.first)), text: s.dropDetail ?? '' });
    }
    marks.push({ key: `converted:${s.step}`, step: s, row: i, x: x0, w: len(s.people, s.first), text: s.detail });
  });
  const bars = rows
    .selectAll<SVGRectElement, Mark>('rect.bar')
    .data(marks)
    .join('rect')
    .attr('class', (d) => `bar ${d.key.split(':')[0]}`)
    .attr('x', (d) => d.x)
    .attr('y', (d) => y(d.row) + rowH * 0.14)
    .attr('width', (d) => d.w)
    .attr('height', rowH * 0.72)
    .attr('rx', 3)
    .attr('fill', (d) => (d.key.startsWith('dropped') ? 'var(--crm-funnel-dropped, #fca5a5)' : color))
    .attr('opacity', (d) => dim(d.key));
  selectable(
    bars as unknown as d3.Selection<SVGRectElement, Mark, SVGGElement, unknown>,
    svgTooltip(svg, width, height, 11, options.measure),
    {
      key: (d) => d.key,
      text: (d) => d.text,
      anchor: (d) => [d.x + d.w, y(d.row) + rowH / 2],
      avoid: (d) => [y(d.row), y(d.row) + rowH],
      selected: options.selected,
      onSelect: (d) => options.onSelect?.(d.key),
    },
  );
  return svgEl;
}
