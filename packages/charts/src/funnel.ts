/**
 * Lifecycle funnel. Two drawings:
 * - stages only: one row per stage, most to least engaged, a centred bar as
 *   wide as its share of the largest stage, the name on the left and the
 *   figures on the right;
 * - with a comparison: two stacked columns (earlier date left, later right),
 *   node heights proportional to customers, and a ribbon for every move
 *   between stages, as wide as the customers who made it, coloured by where
 *   they came from. Stages with nobody in them are left out of a column.
 *
 * Interaction (interaction.ts): stages, nodes and ribbons are marks; hover or
 * focus shows the detail, a click or Enter/Space calls `onSelect`.
 */
import * as d3 from 'd3';
import { selectable, svgFrame, svgTooltip, textWidth, type Measure } from './interaction.js';

export interface FunnelStage {
  key: string;
  label: string;
  customers: number;
  /** Figures on the right, e.g. "3,301 · 14.0 % · $1.06M". */
  figures: string;
  /** Tooltip and accessible text (lines split on \n). */
  detail: string;
  color?: string;
}

export interface FunnelNode {
  key: string;
  label: string;
  customers: number;
  detail: string;
  color?: string;
}

export interface FunnelFlow {
  from: string;
  to: string;
  customers: number;
  detail: string;
}

export interface FunnelCompare {
  /** Column headings (the two dates). */
  fromLabel: string;
  toLabel: string;
  /** Nodes of each column, top to bottom. */
  from: FunnelNode[];
  to: FunnelNode[];
  flows: FunnelFlow[];
}

export interface FunnelOptions {
  width: number;
  height: number;
  title: string;
  /** Key of the selected stage, node (`from:<key>` / `to:<key>`) or flow (`<from>><to>`). */
  selected?: string | null;
  onSelect?: (key: string) => void;
  /** Text width in px (default: an estimate); the element passes one that measures in its font. */
  measure?: Measure;
  document?: Document;
}

const FONT = 12;
const PALETTE = ['#0ea5e9', '#16a34a', '#eab308', '#f97316', '#6b7280'];
const colorOf = (c: string | undefined, i: number) => c ?? PALETTE[i % PALETTE.length];

const frame = (options: FunnelOptions, height: number) => svgFrame({ ...options, height }, 'crm-funnel', FONT);

const dim = (selected: string | null | undefined, key: string) => (selected && selected !== key ? 0.35 : 1);

