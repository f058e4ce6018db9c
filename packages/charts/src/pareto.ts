/**
 * Pareto (cumulative concentration) curve: x = cumulative share of customers,
 * y = cumulative share of revenue or profit, with the equality diagonal, the
 * top-cut and target annotations, and for profit the whale curve's peak and
 * loss-making tail.
 *
 * Interaction: one focusable mark (the focus point, role "slider") follows the
 * pointer or the arrow keys and shows the tooltip. A click selects the top k
 * customers up to that point, a drag selects the range between press and
 * release; on the keyboard Enter/Space selects the top k, Shift+arrows extend
 * a range first, Escape clears.
 */
import * as d3 from 'd3';
import { textWidth, type Measure } from './interaction.js';

export interface ParetoChartPoint {
  rank: number;
  x: number;
  y: number;
  value: number | null;
}

export interface ParetoChartData {
  series: ParetoChartPoint[];
  n: number;
  cut: number;
  topShare: number;
  target: number;
  kTarget: number;
  /** Whale curve: the peak's rank and share, and the first loss-making rank. */
  peakRank?: number;
  peakShare?: number;
  lossStart?: number | null;
}

export interface ParetoRange {
  from: number;
  to: number;
}

export interface ParetoChartOptions {
  width: number;
  height: number;
  /** Mark the peak and the loss-making tail (profit mode). */
  whale?: boolean;
  labels: {
    /** Accessible name of the chart. */
    title: string;
    x: string;
    y: string;
    diagonal: string;
    /** Short texts drawn beside the annotations. */
    cut: string;
    target: string;
    peak?: string;
    loss?: string;
    /** Tooltip / aria-valuetext for a point (lines separated by \n). */
    point: (p: ParetoChartPoint) => string;
  };
  percent: (v: number) => string;
  /** Ranks currently selected, drawn as a band. */
  selected?: ParetoRange | null;
  onSelect?: (range: ParetoRange | null) => void;
  /** The range a press, a drag or Shift+arrows would select if released (or Enter pressed) now, each new one once: lets the page work it out ahead. */
  onPreview?: (range: ParetoRange) => void;
  /** Text width in px (default: an estimate); the element passes one that measures in its font. */
  measure?: Measure;
  document?: Document;
}

const SVG = 'http://www.w3.org/2000/svg';
const M = { top: 18, right: 20, bottom: 40, left: 52 };

