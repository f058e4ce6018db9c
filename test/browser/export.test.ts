import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { setAssetBase } from '@crmkit/elements';
import { WasmEngine } from '@crmkit/core';
import './setup.js';
import { CDNOW_URL } from './cdnow.js';
import type { CrmSource } from '@crmkit/elements';

type Widget = HTMLElement & { updateComplete: Promise<boolean>; toCSV(): string; toSVG(): string; toPNG(): Promise<Blob>; value: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('exports', () => {
  it('CSV, SVG and PNG of the segment pyramid are valid files with the chart’s numbers', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width:640px"><crm-source></crm-source><crm-segment-pyramid></crm-segment-pyramid></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const w = wrap.querySelector('crm-segment-pyramid') as unknown as Widget;
    const loaded = oneEvent(src, 'crm-load');
    src.src = CDNOW_URL;
    await loaded;
    await w.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    await w.updateComplete;
    const tiers = w.value.rows as { customers: number }[];

    // CSV: a header and one line per tier; the customer counts add up to every CDNOW customer
    const lines = w.toCSV().trim().split('\r\n');
    expect(lines.length).to.equal(tiers.length + 1);
    const header = lines[0].split(',');
    const col = header.indexOf('customers');
    expect(col).to.be.greaterThan(-1);
    expect(lines.slice(1).reduce((s, l) => s + Number(l.split(',')[col]), 0)).to.equal(23570);

    // SVG: well-formed XML, standalone (namespace, size), with the marks and their inlined colours
    const svg = w.toSVG();
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).to.equal(null);
    const root = doc.documentElement;
    expect(root.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(Number(root.getAttribute('width'))).to.be.greaterThan(100);
    expect(doc.querySelectorAll('.mark').length).to.equal(tiers.length);
    expect(svg).not.to.contain('var(--');
    expect(svg).not.to.contain('tabindex');

    // PNG: the PNG signature, and it decodes to an image twice the chart's size
    const png = await w.toPNG();
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect(Array.from(bytes.slice(0, 8))).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const bmp = await createImageBitmap(png);
    expect(bmp.width).to.equal(2 * Number(root.getAttribute('width')));
  });
});

describe('engine start-up', () => {
  it('a missing worker script ends in a clear error instead of waiting forever', async () => {
    let message = '';
    try {
      await WasmEngine.create({ mainModule: '/__duckdb/duckdb-eh.wasm', mainWorker: '/__duckdb/no-such-worker.js' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.contain('no-such-worker.js');
    setAssetBase('/__duckdb/');
  });
});
