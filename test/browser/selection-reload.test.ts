import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { queryRows, sql } from '@crmkit/core';
import './setup.js';
import { CDNOW_URL, cdnowRows } from './cdnow.js';
import type { CrmCustomerList, CrmSegmentPyramid, CrmSelectDetail, CrmSource } from '@crmkit/elements';

/**
 * A selection and a new load: a clause that is a condition (`revenue >= 300`)
 * is worked out again on the new data, and so is a tier click (its condition
 * descriptor, by the pyramid's analysis); a clause computed from the old data
 * (`basis: 'computed'`) is taken out, and the page is told. Never is a result
 * worked out on other data kept. Expected counts are computed here, in plain
 * TypeScript, from the files' text.
 */

const THRESHOLD_CENTS = 300_00;
const condition = { client: 'page', predicate: sql`revenue >= 300`, label: 'Revenue ≥ 300' };

/**
 * A file larger than CDNOW (400,000 rows, 60,000 customers, ~10 MB): row i is bought by
 * customer G<(i · 7919) mod 60000>, for ((i · 37) mod 113) + 1 whole dollars, on a day of 2023.
 * Returns the file and how many of its customers spent at least $300 in all.
 */
function biggerFile(): { url: string; customers: number; matching: number } {
  const CUSTOMERS = 60_000;
  const ROWS = 400_000;
  const spent = new Map<string, number>();
  const parts: string[] = ['customer_id,order_date,amount\n'];
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const id = `G${(i * 7919) % CUSTOMERS}`;
    const amount = ((i * 37) % 113) + 1;
    spent.set(id, (spent.get(id) ?? 0) + amount);
    chunk += `${id},2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${amount}\n`;
    if (chunk.length > 1 << 20) (parts.push(chunk), (chunk = ''));
  }
  parts.push(chunk);
  const matching = [...spent.values()].filter((v) => v * 100 >= THRESHOLD_CENTS).length;
  return { url: URL.createObjectURL(new Blob(parts, { type: 'text/csv' })), customers: spent.size, matching };
}

/** CDNOW's customers in all and those who spent at least $300 (sums in whole cents, so no rounding decides). */
async function cdnowCounts(): Promise<{ customers: number; matching: number }> {
  const cents = new Map<string, number>();
  for (const r of await cdnowRows()) cents.set(r.customer_id, (cents.get(r.customer_id) ?? 0) + Math.round(r.amount * 100));
  const values = [...cents.values()];
  // No customer sits exactly on the line, where the engine's floating-point sum could fall either side.
  expect(values.filter((c) => c === THRESHOLD_CENTS)).to.have.length(0);
  return { customers: cents.size, matching: values.filter((c) => c >= THRESHOLD_CENTS).length };
}

async function mount() {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"></div>`);
  wrap.insertAdjacentHTML('beforeend', '<crm-source></crm-source><crm-customer-list></crm-customer-list><crm-segment-pyramid></crm-segment-pyramid>');
  const src = wrap.querySelector('crm-source') as CrmSource;
  const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
  const pyramid = wrap.querySelector('crm-segment-pyramid') as CrmSegmentPyramid;
  return { src, list, pyramid };
}

async function settle(...widgets: { updateComplete: Promise<boolean> }[]) {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 40));
    await Promise.all(widgets.map((w) => w.updateComplete));
  }
}

/** Set `src` and resolve once the source has loaded it and the widgets have their numbers. */
async function load(src: CrmSource, url: string, ...widgets: { updateComplete: Promise<boolean> }[]) {
  const loaded = oneEvent(src, 'crm-load');
  src.src = url;
  await loaded;
  await settle(...widgets);
}

/** Rows of the source's selection tables now in force (each clause's customers; a clause names its table as data). */
async function selectionTableRows(src: CrmSource): Promise<number[]> {
  const names = src.selection.list().map((c) => c.table);
  expect(names.every((n) => typeof n === 'string' && n.startsWith('s'))).to.equal(true);
  return Promise.all(names.map(async (n) => Number((await queryRows<{ n: number }>(src.model!.engine, `SELECT count(*) AS n FROM "${n}"`))[0].n)));
}