/** Stages as a funnel of centred bars. */
export function funnelChart(stages: FunnelStage[], options: FunnelOptions): SVGSVGElement {
  const { width } = options;
  const tw = (t: string, weight?: number) => textWidth(t, FONT, options.measure, weight);
  // Names on the left, figures on the right, each as wide as measured; where the two and a bar of at
  // least 40 px do not fit, the figures wrap at their " · " separators (the row grows to hold them).
  const labelW = Math.min(Math.max(...stages.map((s) => tw(s.label, 600)), 0) + 12, width * 0.4);
  const room = Math.max(40, width - labelW - 40 - 8);
  const figLines = stages.map((s) => wrapParts(s.figures, room, tw));
  const figW = Math.min(Math.max(0, ...figLines.flat().map((l) => tw(l))) + 12, width - labelW - 40);
  const lines = Math.max(1, ...figLines.map((l) => l.length));
  const rowH = Math.max(28, lines * 15 + 6, Math.min(56, (options.height - 8) / Math.max(1, stages.length)));
  const height = Math.round(rowH * stages.length + 8);
  const { svgEl, svg } = frame(options, height);
  if (stages.length === 0) return svgEl;
  const x0 = labelW;
  const barW = Math.max(20, width - labelW - figW);
  const max = d3.max(stages, (s) => s.customers) || 1;
  const mid = x0 + barW / 2;
  const w = (s: FunnelStage) => Math.max(s.customers > 0 ? 2 : 0, (s.customers / max) * barW);
  const y = (i: number) => 4 + i * rowH;

  const rows = svg
    .append('g')
    .attr('class', 'stages')
    .selectAll<SVGGElement, FunnelStage>('g.stage')
    .data(stages)
    .join('g')
    .attr('class', 'stage')
    .attr('opacity', (d) => dim(options.selected, d.key));
  rows
    .append('text')
    .attr('class', 'stage-name')
    .attr('x', labelW - 8)
    .attr('y', (_d, i) => y(i) + rowH / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('fill', 'currentColor')
    .attr('font-weight', 600)
    .text((d) => d.label);
  const figures = rows
    .append('text')
    .attr('class', 'stage-figures')
    .attr('x', x0 + barW + 8)
    .attr('y', (_d, i) => y(i) + rowH / 2 - ((figLines[i].length - 1) * 15) / 2)
    .attr('dy', '0.35em')
    .attr('fill', 'currentColor');
  figures
    .selectAll('tspan')
    .data((_d, i) => figLines[i].map((t, j) => ({ t, j })))
    .join('tspan')
    .attr('x', x0 + barW + 8)
    .attr('dy', (p) => (p.j === 0 ? null : 15))
    .text((p) => p.t);
  const hit = rows
    .append('rect')
    .attr('class', 'hit')
    .attr('x', 0)
    .attr('y', (_d, i) => y(i))
    .attr('width', width)
    .attr('height', rowH)
    .attr('fill', 'transparent');
  const bars = rows
    .append('rect')
    .attr('class', 'stage-bar')
    .attr('x', (d) => mid - w(d) / 2)
    .attr('y', (_d, i) => y(i) + rowH * 0.14)
    .attr('width', w)
    .attr('height', rowH * 0.72)
    .attr('rx', 3)
    .attr('fill', (d, i) => colorOf(d.color, i));

  selectable(
    bars,
    svgTooltip(svg, width, height, 11, options.measure),
    { key: (d) => d.key, text: (d) => d.detail, anchor: (d) => [mid + w(d) / 2, y(stages.indexOf(d)) + rowH / 2], selected: options.selected, onSelect: (d) => options.onSelect?.(d.key) },
    hit as unknown as d3.Selection<SVGElement, FunnelStage, SVGGElement, unknown>,
  );
  return svgEl;
}

interface Placed extends FunnelNode {
  side: 'from' | 'to';
  index: number;
  y: number;
  h: number;
  /** Label position (pushed apart where small nodes would overlap). */
  ly: number;
}

/** Two columns of stages and the moves between them. */
export function flowChart(data: FunnelCompare, options: FunnelOptions): SVGSVGElement {
  const { width } = options;
  const height = Math.max(options.height, 200);
  const { svgEl, svg } = frame(options, height);
  const head = 22;
  const nodeW = 12;
  const labelOf = (n: FunnelNode) => `${n.label} ${d3.format(',')(n.customers)}`;
  // each side holds its column's labels and heading
  const side = (nodes: FunnelNode[], heading: string) =>
    Math.min(
      Math.max(textWidth(heading, FONT, options.measure, 600) - nodeW, ...nodes.filter((n) => n.customers > 0).map((n) => textWidth(labelOf(n), FONT, options.measure))) + 10,
      width * 0.36,
    );
  const xl = side(data.from, data.fromLabel);
  const xr = width - side(data.to, data.toLabel) - nodeW;
  const total = Math.max(d3.sum(data.from, (n) => n.customers), d3.sum(data.to, (n) => n.customers), 1);
  const gap = 6;
  const gaps = Math.max(data.from.filter((n) => n.customers > 0).length, data.to.filter((n) => n.customers > 0).length) - 1;
  const k = Math.max(0, height - head - 4 - gap * gaps) / total;
  const place = (nodes: FunnelNode[], s: 'from' | 'to'): Placed[] => {
    let y = head;
    const out: Placed[] = [];
    nodes.forEach((n, index) => {
      if (n.customers <= 0) return;
      out.push({ ...n, side: s, index, y, h: n.customers * k, ly: 0 });
      y += n.customers * k + gap;
    });
    return out;
  };
  const left = place(data.from, 'from');
  const right = place(data.to, 'to');
  const byKey = (list: Placed[]) => new Map(list.map((p) => [p.key, p]));
  const L = byKey(left);
  const R = byKey(right);
  const fromColor = new Map(left.map((p, i) => [p.key, colorOf(p.color, i)]));

  // column headings, over each column's labels (outside the bands, so they never meet)
  svg.append('text').attr('class', 'column-label').attr('x', xl + nodeW).attr('y', 14).attr('text-anchor', 'end').attr('fill', 'currentColor').attr('font-weight', 600).text(data.fromLabel);
  svg.append('text').attr('class', 'column-label').attr('x', xr).attr('y', 14).attr('fill', 'currentColor').attr('font-weight', 600).text(data.toLabel);

  // ribbons: leave each left node in the order of the right nodes, arrive in the order of the left nodes
  const order = (list: Placed[], key: string) => list.findIndex((p) => p.key === key);
  const out = new Map<string, number>();
  const inn = new Map<string, number>();
  const flows = data.flows
    .filter((f) => f.customers > 0 && L.has(f.from) && R.has(f.to))
    .sort((a, b) => order(left, a.from) - order(left, b.from) || order(right, a.to) - order(right, b.to));
  const geo = new Map<FunnelFlow, { y0: number; y1: number; h: number }>();
  for (const f of flows) {
    const h = f.customers * k;
    const y0 = L.get(f.from)!.y + (out.get(f.from) ?? 0);
    out.set(f.from, (out.get(f.from) ?? 0) + h);
    geo.set(f, { y0, y1: 0, h });
  }
  for (const f of [...flows].sort((a, b) => order(right, a.to) - order(right, b.to) || order(left, a.from) - order(left, b.from))) {
    geo.get(f)!.y1 = R.get(f.to)!.y + (inn.get(f.to) ?? 0);
    inn.set(f.to, (inn.get(f.to) ?? 0) + geo.get(f)!.h);
  }
  const a = xl + nodeW;
  const b = xr;
  const m = (a + b) / 2;
  const flowKey = (f: FunnelFlow) => `${f.from}>${f.to}`;
  const ribbons = svg
    .append('g')
    .attr('class', 'flows')
    .selectAll<SVGPathElement, FunnelFlow>('path.flow')
    .data(flows)
    .join('path')
    .attr('class', 'flow')
    .attr('fill', (f) => fromColor.get(f.from) ?? '#9ca3af')
    .attr('fill-opacity', (f) => (!options.selected ? 0.4 : [flowKey(f), `from:${f.from}`, `to:${f.to}`].includes(options.selected) ? 0.75 : 0.12))
    .attr('d', (f) => {
      const g = geo.get(f)!;
      const h = Math.max(g.h, 0.5);
      return `M${a},${g.y0}C${m},${g.y0} ${m},${g.y1} ${b},${g.y1}L${b},${g.y1 + h}C${m},${g.y1 + h} ${m},${g.y0 + h} ${a},${g.y0 + h}Z`;
    });

  const nodes = svg
    .append('g')
    .attr('class', 'nodes')
    .selectAll<SVGGElement, Placed>('g.node')
    .data([...left, ...right])
    .join('g')
    .attr('class', (p) => `node ${p.side}`)
    .attr('opacity', (p) => (options.selected && options.selected.includes(':') ? dim(options.selected, `${p.side}:${p.key}`) : 1));
  const rects = nodes
    .append('rect')
    .attr('class', 'node-bar')
    .attr('x', (p) => (p.side === 'from' ? xl : xr))
    .attr('y', (p) => p.y)
    .attr('width', nodeW)
    .attr('height', (p) => Math.max(p.customers > 0 ? 1 : 0, p.h))
    .attr('fill', (p) => colorOf(p.color, p.index));
  for (const list of [left, right]) {
    let last = -Infinity;
    for (const p of list) last = p.ly = Math.max(p.y + p.h / 2, last + FONT + 2);
  }
  nodes
    .append('text')
    .attr('class', 'node-label')
    .attr('x', (p) => (p.side === 'from' ? xl - 6 : xr + nodeW + 6))
    .attr('y', (p) => p.ly)
    .attr('dy', '0.35em')
    .attr('text-anchor', (p) => (p.side === 'from' ? 'end' : 'start'))
    .attr('fill', 'currentColor')
    .text(labelOf);

  const tooltip = svgTooltip(svg, width, height, 11, options.measure);
  selectable(ribbons, tooltip, {
    key: flowKey,
    text: (f) => f.detail,
    anchor: (f) => {
      const g = geo.get(f)!;
      return [m, (g.y0 + g.y1) / 2 + g.h / 2];
    },
    selected: options.selected,
    onSelect: (f) => options.onSelect?.(flowKey(f)),
  });
  selectable(rects, tooltip, {
    key: (p) => `${p.side}:${p.key}`,
    text: (p) => p.detail,
    anchor: (p) => [p.side === 'from' ? xl + nodeW : xr, p.y + p.h / 2],
    selected: options.selected,
    onSelect: (p) => options.onSelect?.(`${p.side}:${p.key}`),
  });
  return svgEl;
}

/** `text` broken at its " · " separators into lines at most `room` px wide (a piece wider than that stays whole). */
function wrapParts(text: string, room: number, width: (t: string) => number): string[] {
  if (width(text) <= room) return [text];
  const out: string[] = [];
  for (const piece of text.split(' · ')) {
    const last = out.length - 1;
    if (last >= 0 && width(`${out[last]} · ${piece}`) <= room) out[last] += ` · ${piece}`;
    else out.push(piece);
  }
  return out;
}
