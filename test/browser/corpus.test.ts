/**
 * The whole bad-input corpus (test/fixtures/corpus/manifest.ts) through
 * <crm-source> and every widget: for each file the source shows the expected
 * error or loads the expected figures, every widget bound to it shows a clear
 * error or a drawn result (never a blank box or an engine's raw message),
 * widgets bound to another source keep working, no uncaught exception occurs,
 * and hostile text stays inert in the DOM, the CSV and the SVG exports.
 *
 * Widgets are found, not listed: every element class exported by
 * @crmkit/elements that extends CrmWidget and is registered takes part, so a
 * new widget joins this walk by being exported and defined.
 */
import { expect, fixture, html } from '@open-wc/testing';
import './setup.js';
import * as elements from '@crmkit/elements';
import { CrmWidget, type CrmErrorEventDetail, type CrmLoadDetail, type CrmSource } from '@crmkit/elements';
import { CORPUS, isError, type CorpusCase } from '../fixtures/corpus/manifest.js';
import { corpus, outcome, trackUncaught, within } from './loading.js';

type AnyWidget = CrmWidget<unknown>;

/** Tag names of every registered widget class exported by the package. */
function widgetTags(): string[] {
  const tags = new Set<string>();
  for (const value of Object.values(elements)) {
    if (typeof value !== 'function' || !(value.prototype instanceof CrmWidget)) continue;
    const tag = customElements.getName(value as CustomElementConstructor);
    if (tag) tags.add(tag);
  }
  return [...tags].sort();
}

/** Every element under `root`, through open shadow roots. */
function* deep(root: Element | ShadowRoot | Document): Generator<Element> {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** Elements that would run script: <script>, on* handlers, javascript: URLs. */
function activeContent(root: Element | ShadowRoot | Document): string[] {
  const found: string[] = [];
  for (const el of deep(root)) {
    if (el.localName === 'script') found.push(`<script> in ${el.getRootNode() instanceof ShadowRoot ? (el.getRootNode() as ShadowRoot).host.localName : 'light DOM'}`);
    for (const a of Array.from(el.attributes)) {
      if (/^on[a-z]+$/i.test(a.name)) found.push(`${el.localName}[${a.name}]`);
      if (/^\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name)) found.push(`${el.localName}[${a.name}=${a.value}]`);
    }
  }
  return found;
}

/** CSV cells that a spreadsheet would run as a formula. */
function formulaCells(csv: string): string[] {
  const cells = csv.match(/"(?:[^"]|"")*"|[^,\r\n]+/g) ?? [];
  return cells
    .map((c) => (c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c))
    .filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(c));
}

/** What a widget shows once settled: 'error' (with text), 'content' (chart, table, card or an empty/idle note), or 'blank'. */
function widgetState(w: AnyWidget): { state: 'error' | 'content' | 'loading' | 'blank'; text: string } {
  const root = w.shadowRoot!;
  const alert = root.querySelector('[role=alert]');
  if (alert) return { state: 'error', text: alert.textContent!.trim() };
  if (root.querySelector('[part=loading]')) return { state: 'loading', text: '' };
  const text = (root.textContent ?? '').trim();
  const drawn = root.querySelector('svg, table, [part=chart], [part=empty], [part=idle], [part=base]');
  return { state: drawn || text ? 'content' : 'blank', text };
}

