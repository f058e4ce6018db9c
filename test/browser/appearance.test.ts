/**
 * What a person sees: widgets on a page with hostile inherited CSS, in a narrow sidebar, in light and dark,
 * checked by geometry, computed styles and contrast ratios on the real CDNOW file.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { CrmSource } from '@crmkit/elements';
import { CDNOW_URL } from './cdnow.js';
import './setup.js';

type Widget = HTMLElement & { value?: unknown; updateComplete: Promise<boolean> };
const TAGS = ['crm-kpis', 'crm-lifecycle-funnel', 'crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix'];

/** WCAG relative luminance of a CSS rgb()/rgba() colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** A source on CDNOW and every chart widget in a `width` px column under `style`; resolves when all have drawn. */
async function mount(width: number, style: string, attrs = ''): Promise<{ wrap: HTMLElement; widgets: Widget[] }> {
  const wrap = await fixture<HTMLDivElement>(html`<div></div>`);
  wrap.setAttribute('style', `width: ${width}px; ${style}`);
  wrap.innerHTML = `<crm-source></crm-source>${TAGS.map((t) => `<${t} ${t === 'crm-profit-matrix' ? 'cost-per-order="5"' : ''} ${attrs}></${t}>`).join('')}`;
  const src = wrap.querySelector('crm-source') as CrmSource;
  const loaded = oneEvent(src, 'crm-load');
  src.src = CDNOW_URL;
  await loaded;
  const widgets = TAGS.map((t) => wrap.querySelector(t) as Widget);
  await waitUntil(() => widgets.every((w) => w.value !== undefined && w.shadowRoot!.querySelector('[part="chart"]')), 'widgets did not draw', { timeout: 90_000 });
  for (const w of widgets) await w.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { wrap, widgets };
}

const HOSTILE =
  'text-transform: uppercase; letter-spacing: 0.3em; word-spacing: 0.6em; font-style: italic; font-weight: 700; line-height: 3; text-align: justify; text-indent: 40px; white-space: pre; font-size: 24px;';

describe('host page CSS does not reach inside the widgets', () => {
  it('inherited text properties are reset on every widget, and no SVG label leaves a 320 px sidebar', async () => {
    const { widgets } = await mount(320, HOSTILE);
    for (const w of widgets) {
      for (const el of [w, w.shadowRoot!.querySelector('[part="title"]')!, w.shadowRoot!.querySelector('[part="chart"] svg text') ?? w.shadowRoot!.querySelector('[part="chart"] div')!]) {
        const cs = getComputedStyle(el);
        const what = `${w.localName} ${el.localName}`;
        expect(cs.textTransform, what).to.equal('none');
        expect(cs.letterSpacing, what).to.equal('normal');
        expect(cs.wordSpacing, what).to.equal('0px');
        expect(cs.fontStyle, what).to.equal('normal');
        expect(cs.textIndent, what).to.equal('0px');
        expect(cs.whiteSpace === 'normal' || el.localName === 'text', what).to.equal(true);
      }
      expect(getComputedStyle(w).textAlign, w.localName).to.equal('start');
      expect(getComputedStyle(w).lineHeight, w.localName).to.equal(`${14 * 1.4}px`.replace('19.599999999999998px', '19.6px'));
      // every SVG text stays inside the widget's box
      const box = w.getBoundingClientRect();
      for (const t of w.shadowRoot!.querySelectorAll('[part="chart"] svg text')) {
        if ((t as SVGGraphicsElement).closest('[display="none"]')) continue;
        const r = t.getBoundingClientRect();
        if (!r.width) continue;
        expect(r.left, `${w.localName}: "${t.textContent}" left`).to.be.at.least(box.left - 0.5);
        expect(r.right, `${w.localName}: "${t.textContent}" right (${r.right} > ${box.right})`).to.be.at.most(box.right + 0.5);
      }
    }
    // the lifecycle stage "Half-asleep" is whole and not upper-cased
    const funnel = widgets[1].shadowRoot!;
    const names = [...funnel.querySelectorAll('.stage-name')].map((t) => t.textContent);
    expect(names).to.include('Half-asleep');
  });
});