/** Draw the curve; returns a detached SVG element. */
export function paretoChart(data: ParetoChartData, options: ParetoChartOptions): SVGSVGElement {
  const doc = options.document ?? document;
  const { width, height, labels, percent } = options;
  const svgEl = doc.createElementNS(SVG, 'svg') as SVGSVGElement;
  const svg = d3
    .select(svgEl)
    .attr('class', 'crm-pareto')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'group')
    .attr('aria-label', labels.title);
  const pts = data.series;
  if (pts.length === 0) return svgEl;

  const yMax = Math.max(1, d3.max(pts, (p) => p.y) ?? 1);
  const yMin = Math.min(0, d3.min(pts, (p) => p.y) ?? 0);
  const x = d3.scaleLinear().domain([0, 1]).range([M.left, Math.max(M.left + 10, width - M.right)]);
  const y = d3.scaleLinear().domain([yMin, yMax]).nice().range([Math.max(M.top + 10, height - M.bottom), M.top]);
  const ticks = (s: d3.ScaleLinear<number, number>, n: number) => s.ticks(n);

  // grid and axes
  const gx = svg.append('g').attr('class', 'axis x').attr('part', 'axis').attr('transform', `translate(0,${y.range()[0]})`);
  gx.call(d3.axisBottom(x).tickValues(ticks(x, 5)).tickFormat((v) => percent(+v)).tickSizeOuter(0));
  gx.append('text').attr('class', 'axis-label').attr('x', x(1)).attr('y', 32).attr('text-anchor', 'end').attr('fill', 'currentColor').text(labels.x);
  const gy = svg.append('g').attr('class', 'axis y').attr('part', 'axis').attr('transform', `translate(${M.left},0)`);
  gy.call(d3.axisLeft(y).tickValues(ticks(y, 5)).tickFormat((v) => percent(+v)).tickSizeOuter(0));
  gy.append('text').attr('class', 'axis-label').attr('x', -M.left + 4).attr('y', M.top - 6).attr('text-anchor', 'start').attr('fill', 'currentColor').text(labels.y);
  svg.selectAll('.axis').attr('font-size', 11).attr('font-family', null);

  // selection band (under the curve)
  const band = svg.append('rect').attr('class', 'selection').attr('fill', 'var(--crm-color-selection, rgba(37,99,235,0.14))').attr('y', M.top).attr('height', y.range()[0] - M.top);
  const showBand = (r: ParetoRange | null | undefined) => {
    if (!r) return band.attr('display', 'none');
    const x0 = x((r.from - 1) / data.n);
    band.attr('display', null).attr('x', x0).attr('width', Math.max(1, x(r.to / data.n) - x0));
  };
  showBand(options.selected);

  // equality diagonal
  svg
    .append('line')
    .attr('class', 'diagonal')
    .attr('x1', x(0))
    .attr('y1', y(0))
    .attr('x2', x(1))
    .attr('y2', y(1))
    .attr('stroke', 'var(--crm-color-muted, #9ca3af)')
    .attr('stroke-dasharray', '4 4')
    .append('title')
    .text(labels.diagonal);
  if (y(1) !== undefined) {
    svg.append('line').attr('class', 'full').attr('x1', x(0)).attr('x2', x(1)).attr('y1', y(1)).attr('y2', y(1)).attr('stroke', 'var(--crm-color-border, #e5e7eb)');
  }

  // the curve; the loss-making tail in the danger colour
  const line = d3
    .line<ParetoChartPoint>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const lossStart = options.whale && data.lossStart ? data.lossStart : null;
  const head = lossStart ? pts.filter((p) => p.rank < lossStart) : pts;
  svg.append('path').attr('class', 'curve').attr('fill', 'none').attr('stroke', 'var(--crm-color-primary, #2563eb)').attr('stroke-width', 2).attr('d', line(head));
  if (lossStart) {
    const tail = pts.filter((p) => p.rank >= lossStart - 1);
    const area = d3
      .area<ParetoChartPoint>()
      .x((p) => x(p.x))
      .y0(y(tail[0].y))
      .y1((p) => y(p.y));
    svg.append('path').attr('class', 'loss-area').attr('fill', 'var(--crm-color-danger-bg, #fee2e2)').attr('d', area(tail));
    svg.append('path').attr('class', 'curve loss').attr('fill', 'none').attr('stroke', 'var(--crm-color-danger, #b91c1c)').attr('stroke-width', 2.5).attr('d', line(tail));
    if (labels.loss) {
      const last = tail[tail.length - 1];
      svg.append('text').attr('class', 'annotation loss-label').attr('x', x(last.x) - 4).attr('y', y(last.y) + 16).attr('text-anchor', 'end').attr('fill', 'var(--crm-color-danger, #b91c1c)').text(labels.loss);
    }
  }

  // annotations: top cut and target
  const ann = svg.append('g').attr('class', 'annotations').attr('font-size', 11).attr('fill', 'currentColor');
  const guide = (x1: number, y1: number, cls: string) => {
    ann
      .append('path')
      .attr('class', `guide ${cls}`)
      .attr('fill', 'none')
      .attr('stroke', 'var(--crm-color-muted, #6b7280)')
      .attr('stroke-dasharray', '2 3')
      .attr('d', `M${x(x1)},${y(yMin < 0 ? 0 : yMin)}V${y(y1)}H${x(0)}`);
    ann.append('circle').attr('class', `dot ${cls}`).attr('cx', x(x1)).attr('cy', y(y1)).attr('r', 3.5).attr('fill', 'var(--crm-color-text, #1f2937)');
  };
  guide(data.cut, data.topShare, 'cut');
  ann.append('text').attr('class', 'annotation cut-label').attr('x', x(data.cut) + 6).attr('y', y(data.topShare) + 14).text(labels.cut);
  if (data.kTarget > 0) {
    const tx = data.kTarget / data.n;
    guide(tx, data.target, 'target');
    ann.append('text').attr('class', 'annotation target-label').attr('x', x(tx) + 6).attr('y', y(data.target) - 6).text(labels.target);
  }
  if (options.whale && data.peakRank && data.peakShare !== undefined) {
    const px = data.peakRank / data.n;
    ann.append('circle').attr('class', 'peak').attr('cx', x(px)).attr('cy', y(data.peakShare)).attr('r', 5).attr('fill', 'none').attr('stroke', 'var(--crm-color-danger, #b91c1c)').attr('stroke-width', 2);
    if (labels.peak) ann.append('text').attr('class', 'annotation peak-label').attr('x', x(px)).attr('y', y(data.peakShare) - 10).attr('text-anchor', 'middle').text(labels.peak);
  }

  // tooltip (inside the SVG: charts know no HTML host)
  const tip = svg.append('g').attr('class', 'tooltip').attr('part', 'tooltip').attr('pointer-events', 'none').attr('display', 'none');
  const tipBox = tip.append('rect').attr('rx', 4).attr('fill', 'var(--crm-tooltip-bg, rgba(17,24,39,0.92))');
  const tipText = tip.append('text').attr('fill', 'var(--crm-tooltip-color, #f9fafb)').attr('font-size', 11);

  // focus point: the one keyboard mark
  let index = Math.max(0, d3.bisector((p: ParetoChartPoint) => p.rank).left(pts, Math.ceil(data.cut * data.n)));
  index = Math.min(index, pts.length - 1);
  let anchor: number | null = null;
  const focus = svg
    .append('circle')
    .attr('class', 'mark focus-point')
    .attr('part', 'mark')
    .attr('tabindex', 0)
    .attr('role', 'slider')
    .attr('aria-label', labels.title)
    .attr('aria-valuemin', 0)
    .attr('aria-valuemax', data.n)
    .attr('r', 5)
    .attr('fill', 'var(--crm-color-surface, #fff)')
    .attr('stroke', 'var(--crm-color-primary, #2563eb)')
    .attr('stroke-width', 2);

  const rangeOf = (a: number, b: number): ParetoRange | null => {
    const lo = Math.min(pts[a].rank, pts[b].rank);
    const hi = Math.max(pts[a].rank, pts[b].rank);
    if (hi === 0) return null;
    return a === b ? { from: 1, to: hi } : { from: lo + 1, to: hi };
  };
  // The range a release (or Enter) would select now, told once per new range.
  let previewed = '';
  const preview = (r: ParetoRange | null) => {
    const k = r ? `${r.from}-${r.to}` : '';
    if (!r || k === previewed) return;
    previewed = k;
    options.onPreview?.(r);
  };
  const move = (i: number, show: boolean) => {
    index = Math.max(0, Math.min(pts.length - 1, i));
    const p = pts[index];
    const text = labels.point(p);
    focus.attr('cx', x(p.x)).attr('cy', y(p.y)).attr('aria-valuenow', p.rank).attr('aria-valuetext', text.replaceAll('\n', ', '));
    if (!show) return tip.attr('display', 'none');
    const lines = text.split('\n');
    tipText
      .selectAll('tspan')
      .data(lines)
      .join('tspan')
      .attr('x', 6)
      .attr('dy', 14)
      .text((d) => d);
    const w = Math.max(...lines.map((l) => textWidth(l, 11, options.measure))) + 12;
    const h = lines.length * 14 + 8;
    const tx = x(p.x) + 10 + w > width ? x(p.x) - 10 - w : x(p.x) + 10;
    const ty = Math.max(0, Math.min(height - h, y(p.y) - h - 8));
    tipBox.attr('width', w).attr('height', h);
    tip.attr('display', null).attr('transform', `translate(${tx},${ty})`);
    if (anchor !== null) {
      showBand(rangeOf(anchor, index));
      preview(rangeOf(anchor, index));
    }
  };
  move(index, false);

  focus
    .on('focus', () => move(index, true))
    .on('blur', () => {
      tip.attr('display', 'none');
      anchor = null;
      showBand(options.selected);
    })
    .on('keydown', (ev: KeyboardEvent) => {
      const page = Math.max(1, Math.round(pts.length / 10));
      const steps: Record<string, number> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: page, PageDown: -page };
      if (ev.key in steps || ev.key === 'Home' || ev.key === 'End') {
        if (ev.shiftKey && anchor === null) anchor = index;
        if (!ev.shiftKey && anchor !== null) {
          anchor = null;
          showBand(options.selected);
        }
        move(ev.key === 'Home' ? 0 : ev.key === 'End' ? pts.length - 1 : index + steps[ev.key], true);
      } else if (ev.key === 'Enter' || ev.key === ' ') {
        options.onSelect?.(rangeOf(anchor ?? index, index));
        anchor = null;
      } else if (ev.key === 'Escape') {
        anchor = null;
        options.onSelect?.(null);
      } else return;
      ev.preventDefault();
    });

  // pointer: hover shows, click selects the top k, drag selects a range
  const nearest = (ev: PointerEvent) => {
    const [mx] = d3.pointer(ev, svgEl);
    const share = x.invert(mx);
    const i = d3.bisector((p: ParetoChartPoint) => p.x).center(pts, share);
    return Math.max(0, Math.min(pts.length - 1, i));
  };
  let pressed: number | null = null;
  svg
    .append('rect')
    .attr('class', 'overlay')
    .attr('x', x(0))
    .attr('y', M.top)
    .attr('width', x(1) - x(0))
    .attr('height', y.range()[0] - M.top)
    .attr('fill', 'transparent')
    .style('cursor', 'crosshair')
    .on('pointermove', (ev: PointerEvent) => {
      const i = nearest(ev);
      move(i, true);
      if (pressed !== null) {
        showBand(rangeOf(pressed, i));
        preview(rangeOf(pressed, i));
      }
    })
    .on('pointerleave', () => {
      tip.attr('display', 'none');
      if (pressed !== null) {
        pressed = null;
        showBand(options.selected);
      }
    })
    .on('pointerdown', (ev: PointerEvent) => {
      pressed = nearest(ev);
      previewed = '';
      preview(rangeOf(pressed, pressed));
      (ev.target as Element).setPointerCapture?.(ev.pointerId);
    })
    .on('pointerup', (ev: PointerEvent) => {
      if (pressed === null) return;
      const range = rangeOf(pressed, nearest(ev));
      pressed = null;
      options.onSelect?.(range);
    });
  // keep the focus point above the overlay
  focus.raise();
  tip.raise();
  return svgEl;
}