describe('bad-input corpus through <crm-source> and every widget', function () {
  const tags = widgetTags();
  const uncaught = trackUncaught();
  let control: HTMLElement;
  const baseline = new Map<string, ReturnType<typeof widgetState>>();

  before(async () => {
    // A healthy source with its own widgets: whatever happens to the corpus files, these keep working.
    // Not a fixture: fixtures are removed after each test, and a removed source lets its data go.
    control = document.createElement('div');
    control.innerHTML = '<crm-source id="control"></crm-source>';
    document.body.append(control);
    for (const tag of tags) {
      const w = document.createElement(tag);
      w.setAttribute('source', 'control');
      control.append(w);
    }
    const src = control.querySelector<CrmSource>('crm-source')!;
    const done = outcome(src);
    src.src = corpus('ok-basic.csv');
    expect((await done).type).to.equal('crm-load');
    for (const w of Array.from(control.querySelectorAll<AnyWidget>(tags.join(',')))) {
      await w.updateComplete;
      baseline.set(w.localName, widgetState(w));
    }
  });

  after(() => control.remove());

  it('finds the widgets to walk', () => {
    // <crm-kpis> was the first widget; every later one is found the same way.
    expect(tags).to.include('crm-kpis');
    console.log(`corpus walk over: crm-source, ${tags.join(', ')}`);
  });

  let n = 0;
  for (const c of CORPUS) {
    it(`${c.name}: ${c.what}`, async () => {
      const id = `case${++n}`;
      const box = await fixture<HTMLDivElement>(html`<div style="width: 640px"></div>`);
      const src = document.createElement('crm-source') as CrmSource;
      src.id = id;
      applyOptions(src, c);
      box.append(src);
      const widgetErrors = new Map<string, CrmErrorEventDetail>();
      box.addEventListener('crm-error', (e) => {
        const d = (e as CustomEvent<CrmErrorEventDetail>).detail;
        if (d.source !== 'crm-source') widgetErrors.set(d.source, d);
      });
      const widgets = tags.map((tag) => {
        const w = document.createElement(tag) as AnyWidget;
        w.setAttribute('source', id);
        box.append(w);
        return w;
      });
      const result = outcome(src);
      src.src = corpus(c.file);
      const r = await within(result, 60_000, `${c.file}: crm-source`);
      await within(Promise.all(widgets.map((w) => w.updateComplete)), 30_000, `${c.file}: widgets`);
      await src.updateComplete;

      const x = c.expect;
      if (isError(x)) {
        expect(r.type, JSON.stringify(r.detail)).to.equal('crm-error');
        const d = r.detail as CrmErrorEventDetail;
        expect(d.code).to.equal(x.error);
        for (const m of x.message) expect(d.message).to.contain(m);
        if (x.row !== undefined) expect(d.row).to.equal(x.row);
        expect(src.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal(d.message);
        for (const w of widgets) {
          const s = widgetState(w);
          expect(s.state, `${w.localName} on ${c.file}`).to.equal('error');
          expect(s.text, `${w.localName} on ${c.file}`).to.contain(d.message);
        }
      } else {
        expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
        const d = r.detail as CrmLoadDetail;
        expect(d.rows).to.equal(x.rows);
        expect(d.customers).to.equal(x.customers);
        expect(d.returns).to.equal(x.returns ?? 0);
        expect(d.duplicates).to.equal(x.duplicates ?? 0);
        expect({ count: d.rejected.count, rows: d.rejected.rows }).to.deep.equal(x.rejected ?? { count: 0, rows: [] });
        if (x.encoding) expect(d.encoding).to.equal(x.encoding);
        const ds = src.model!;
        const facts = (await ds.engine.query(`SELECT sum(revenue) AS revenue FROM "${ds.facts}"`)).toArray()[0].toJSON();
        expect(facts.revenue).to.be.closeTo(x.revenue, 1e-9);
        if (x.minDate) expect(ds.minDate).to.equal(x.minDate);
        if (x.maxDate) expect(ds.maxDate).to.equal(x.maxDate);
        if (x.contains) {
          // Text exactly as the file has it (decoding, quoting, newlines inside quotes), as in the Node walk.
          const got = (await ds.engine.query(`SELECT DISTINCT "${x.contains.column}" AS v FROM "${ds.transactions}"`)).toArray().map((row) => row.toJSON().v as string);
          for (const v of x.contains.values) expect(got, `${c.file}: ${x.contains.column}`).to.include(v);
        }
        // Widgets that show one customer (the card) show the first one, so hostile ids and names are rendered too.
        const first = (await ds.engine.query(`SELECT min(customer_id) AS id FROM "${ds.facts}"`)).toArray()[0].toJSON().id as string;
        for (const w of widgets) if ('customerId' in w) (w as AnyWidget & { customerId: string }).customerId = first;
        await within(Promise.all(widgets.map((w) => w.updateComplete)), 30_000, `${c.file}: widgets on one customer`);
        for (const w of widgets) {
          const s = widgetState(w);
          expect(s.state, `${w.localName} on ${c.file}: ${s.text}`).to.be.oneOf(['content', 'error']);
          if (s.state === 'error') {
            // A widget may refuse data it cannot analyse (e.g. no cost column), but with its own clear message, not an engine's.
            const e = widgetErrors.get(w.localName);
            expect(e, `${w.localName} on ${c.file}: ${s.text}`).to.exist;
            expect(e!.code, `${w.localName} on ${c.file}: ${s.text}`).to.not.be.oneOf(['query', 'engine']);
          }
          // Exports stay inert.
          const csv = w.toCSV();
          expect(formulaCells(csv), `${w.localName} CSV on ${c.file}`).to.deep.equal([]);
          // The SVG (none when nothing is drawn) as a document: no script, handler or javascript: URL anywhere
          // (hostile text shown as text is inert).
          const svgText = w.toSVG();
          if (svgText) {
            const svg = new DOMParser().parseFromString(svgText, 'image/svg+xml');
            expect(svg.querySelector('parsererror')?.textContent ?? '', `${w.localName} SVG on ${c.file} parses`).to.equal('');
            expect(activeContent(svg), `${w.localName} SVG on ${c.file}`).to.deep.equal([]);
          }
          // Tooltips as a pointer and the keyboard bring them up: every mark hovered and focused.
          const marks = Array.from(w.shadowRoot!.querySelectorAll<SVGElement>('svg .mark'));
          for (const m of marks) {
            m.dispatchEvent(new PointerEvent('pointerenter'));
            m.dispatchEvent(new FocusEvent('focus'));
            const tip = w.shadowRoot!.querySelector('svg g.tooltip');
            if (tip) expect(tip.getAttribute('display'), `${w.localName} tooltip on ${c.file}`).to.not.equal('none');
            expect(activeContent(w.shadowRoot!), `${w.localName} tooltip on ${c.file}`).to.deep.equal([]);
            m.dispatchEvent(new FocusEvent('blur'));
            m.dispatchEvent(new PointerEvent('pointerleave'));
          }
        }
      }

      // Nothing hostile became live, nothing escaped as an uncaught error.
      expect(activeContent(box), 'live script content').to.deep.equal([]);
      expect((window as { __xss?: unknown }).__xss, 'injected script ran').to.equal(undefined);
      expect(uncaught, 'uncaught errors').to.deep.equal([]);
      // The control source and its widgets are unaffected.
      const ctl = control.querySelector<CrmSource>('crm-source')!;
      expect(ctl.state).to.equal('ready');
      for (const w of Array.from(control.querySelectorAll<AnyWidget>(tags.join(',')))) {
        await w.updateComplete;
        // What it showed before the corpus file (a chart, or its own refusal, e.g. no cost column) is unchanged.
        const now = widgetState(w);
        const before = baseline.get(w.localName)!;
        expect(now.state, `control ${w.localName}`).to.equal(before.state);
        if (before.state === 'error') expect(now.text, `control ${w.localName}`).to.equal(before.text);
      }
      box.remove();
    });
  }
});

function applyOptions(src: CrmSource, c: CorpusCase) {
  const o = c.options ?? {};
  if (o.onInvalid) src.setAttribute('on-invalid', o.onInvalid);
  if (o.onDuplicate) src.setAttribute('on-duplicate', o.onDuplicate);
  if (o.encoding) src.setAttribute('encoding', o.encoding);
  if (o.dateFormat) src.setAttribute('date-format', o.dateFormat);
  for (const [k, v] of Object.entries(o.mapping ?? {})) src.setAttribute(`map-${k.replaceAll('_', '-')}`, v);
}
