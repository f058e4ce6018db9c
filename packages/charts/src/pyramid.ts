/**
 * Segment pyramid: one layer per tier, the top tier at the apex, layers of
 * equal height (so a 5 % tier is as easy to point at as an 80 % one). Beside
 * each layer, its name and the lines given (customers, value, average; wrapped
 * at " · " where the chart is narrow), and a bar of the tier's share of value —
 * the concentration the pyramid is about. The chart grows taller rather than
 * squeeze the text.
 *
 * Interaction (interaction.ts): each layer is a mark; hover or focus shows its
 * detail, a click or Enter/Space calls `onSelect`. With a selection, the other
 * layers are dimmed.
 */
import * as d3 from 'd3';
import { selectable, svgFrame, svgTooltip, textWidth, type Measure } from './interaction.js';

export interface PyramidLayer {
  key: string;
  /** The tier's name, shown in bold. */
  label: string;
  /** Lines beside the layer, e.g. ["1,178 customers (5.0 %)", "$917,004 (36.7 %) · avg $778"]. */
  lines: string[];
  /** Share of the total value (0–1), drawn as a bar; null for none. */
  valueShare: number | null;
  /** Tooltip and accessible text (lines split on \n). */
  detail: string;
  /** Fill; default: a ramp from dark (top) to light. */
  color?: string;
  /** A layer with nobody in it (an RFM segment no customer falls in): drawn as a thin band with its name and first line only. */
  empty?: boolean;
}

export interface PyramidOptions {
  width: number;
  height: number;
  /** Accessible name of the chart. */
  title: string;
  selected?: string | null;
  onSelect?: (layer: PyramidLayer) => void;
  /** Text width in px (default: an estimate); the element passes one that measures in its font. */
  measure?: Measure;
  document?: Document;
}

const M = { top: 6, right: 8, bottom: 6, left: 4 };
const FONT = 12;
const LINE = 15;
/** The apex is this share of the base wide, so the top layer stays a visible target. */
const APEX = 0.14;
const BAR_GAP = 8;

/** `line` as it fits in `room` px: whole, else broken at " · " (the pieces as they come). */
function wrap(line: string, room: number, measure?: Measure): string[] {
  if (textWidth(line, FONT, measure) <= room) return [line];
  const out: string[] = [];
  // "a · b" and also "a（36.7%）· b" (Chinese full-width brackets take no space before the dot)
  for (const piece of line.split(/\s*·\s+/)) {
    const last = out.length - 1;
    if (last >= 0 && textWidth(`${out[last]} · ${piece}`, FONT, measure) <= room) out[last] += ` · ${piece}`;
    else out.push(piece);
  }
  return out;
}