describe('themes', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  it('no theme follows the system: light by default, dark when the system prefers dark; explicit themes win', async () => {
    const { wrap, widgets } = await mount(720, '');
    const kpis = widgets[0];
    const bg = (el: Element) => getComputedStyle(el).backgroundColor;
    expect(bg(kpis)).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(bg(kpis)).to.equal('rgb(17, 24, 39)');
    expect(getComputedStyle(kpis).color).to.equal('rgb(229, 231, 235)');
    kpis.setAttribute('theme', 'light');
    expect(bg(kpis)).to.equal('rgb(255, 255, 255)');
    kpis.setAttribute('theme', 'dark');
    await emulateMedia({ colorScheme: 'light' });
    expect(bg(kpis)).to.equal('rgb(17, 24, 39)');
    kpis.setAttribute('theme', 'auto');
    expect(bg(kpis)).to.equal('rgb(255, 255, 255)');
    // the source (no surface of its own) follows the page's colour scheme
    wrap.style.colorScheme = 'dark';
    await emulateMedia({ colorScheme: 'dark' });
    const src = wrap.querySelector('crm-source')!;
    expect(luminance(getComputedStyle(src).color)).to.be.greaterThan(0.6);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: KPI changes, titles and notes meet WCAG AA (4.5:1) on the widget's surface`, async () => {
      const { widgets } = await mount(720, '', `theme="${theme}"`);
      for (const w of widgets) {
        const surface = getComputedStyle(w).backgroundColor;
        const texts = [...w.shadowRoot!.querySelectorAll('[part~="delta"], [part="title"], [part="caption"], [part="summary"], [part~="label"], li')];
        expect(texts.length, w.localName).to.be.greaterThan(0);
        for (const t of texts) {
          const ratio = contrast(getComputedStyle(t).color, surface);
          expect(ratio, `${w.localName} ${t.getAttribute('part') ?? t.localName} "${t.textContent!.trim().slice(0, 40)}" ${getComputedStyle(t).color} on ${surface}`).to.be.at.least(4.5);
        }
      }
      // the KPI tiles show coloured changes (good/bad) at all
      expect(widgets[0].shadowRoot!.querySelectorAll('[part~="delta"].good, [part~="delta"].bad').length).to.be.greaterThan(0);
    });
  }

  it('dark: the matrix density ramp is inverted (the densest bin is the brightest) and labels have a dark halo', async () => {
    const { widgets } = await mount(720, '', 'theme="dark"');
    const root = widgets[4].shadowRoot!;
    const bins = [...root.querySelectorAll('rect.bin')].map((b) => ({ n: Number(b.getAttribute('data-n')), l: luminance(getComputedStyle(b).fill) }));
    const dense = bins.reduce((a, b) => (b.n > a.n ? b : a));
    const sparse = bins.reduce((a, b) => (b.n < a.n ? b : a));
    expect(dense.l).to.be.greaterThan(sparse.l);
    const halo = getComputedStyle(root.querySelector('.quadrant-labels')!).stroke;
    expect(luminance(halo)).to.be.lessThan(0.05);
  });

  it('the focus ring shows on the darkest pyramid tier: an outline in the focus colour, 3:1 against the surface', async () => {
    const { widgets } = await mount(720, '');
    const root = widgets[2].shadowRoot!;
    const top = root.querySelector('.mark') as SVGElement;
    top.focus();
    top.classList.add('focused'); // :focus-visible is not set by a script's focus() everywhere; .focused styles the same
    const cs = getComputedStyle(top);
    expect(cs.outlineStyle).to.equal('solid');
    expect(parseFloat(cs.outlineWidth)).to.be.at.least(2);
    expect(contrast(cs.outlineColor, getComputedStyle(widgets[2]).backgroundColor)).to.be.at.least(3);
  });
});

describe('focus, tooltips, print and narrow tables', () => {
  afterEach(async () => {
    await emulateMedia({ media: 'screen' });
  });

  it('the tooltip of a focused tier sits above or below its row, never over its name and figures', async () => {
    const { widgets } = await mount(560, '');
    const root = widgets[2].shadowRoot!;
    const marks = [...root.querySelectorAll('.mark')] as SVGElement[];
    const texts = [...root.querySelectorAll('.tier-text')];
    expect(marks.length).to.be.greaterThan(1);
    marks.forEach((m, i) => {
      m.dispatchEvent(new FocusEvent('focus'));
      const tip = root.querySelector('g.tooltip') as SVGGElement;
      expect(tip.getAttribute('display'), 'tooltip shown').to.equal(null);
      const a = tip.getBoundingClientRect();
      const b = texts[i].getBoundingClientRect();
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `tooltip over tier ${i}'s label`).to.equal(false);
      m.dispatchEvent(new FocusEvent('blur'));
    });
  });

  it('print: no export buttons, search box or pager, and the list is not cut off', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 700px"><crm-source></crm-source><crm-customer-list></crm-customer-list><crm-pareto-curve></crm-pareto-curve></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const loaded = oneEvent(src, 'crm-load');
    src.src = CDNOW_URL;
    await loaded;
    const list = wrap.querySelector('crm-customer-list') as Widget;
    const pareto = wrap.querySelector('crm-pareto-curve') as Widget;
    await waitUntil(() => list.shadowRoot!.querySelector('table.data tbody tr') && pareto.shadowRoot!.querySelector('[part="export"]'), 'list did not draw', { timeout: 90_000 });
    const shown = (root: ShadowRoot, sel: string) => [...root.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none');
    expect(shown(pareto.shadowRoot!, '[part="export"]')).to.equal(true);
    expect(shown(list.shadowRoot!, 'input[type="search"]')).to.equal(true);
    await emulateMedia({ media: 'print' });
    expect(shown(pareto.shadowRoot!, '[part="export"]')).to.equal(false);
    expect(shown(list.shadowRoot!, '[part="export"]')).to.equal(false);
    expect(shown(list.shadowRoot!, 'input[type="search"]')).to.equal(false);
    expect(shown(list.shadowRoot!, '[part="pager"]')).to.equal(false);
    // every column inside the list's box
    const box = list.getBoundingClientRect();
    for (const th of list.shadowRoot!.querySelectorAll('table.data th')) expect(th.getBoundingClientRect().right, th.textContent!).to.be.at.most(box.right + 0.5);
  });

  it('at 390 px the customer table scrolls sideways with a visible cue', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 390px"><crm-source></crm-source><crm-customer-list></crm-customer-list></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const loaded = oneEvent(src, 'crm-load');
    src.src = CDNOW_URL;
    await loaded;
    const list = wrap.querySelector('crm-customer-list') as Widget;
    await waitUntil(() => list.shadowRoot!.querySelector('table.data tbody tr'), 'list did not draw', { timeout: 90_000 });
    const scroll = list.shadowRoot!.querySelector('.scroll') as HTMLElement;
    expect(scroll.scrollWidth, 'the table is wider than the card').to.be.greaterThan(scroll.clientWidth);
    expect(getComputedStyle(scroll).overflowX).to.equal('auto');
    const bg = getComputedStyle(scroll).backgroundImage;
    expect(bg.match(/radial-gradient/g)?.length, 'edge shadows').to.equal(2);
    // the list itself stays inside the 390 px column
    expect(list.getBoundingClientRect().width).to.be.at.most(390);
  });
});
