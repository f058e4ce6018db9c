/**
 * What the pyramid and funnel share: the SVG frame, a tooltip drawn inside
 * the SVG (charts know no HTML host), selectable marks, and a text width
 * estimate used to place labels without a layout engine (jsdom has none):
 * CJK characters are one em wide, others ~0.58 em.
 */
import { select, type Selection } from 'd3';

/** A detached `<svg>` of `width` × `height`, named `title` for assistive technology. */
export function svgFrame(o: { width: number; height: number; title: string; document?: Document }, className: string, fontSize: number) {
  const svgEl = (o.document ?? document).createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement;
  const svg = select(svgEl)
    .attr('class', className)
    .attr('width', o.width)
    .attr('height', o.height)
    .attr('viewBox', `0 0 ${o.width} ${o.height}`)
    .attr('role', 'group')
    .attr('aria-label', o.title)
    .attr('font-size', fontSize);
  return { svgEl, svg };
}

/**
 * Width of `text` in px at `fontSize` (and `weight`). A host that can lay text out passes its own
 * measurer through a chart's `measure` option (e.g. canvas `measureText` in the page's font); without
 * one, an estimate: CJK and full-width characters one em, others ~0.58 em.
 */
export type Measure = (text: string, fontSize: number, weight?: number) => number;

export function textWidth(text: string, fontSize: number, measure?: Measure, weight?: number): number {
  if (measure) return measure(text, fontSize, weight);
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? fontSize : fontSize * 0.58;
  return weight && weight >= 600 ? w * 1.06 : w;
}

/**
 * Which of `values` (placed at `pos(v)` along an axis) can carry a label of width `width(v)` without two
 * labels touching (`gap` px apart at least): the first and then every next one that clears the last kept.
 */
export function thinTicks<T>(values: T[], pos: (v: T) => number, width: (v: T) => number, gap = 6): T[] {
  const out: T[] = [];
  let end = -Infinity;
  for (const v of [...values].sort((a, b) => pos(a) - pos(b))) {
    const w = width(v);
    const start = pos(v) - w / 2;
    if (start >= end + gap) {
      out.push(v);
      end = pos(v) + w / 2;
    }
  }
  return out;
}

export interface Tooltip {
  /**
   * Show `text` (lines split on \n) near (x, y), kept inside the chart. With `avoid` (a vertical band
   * [y0, y1], e.g. the focused mark's own label), the tooltip goes above or below that band, never over it.
   */
  show(text: string, x: number, y: number, avoid?: [number, number]): void;
  hide(): void;
}

/** Add a tooltip group (part="tooltip") to `svg`, `width` × `height` its drawing area. */
export function svgTooltip(svg: Selection<SVGSVGElement, unknown, null, undefined>, width: number, height: number, fontSize = 11, measure?: Measure): Tooltip {
  const tip = svg.append('g').attr('class', 'tooltip').attr('part', 'tooltip').attr('pointer-events', 'none').attr('display', 'none');
  const box = tip.append('rect').attr('rx', 4).attr('fill', 'var(--crm-tooltip-bg, rgba(17,24,39,0.92))');
  const label = tip.append('text').attr('fill', 'var(--crm-tooltip-color, #f9fafb)').attr('font-size', fontSize);
  const lineHeight = Math.round(fontSize * 1.3);
  return {
    show(text, x, y, avoid) {
      const lines = text.split('\n');
      label
        .selectAll('tspan')
        .data(lines)
        .join('tspan')
        .attr('x', 6)
        .attr('dy', lineHeight)
        .attr('font-weight', (_d, i) => (i === 0 ? 600 : null))
        .text((d) => d);
      const w = Math.max(...lines.map((l, i) => textWidth(l, fontSize, measure, i === 0 ? 600 : 400))) + 12;
      const h = lines.length * lineHeight + 8;
      const tx = x + 10 + w > width ? Math.max(0, x - 10 - w) : x + 10;
      let ty = Math.max(0, Math.min(height - h, y - h / 2));
      if (avoid) {
        const [a, b] = avoid;
        // above the band when it fits, else below; the chart grows no taller, so as a last resort the larger side
        ty = a - 4 - h >= 0 ? a - 4 - h : b + 4 + h <= height ? b + 4 : a > height - b ? Math.max(0, a - 4 - h) : Math.min(height - h, b + 4);
      }
      box.attr('width', w).attr('height', h);
      tip.attr('display', null).attr('transform', `translate(${tx},${ty})`).raise();
    },
    hide() {
      tip.attr('display', 'none');
    },
  };
}

export interface MarkOptions<T> {
  /** Stable key (data-key), used to keep focus and to mark the selection. */
  key: (d: T) => string;
  /** Accessible name and tooltip text (lines split on \n; the aria-label joins them with ", "). */
  text: (d: T) => string;
  /** Where the tooltip points, in SVG coordinates. */
  anchor: (d: T) => [number, number];
  /** A vertical band the tooltip must not cover (the mark's own label). */
  avoid?: (d: T) => [number, number];
  selected?: string | null;
  onSelect?: (d: T) => void;
}

/**
 * Make `marks` the chart's keyboard- and pointer-selectable marks: class and
 * part `mark`, tabindex 0, role button with aria-pressed, aria-label; Enter or
 * Space or a click selects; hover and focus show the tooltip. `hit` (default:
 * the marks) are extra elements whose pointer events act for a mark.
 */
export function selectable<E extends SVGElement, T>(
  marks: Selection<E, T, SVGGElement, unknown>,
  tooltip: Tooltip,
  o: MarkOptions<T>,
  hit?: Selection<SVGElement, T, SVGGElement, unknown>,
): void {
  const show = (d: T) => {
    const [x, y] = o.anchor(d);
    tooltip.show(o.text(d), x, y, o.avoid?.(d));
  };
  marks
    .classed('mark', true)
    .classed('selected', (d) => o.selected === o.key(d))
    .attr('part', 'mark')
    .attr('data-key', o.key)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-pressed', (d) => String(o.selected === o.key(d)))
    .attr('aria-label', (d) => o.text(d).replaceAll('\n', ', '))
    .style('cursor', o.onSelect ? 'pointer' : 'default')
    .on('focus', (_ev, d) => show(d))
    .on('blur', () => tooltip.hide())
    .on('keydown', (ev: Event, d) => {
      const key = (ev as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
      ev.preventDefault();
      o.onSelect?.(d);
    });
  for (const s of [marks as unknown as Selection<SVGElement, T, SVGGElement, unknown>, ...(hit ? [hit] : [])]) {
    s.on('pointerenter', (_ev, d) => show(d))
      .on('pointerleave', () => tooltip.hide())
      .on('click', (_ev, d) => o.onSelect?.(d));
  }
}