/** Draw the pyramid; returns a detached SVG element. */
export function pyramidChart(layers: PyramidLayer[], options: PyramidOptions): SVGSVGElement {
  const { width } = options;
  const n = layers.length;
  // Every layer gets room for its name and lines; the chart grows rather than overlap.
  // The pyramid takes up to 42 % of the width (34 % on narrow charts), the text the rest; a line
  // that does not fit is wrapped at its " · " separators.
  const widthBound = Math.max(60, (width - M.left - M.right) * (width < 480 ? 0.34 : 0.42));
  const room = width - M.right - (M.left + widthBound + 18);
  const wrapped = layers.map((l) => (l.empty ? [] : l.lines.flatMap((line) => wrap(line, room, options.measure))));
  const textLines = 1 + Math.max(0, ...wrapped.map((w) => w.length));
  // the text block: the lines, then the value bar BAR_GAP below the last baseline
  const block = textLines * LINE + BAR_GAP;
  // An empty layer is one line tall; the others share the rest of the height.
  const EMPTY_H = LINE + 8;
  const empties = layers.filter((l) => l.empty).length;
  const layerH = Math.max((options.height - M.top - M.bottom - empties * EMPTY_H) / Math.max(1, n - empties), block + 8);
  const hOf = (i: number) => (layers[i]?.empty ? EMPTY_H : layerH);
  const tops = [M.top];
  for (let i = 0; i < n; i++) tops.push(tops[i] + hOf(i));
  const height = Math.round(tops[n] + M.bottom);
  const { svgEl, svg } = svgFrame({ ...options, height }, 'crm-pyramid', FONT);
  if (n === 0) return svgEl;

  const plotH = tops[n] - M.top;
  const base = Math.min(widthBound, Math.max(60, plotH * 1.25));
  const cx = M.left + base / 2;
  const half = (y: number) => (base / 2) * (APEX + (1 - APEX) * ((y - M.top) / plotH));
  const textX = M.left + base + 18;
  const barMax = Math.max(20, width - M.right - textX);
  const ramp = pyramidRamp(n);
  const color = (l: PyramidLayer, i: number) => l.color ?? ramp[i];
  const top = (i: number) => tops[i];
  const gap = Math.min(3, layerH * 0.06);
  /** First baseline of a layer's text, the block centred on the layer. */
  const baseline = (i: number) => (layers[i].empty ? top(i) + (EMPTY_H + FONT) / 2 - 2 : top(i) + (layerH - block) / 2 + LINE - 3);

  const rows = svg
    .append('g')
    .attr('class', 'layers')
    .selectAll<SVGGElement, PyramidLayer>('g.layer')
    .data(layers)
    .join('g')
    .attr('class', 'layer')
    .attr('opacity', (d) => (options.selected && options.selected !== d.key ? 0.4 : 1));

  const shape = rows
    .append('path')
    .attr('class', 'tier-shape')
    .attr('fill', (d, i) => color(d, i))
    .attr('d', (_d, i) => {
      const y0 = top(i) + (i === 0 ? 0 : gap / 2);
      const y1 = top(i + 1) - (i === n - 1 ? 0 : gap / 2);
      const a = half(y0);
      const b = half(y1);
      return `M${cx - a},${y0}L${cx + a},${y0}L${cx + b},${y1}L${cx - b},${y1}Z`;
    });

  // leader from the layer's right edge to its text
  rows
    .append('line')
    .attr('class', 'leader')
    .attr('x1', (_d, i) => cx + half(top(i) + hOf(i) / 2) + 3)
    .attr('x2', textX - 4)
    .attr('y1', (_d, i) => top(i) + hOf(i) / 2)
    .attr('y2', (_d, i) => top(i) + hOf(i) / 2)
    .attr('stroke', 'var(--crm-color-border, #d1d5db)');

  const text = rows
    .append('text')
    .attr('class', 'tier-text')
    .attr('fill', 'currentColor')
    .attr('x', textX)
    .attr('y', (_d, i) => baseline(i));
  text
    .selectAll('tspan')
    // an empty layer: its name and, on the same line, its first line
    .data((d, i) => (d.empty ? [d.label, ` · ${d.lines[0] ?? ''}`] : [d.label, ...wrapped[i]]).map((t, j) => ({ t, j, inline: !!d.empty && j > 0 })))
    .join('tspan')
    .attr('x', (p) => (p.inline ? null : textX))
    .attr('dy', (p) => (p.j === 0 || p.inline ? 0 : LINE))
    .attr('font-weight', (p) => (p.j === 0 ? 600 : null))
    .attr('class', (p) => (p.j === 0 ? 'tier-name' : 'tier-line'))
    .text((p) => p.t)
    // a single piece wider than the room left (a very narrow card) is condensed to fit rather than cut off
    .each(function (p) {
      const w = textWidth(p.t, FONT, options.measure, p.j === 0 ? 600 : 400);
      if (w > room) d3.select(this).attr('textLength', room).attr('lengthAdjust', 'spacingAndGlyphs');
    });

  // share of value as a bar under the text
  rows
    .append('rect')
    .attr('class', 'value-bar')
    .attr('x', textX)
    .attr('y', (_d, i) => baseline(i) + (textLines - 1) * LINE + BAR_GAP - 3)
    .attr('height', 4)
    .attr('rx', 2)
    .attr('width', (d) => (d.empty ? 0 : Math.max(0, Math.min(1, d.valueShare ?? 0)) * barMax))
    .attr('fill', (d, i) => color(d, i));

  // a transparent row across text and shape: pointing anywhere on the row acts for the layer
  const hit = rows
    .append('rect')
    .attr('class', 'hit')
    .attr('x', M.left)
    .attr('y', (_d, i) => top(i))
    .attr('width', width - M.left - M.right)
    .attr('height', (_d, i) => hOf(i))
    .attr('fill', 'transparent')
    .style('cursor', options.onSelect ? 'pointer' : 'default');
  shape.raise();

  const tooltip = svgTooltip(svg, width, height, 11, options.measure);
  selectable(
    shape,
    tooltip,
    {
      key: (d) => d.key,
      text: (d) => d.detail,
      anchor: (d) => {
        const i = layers.indexOf(d);
        const mid = top(i) + hOf(i) / 2;
        return [cx + half(mid), mid];
      },
      // the tooltip goes above or below the layer's row, never over its name and figures
      avoid: (d) => {
        const i = layers.indexOf(d);
        return [top(i), top(i + 1)];
      },
      selected: options.selected,
      onSelect: options.onSelect,
    },
    hit as unknown as d3.Selection<SVGElement, PyramidLayer, SVGGElement, unknown>,
  );
  return svgEl;
}

/** The default fills of `n` layers: a ramp from dark (top) to light. */
export function pyramidRamp(n: number): string[] {
  return d3.quantize(d3.interpolateRgb('#1e3a8a', '#bfdbfe'), Math.max(2, n));
}
