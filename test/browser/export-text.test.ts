import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';

type Widget = HTMLElement & { updateComplete: Promise<boolean>; toSVG(): string; toPNG(): Promise<Blob>; shadowRoot: ShadowRoot };

/** Parse an export: well-formed SVG, nothing that runs (no script, foreignObject, event handler or javascript: link). */
function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).to.equal(null);
  expect(doc.documentElement.namespaceURI).to.equal('http://www.w3.org/2000/svg');
  expect(doc.querySelectorAll('script, foreignObject, iframe, img, image, a').length).to.equal(0);
  for (const el of Array.from(doc.querySelectorAll('*')))
    for (const a of Array.from(el.attributes)) {
      expect(a.name.toLowerCase().startsWith('on'), `${el.localName} ${a.name}`).to.equal(false);
      expect(a.value.toLowerCase()).not.to.contain('javascript:');
    }
  expect(svg).not.to.contain('var(--');
  return doc;
}

/** PNG signature, and it decodes to twice the SVG's size. */
async function checkPNG(w: Widget, doc: Document) {
  const png = await w.toPNG();
  expect(png.type).to.equal('image/png');
  const bytes = new Uint8Array(await png.arrayBuffer());
  expect(Array.from(bytes.slice(0, 8))).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const bmp = await createImageBitmap(png);
  expect(bmp.width).to.equal(2 * Number(doc.documentElement.getAttribute('width')));
  expect(bmp.height).to.equal(2 * Number(doc.documentElement.getAttribute('height')));
}

const texts = (doc: Document) => Array.from(doc.querySelectorAll('text')).map((t) => t.textContent ?? '');

describe('SVG and PNG export of the KPI tiles, customer list and customer card', () => {
  it('hold the figures and fields shown, escaped, masked with mask-pii, and rasterise to PNG', async () => {
    const tx = [
      { customer_id: 'c1', order_date: '2024-01-03', amount: 120 },
      { customer_id: 'c1', order_date: '2024-02-10', amount: 30 },
      { customer_id: 'c2', order_date: '2024-02-11', amount: 99 },
    ];
    const hostile = 'Bob <img src=x onerror=alert(1)> & "Co" <script>alert(2)</script>';
    const people = [
      { customer_id: 'c1', name: 'Mei-Ling Chen', email: 'meiling@example.tw', phone: '0912-345-123' },
      { customer_id: 'c2', name: hostile, email: 'bob@example.com', phone: '0988-765-432' },
    ];
    const wrap = await fixture<HTMLDivElement>(
      html`<div lang="en" style="width:900px">
        <crm-source></crm-source><crm-kpis currency="USD"></crm-kpis><crm-customer-list mask-pii currency="USD"></crm-customer-list
        ><crm-customer-card customer-id="c1" mask-pii currency="USD"></crm-customer-card>
      </div>`,
    );
    const src = wrap.querySelector('crm-source')!;
    const loaded = oneEvent(src, 'crm-load');
    src.customersData = people;
    src.data = tx;
    await loaded;
    const kpis = wrap.querySelector('crm-kpis') as unknown as Widget;
    const list = wrap.querySelector('crm-customer-list') as unknown as Widget;
    const card = wrap.querySelector('crm-customer-card') as unknown as Widget;
    for (const w of [kpis, list, card]) await w.updateComplete;

    // The export menus offer SVG and PNG besides CSV.
    for (const w of [kpis, list, card]) expect(Array.from(w.shadowRoot.querySelectorAll('[part="export-button"]')).map((b) => b.textContent)).to.deep.equal(['CSV', 'SVG', 'PNG']);

    // KPI: revenue in the window (every order: 120 + 30 + 99 = 249) is the tile's figure, and the export holds it.
    const kdoc = parse(kpis.toSVG());
    const revenue = kpis.shadowRoot.querySelector('[data-kpi="revenue"] [part="value"]')!.textContent!.trim();
    expect(revenue).to.contain('249');
    const kt = texts(kdoc);
    expect(kt).to.include(revenue);
    expect(kt).to.include('Revenue');
    // Customers: 2, and every tile's label and figure.
    for (const tile of Array.from(kpis.shadowRoot.querySelectorAll('[data-kpi]'))) {
      expect(kt).to.include(tile.querySelector('[part="label"]')!.textContent!.trim());
      expect(kt).to.include(tile.querySelector('[part~="value"]')!.textContent!.trim());
    }
    expect(kt).to.include(kpis.shadowRoot.querySelector('[part="period"]')!.textContent!.trim());
    await checkPNG(kpis, kdoc);

    // List: the visible rows, by revenue (c1 150 before c2 99), the hostile name kept as text, PII masked.
    const lsvg = list.toSVG();
    const ldoc = parse(lsvg);
    const lt = texts(ldoc);
    expect(lt.indexOf('c1')).to.be.greaterThan(-1);
    expect(lt.indexOf('c1')).to.be.lessThan(lt.indexOf('c2'));
    expect(lt).to.include(hostile);
    expect(lt.some((t) => t.includes('150'))).to.equal(true);
    expect(lt.some((t) => t.includes('99'))).to.equal(true);
    for (const cell of Array.from(list.shadowRoot.querySelectorAll('tbody td'))) expect(lt).to.include(cell.textContent!.replace(/\s+/g, ' ').trim());
    for (const s of ['meiling@', '0912-345', 'bob@', '0988-765']) expect(lsvg).not.to.contain(s);
    await checkPNG(list, ldoc);

    // Card: the fields shown, email masked (m***@example.tw), revenue 120 + 30 = 150 over 2 orders.
    const csvg = card.toSVG();
    const cdoc = parse(csvg);
    const ct = texts(cdoc);
    expect(ct).to.include('Mei-Ling Chen');
    expect(ct).to.include('m***@example.tw');
    expect(ct).to.include('09xx-xxx-123');
    for (const s of ['meiling@', '0912-345']) expect(csvg).not.to.contain(s);
    const dts = Array.from(card.shadowRoot.querySelectorAll('dt'));
    const revDd = dts.find((d) => d.textContent!.trim() === 'Revenue')!.nextElementSibling!.textContent!.trim();
    expect(revDd).to.contain('150');
    expect(ct).to.include(revDd);
    for (const dt of dts) expect(ct).to.include(dt.textContent!.replace(/\s+/g, ' ').trim());
    await checkPNG(card, cdoc);
  });
});
