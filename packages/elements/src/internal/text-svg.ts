/**
 * SVG export for the widgets drawn in HTML (KPI tiles, customer list, customer card): a standalone SVG of the
 * text they show, laid out as tiles, a table or labelled fields, in the widget's colours and font. Built with
 * DOM nodes and `textContent`, so every value is escaped by the serializer and no markup from the data survives.
 */
import { measureFor } from './measure.js';

const NS = 'http://www.w3.org/2000/svg';

export interface SvgTile {
  label: string;
  value: string;
  delta: string;
  /** Colour of the change line (as shown on screen). */
  color?: string;
}

export type SvgBlock =
  | { kind: 'text'; text: string; muted?: boolean; size?: number; weight?: number }
  | { kind: 'tiles'; tiles: SvgTile[] }
  | { kind: 'table'; columns: { label: string; num?: boolean }[]; rows: string[][] }
  | { kind: 'fields'; heading: string; fields: [string, string][] };

/** The widget's colours and font, from its computed custom properties. */
function palette(host: HTMLElement) {
  const cs = getComputedStyle(host);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const bg = v('--crm-color-surface', cs.backgroundColor || '#ffffff');
  return {
    text: v('--crm-color-text', cs.color || '#1f2937'),
    muted: v('--crm-color-muted', '#6b7280'),
    border: v('--crm-color-border', '#e5e7eb'),
    background: bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent' ? '#ffffff' : bg,
    font: cs.fontFamily || 'sans-serif',
  };
}

/** Standalone SVG text of `blocks` under `title`, at least `minWidth` px wide. */
export function textSVG(host: HTMLElement, title: string, blocks: SvgBlock[], minWidth = 320): string {
  const p = palette(host);
  const m = measureFor(host);
  const width = (s: string, size: number, weight = 400) => (m ? m(s, size, weight) : s.length * size * 0.6);
  const svg = document.createElementNS(NS, 'svg');
  const body = document.createElementNS(NS, 'g');
  const pad = 12;
  let y = pad;
  let w = minWidth;
  const text = (x: number, yy: number, s: string, size: number, fill: string, weight = 400, anchor: 'start' | 'end' = 'start') => {
    const t = document.createElementNS(NS, 'text');
    t.setAttribute('x', String(Math.round(x * 10) / 10));
    t.setAttribute('y', String(Math.round(yy * 10) / 10));
    t.setAttribute('font-size', String(size));
    if (weight !== 400) t.setAttribute('font-weight', String(weight));
    if (anchor === 'end') t.setAttribute('text-anchor', 'end');
    t.setAttribute('fill', fill);
    t.textContent = s;
    body.append(t);
    w = Math.max(w, anchor === 'end' ? x + pad : x + width(s, size, weight) + pad);
  };
  const rule = (x1: number, x2: number, yy: number) => {
    const l = document.createElementNS(NS, 'line');
    for (const [k, val] of [['x1', x1], ['x2', x2], ['y1', yy], ['y2', yy]] as const) l.setAttribute(k, String(Math.round(val)));
    l.setAttribute('stroke', p.border);
    body.append(l);
  };

  text(pad, y + 16, title, 16, p.text, 600);
  y += 30;
  for (const b of blocks) {
    if (b.kind === 'text') {
      const size = b.size ?? 12;
      text(pad, y + size, b.text, size, b.muted ? p.muted : p.text, b.weight ?? 400);
      y += size + 10;
    } else if (b.kind === 'tiles') {
      const tileW = Math.ceil(Math.max(140, ...b.tiles.flatMap((t) => [width(t.label, 12), width(t.value, 22, 600), width(t.delta, 12)])) + 24);
      const cols = Math.max(1, Math.min(4, b.tiles.length));
      b.tiles.forEach((t, i) => {
        const x = pad + (i % cols) * (tileW + 8);
        const ty = y + Math.floor(i / cols) * 84;
        const r = document.createElementNS(NS, 'rect');
        for (const [k, val] of [['x', x], ['y', ty], ['width', tileW], ['height', 76], ['rx', 8]] as const) r.setAttribute(k, String(val));
        r.setAttribute('fill', 'none');
        r.setAttribute('stroke', p.border);
        body.append(r);
        text(x + 12, ty + 20, t.label, 12, p.muted);
        text(x + 12, ty + 48, t.value, 22, p.text, 600);
        text(x + 12, ty + 66, t.delta, 12, t.color || p.muted);
      });
      y += Math.ceil(b.tiles.length / cols) * 84 + 4;
    } else if (b.kind === 'table') {
      const widths = b.columns.map((c, i) => Math.ceil(Math.max(width(c.label, 12, 600), ...b.rows.map((r) => width(r[i] ?? '', 12)))) + 16);
      const xs = widths.map((_, i) => pad + widths.slice(0, i).reduce((s, v) => s + v, 0));
      const right = pad + widths.reduce((s, v) => s + v, 0);
      const cell = (i: number, yy: number, s: string, fill: string, weight = 400) =>
        b.columns[i].num ? text(xs[i] + widths[i] - 8, yy, s, 12, fill, weight, 'end') : text(xs[i] + 8, yy, s, 12, fill, weight);
      b.columns.forEach((c, i) => cell(i, y + 16, c.label, p.muted, 600));
      y += 24;
      rule(pad, right, y);
      for (const r of b.rows) {
        r.forEach((s, i) => i < b.columns.length && cell(i, y + 17, s, p.text));
        y += 24;
        rule(pad, right, y);
      }
      w = Math.max(w, right + pad);
      y += 8;
    } else {
      text(pad, y + 14, b.heading, 13, p.text, 600);
      y += 22;
      const keyW = Math.ceil(Math.max(0, ...b.fields.map(([k]) => width(k, 12)))) + 16;
      for (const [k, val] of b.fields) {
        text(pad, y + 13, k, 12, p.muted);
        text(pad + keyW, y + 13, val, 12, p.text);
        y += 20;
      }
      y += 8;
    }
  }
  const W = Math.ceil(w);
  const H = Math.ceil(y + pad);
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('font-family', p.font);
  svg.setAttribute('role', 'img');
  const label = document.createElementNS(NS, 'title');
  label.textContent = title;
  const bg = document.createElementNS(NS, 'rect');
  for (const [k, val] of [['x', 0], ['y', 0], ['width', W], ['height', H]] as const) bg.setAttribute(k, String(val));
  bg.setAttribute('fill', p.background);
  svg.append(label, bg, body);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
}
