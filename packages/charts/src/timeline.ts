import { max, min, scaleBand, scaleLinear, select } from 'd3';

/** One bar: a period and its value. */
export interface TimelineDatum {
  /** Epoch ms of the period's start. */
  t: number;
  value: number;
  /** Accessible text for the bar (e.g. "Mar 2024: 2 orders, $120"). */
  label: string;
}

export interface TimelineOptions {
  width: number;
  height?: number;
  /** Axis tick text for a period start. */
  formatTime?: (t: number) => string;
  title?: string;
  document?: Document;
}

const DEFAULTS = { height: 90, margin: { top: 6, right: 4, bottom: 18, left: 4 } };

/**
 * A compact bar timeline (a customer's purchases per month): positive bars up,
 * returns (negative) down from the zero line.
 */
export function timeline(data: readonly TimelineDatum[], options: TimelineOptions): SVGSVGElement {
  const { width } = options;
  const height = options.height ?? DEFAULTS.height;
  const m = DEFAULTS.margin;
  const doc = options.document ?? document;
  const svg = select(doc.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement);
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`).attr('role', 'img');
  if (options.title) svg.attr('aria-label', options.title);
  const x = scaleBand<number>()
    .domain(data.map((d) => d.t))
    .range([m.left, width - m.right])
    .paddingInner(0.2);
  const lo = Math.min(0, min(data, (d) => d.value) ?? 0);
  const hi = Math.max(0, max(data, (d) => d.value) ?? 0);
  const y = scaleLinear()
    .domain([lo, hi === lo ? lo + 1 : hi])
    .range([height - m.bottom, m.top]);
  svg
    .append('line')
    .attr('class', 'zero')
    .attr('x1', m.left)
    .attr('x2', width - m.right)
    .attr('y1', y(0))
    .attr('y2', y(0))
    .attr('stroke', 'var(--crm-color-grid, #e5e7eb)');
  svg
    .append('g')
    .selectAll('rect')
    .data(data)
    .join('rect')
    .attr('class', (d) => `mark ${d.value < 0 ? 'negative' : 'positive'}`)
    .attr('x', (d) => x(d.t)!)
    .attr('width', Math.max(1, x.bandwidth()))
    .attr('y', (d) => Math.min(y(0), y(d.value)))
    .attr('height', (d) => Math.max(1, Math.abs(y(d.value) - y(0))))
    .attr('fill', (d) => (d.value < 0 ? 'var(--crm-color-negative, #b91c1c)' : 'var(--crm-color-series-1, #2563eb)'))
    .attr('role', 'img')
    .attr('aria-label', (d) => d.label)
    .append('title')
    .text((d) => d.label);
  if (options.formatTime && data.length) {
    const ticks = data.length <= 2 ? data : [data[0], data[data.length - 1]];
    svg
      .append('g')
      .attr('class', 'axis')
      .selectAll('text')
      .data(ticks)
      .join('text')
      .attr('x', (d, i) => (i === 0 ? m.left : width - m.right))
      .attr('y', height - 4)
      .attr('text-anchor', (_d, i) => (i === 0 ? 'start' : 'end'))
      .attr('font-size', 10)
      .attr('fill', 'var(--crm-color-muted, #6b7280)')
      .text((d) => options.formatTime!(d.t));
  }
  return svg.node()!;
}