describe('a selection and a new load', () => {
  it('a condition chosen while a larger file loads is worked out on the new file, not the old one', async () => {
    const cdnow = await cdnowCounts();
    const big = biggerFile();
    const { src, list } = await mount();
    await load(src, CDNOW_URL, list);
    expect(list.value!.total).to.equal(cdnow.customers);

    src.src = big.url;
    await waitUntil(() => src.state === 'loading', 'the new load did not start');
    await oneEvent(src, 'crm-progress');
    // Chosen during the load: the old data is still in the engine, but the clause is about the new one.
    const loaded = oneEvent(src, 'crm-load');
    await src.select(condition); // resolves once the new data is in and the clause worked out on it
    expect(src.state).to.equal('ready');
    expect(src.selection.list().map((c) => c.label)).to.deep.equal([condition.label]);
    await loaded;
    await settle(list);

    expect(src.model!.customerCount).to.equal(big.customers);
    expect(list.value!.total, 'customers of the larger file who spent ≥ $300').to.equal(big.matching);
    expect(big.matching).to.be.greaterThan(0).and.not.equal(cdnow.matching);
    expect(src.selection.list().map((c) => c.label)).to.deep.equal([condition.label]);
    expect(await selectionTableRows(src)).to.deep.equal([big.matching]);
    URL.revokeObjectURL(big.url);
  });

  it('a condition in force when other data loads is worked out again on it, also while its first working-out is still running', async () => {
    const cdnow = await cdnowCounts();
    const big = biggerFile();
    const { src, list } = await mount();
    await load(src, CDNOW_URL, list);
    await src.select(condition);
    await settle(list);
    expect(list.value!.total, 'CDNOW customers who spent ≥ $300').to.equal(cdnow.matching);

    await load(src, big.url, list);
    expect(list.value!.total, 'the larger file, the same condition').to.equal(big.matching);
    expect(await selectionTableRows(src)).to.deep.equal([big.matching]);

    // Chosen on the larger file and a load started in the same moment: its working-out on the larger
    // file may finish after the load began, and must not be the one kept.
    src.clearSelection();
    void src.select(condition);
    await load(src, CDNOW_URL, list);
    expect(list.value!.total, 'back on CDNOW').to.equal(cdnow.matching);
    expect(await selectionTableRows(src)).to.deep.equal([cdnow.matching]);
    URL.revokeObjectURL(big.url);
  });

  it('a tier clicked on the old data is worked out again on other data; a computed clause is taken out, and crm-select says which', async () => {
    const cdnow = await cdnowCounts();
    const big = biggerFile();
    const { src, list, pyramid } = await mount();
    await load(src, CDNOW_URL, list, pyramid);
    await src.select(condition);
    pyramid.selectTier('gold');
    await settle(list, pyramid);
    const gold = pyramid.value!.rows.find((r) => r.key === 'gold')!.customers;
    expect(gold).to.be.greaterThan(0);
    expect(list.value!.total).to.be.at.most(gold).and.at.most(cdnow.matching);

    // A host's clause worked out from the old data (a frozen list of ids): computed.
    await src.select({ client: 'frozen', predicate: sql`customer_id IN ('00001')`, label: 'One customer', value: 'ids', basis: 'computed' });
    const events: CrmSelectDetail[] = [];
    const hear = (e: Event) => events.push((e as CustomEvent<CrmSelectDetail>).detail);
    src.addEventListener('crm-select', hear);
    await load(src, big.url, list, pyramid);
    src.removeEventListener('crm-select', hear);

    const told = events.find((d) => d.reason === 'new-data');
    expect(told, 'a crm-select event tells the page what the new data took out').to.exist;
    expect(told!.client).to.equal('source');
    expect(told!.removed!.map((c) => [c.client, c.value, c.basis])).to.deep.equal([['frozen', 'ids', 'computed']]);
    // The tier stays, worked out on the new file by the pyramid's analysis (gold: its tiers of the new customers).
    expect(pyramid.selectedKey).to.equal('gold');
    expect(src.selection.list().map((c) => c.client).sort()).to.deep.equal(['page', pyramid.clientId].sort());
    await settle(list, pyramid);
    // Independent count: the pyramid's own grouping of the customers the condition leaves (its clause left out of its filter).
    expect(pyramid.value!.customers).to.equal(big.matching);
    const goldNew = pyramid.value!.rows.find((r) => r.key === 'gold')!.customers;
    expect(goldNew).to.be.greaterThan(0);
    expect(list.value!.total).to.equal(goldNew);
    URL.revokeObjectURL(big.url);
  });
});
