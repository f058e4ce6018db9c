/**
 * In the browser engine, through <crm-source>: ids above 2^53 stay two customers with every digit (list
 * and card), numeric ids that cannot be exact and ids with control characters are refused with a clear
 * error (English and Chinese), a user's __row column does not change the row an error names, and order
 * dates follow one rule (text: the date written; instants: the date in time-zone).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Table, TimestampMillisecond, makeData, makeVector, tableToIPC, vectorFromArray } from '../../packages/core/test/apache-arrow.js';
import './setup.js';
import type { CrmCustomerCard, CrmCustomerList, CrmDashboard, CrmErrorEventDetail, CrmLoadDetail, CrmSource } from '@crmkit/elements';
import { outcome, trackUncaught } from './loading.js';

type Input = { file: File } | { data: Record<string, unknown>[] };

/** A source (with a list and a card for `cardId`) loading `input`; resolves with the first crm-load or crm-error. */
async function load(input: Input, attrs: Record<string, string> = {}, cardId = '') {
  const wrap = await fixture<HTMLDivElement>(html`<div lang=${attrs.lang ?? 'en'}>
    <crm-source></crm-source>
    <crm-customer-list page-size="10"></crm-customer-list>
    <crm-customer-card customer-id=${cardId}></crm-customer-card>
  </div>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  for (const [k, v] of Object.entries(attrs)) if (k !== 'lang') src.setAttribute(k, v);
  const got = outcome(src);
  if ('file' in input) src.file = input.file;
  else src.data = input.data;
  const r = await got;
  return { r, src, list: wrap.querySelector('crm-customer-list') as CrmCustomerList, card: wrap.querySelector('crm-customer-card') as CrmCustomerCard };
}
async function loaded(input: Input, attrs: Record<string, string> = {}, cardId = '') {
  const x = await load(input, attrs, cardId);
  expect(x.r.type, JSON.stringify(x.r.detail)).to.equal('crm-load');
  return { ...x, d: x.r.detail as CrmLoadDetail };
}
async function refused(input: Input, attrs: Record<string, string> = {}) {
  const x = await load(input, attrs);
  expect(x.r.type, JSON.stringify(x.r.detail)).to.equal('crm-error');
  await x.src.updateComplete;
  const d = x.r.detail as CrmErrorEventDetail;
  const alert = x.src.shadowRoot!.querySelector('[role=alert]');
  expect(alert, 'visible error').to.exist;
  return { ...x, d, alert: alert! };
}
const file = (bytes: Uint8Array | string, name: string) => new File([typeof bytes === 'string' ? bytes : (bytes.slice() as Uint8Array<ArrayBuffer>)], name);
const parquet = (columnData: Parameters<typeof parquetWriteBuffer>[0]['columnData']) => new Uint8Array(parquetWriteBuffer({ columnData }));
/** The card's first order (epoch ms of the date) once it has drawn. */
async function firstOrder(card: CrmCustomerCard): Promise<number> {
  await waitUntil(() => card.value, 'the card shows no customer', { timeout: 30_000 });
  return card.value!.first_order as number;
}
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('ids above 2^53 in the browser engine', () => {
  const uncaught = trackUncaught();
  afterEach(() => expect(uncaught, 'uncaught errors').to.deep.equal([]));

  it('Parquet INT64: two customers, the list and the card show every digit', async () => {
    // 9007199254740993 = 2^53 + 1, which a double reads as 2^53 = 9007199254740992.
    const bytes = parquet([
      { name: 'customer_id', data: BigInt64Array.from([9007199254740993n, 9007199254740992n, 9007199254740993n]), type: 'INT64' },
      { name: 'order_date', data: ['2024-01-01', '2024-01-02', '2024-02-01'], type: 'STRING' },
      { name: 'amount', data: Float64Array.from([10, 5, 20]), type: 'DOUBLE' },
    ]);
    const { d, list, card } = await loaded({ file: file(bytes, 'big.parquet') }, {}, '9007199254740993');
    expect(d).to.include({ customers: 2, rows: 3, format: 'parquet' });
    await waitUntil(() => list.value, 'the list shows nothing', { timeout: 30_000 });
    // By revenue: …993 has 10 + 20 = 30, …992 has 5.
    expect(list.value!.rows.map((r) => r.customer_id)).to.deep.equal(['9007199254740993', '9007199254740992']);
    await list.updateComplete;
    const shown = [...list.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-customer'));
    expect(shown).to.deep.equal(['9007199254740993', '9007199254740992']);
    expect(list.shadowRoot!.querySelector('tbody')!.textContent).to.contain('9007199254740993').and.not.match(/e\+/i);
    await waitUntil(() => card.value, 'the card shows nothing', { timeout: 30_000 });
    expect(card.value).to.include({ customer_id: '9007199254740993', orders: 2, revenue: 30 });
    await card.updateComplete;
    expect(card.shadowRoot!.textContent).to.contain('9007199254740993');
  });

  it('JS rows with bigint ids (data) and Arrow Int64: two customers', async () => {
    const rows = [9007199254740993n, 9007199254740992n].map((id, i) => ({ customer_id: id, order_date: `2024-01-0${i + 1}`, amount: 5 }));
    expect((await loaded({ data: rows })).d.customers).to.equal(2);
    const t = new Table({
      customer_id: makeVector(BigInt64Array.from([9007199254740993n, 9007199254740992n])),
      order_date: vectorFromArray(['2024-01-01', '2024-01-02']),
      amount: makeVector(Float64Array.from([1, 2])),
    });
    const arrow = await loaded({ file: file(tableToIPC(t, 'stream'), 'big.arrow') }, {}, '9007199254740992');
    expect(arrow.d.customers).to.equal(2);
    await waitUntil(() => arrow.card.value, 'the card shows nothing', { timeout: 30_000 });
    expect(arrow.card.value).to.include({ customer_id: '9007199254740992', revenue: 2 });
  });

  it('a JSON number id above 2^53 is refused, in English and zh-Hant', async () => {
    const json = '[{"customer_id":9007199254740993,"order_date":"2024-01-01","amount":1},{"customer_id":9007199254740992,"order_date":"2024-01-02","amount":2}]';
    const { d, alert } = await refused({ file: file(json, 'big.json') }, { lang: 'zh-Hant' });
    expect(d).to.include({ code: 'invalid-value', column: 'customer_id', row: 1, value: '9007199254740992', count: 2, idProblem: 'inexact' });
    expect(d.message).to.equal(
      'big.json, column "customer_id", row 1: "9007199254740992" is not a usable id: it is a number above 9007199254740991 (2^53 − 1) stored as floating point, whose last digits may not be the file\'s. Store ids as text or as 64-bit integers. 2 rows in this column cannot be read (first rows: 1, 2). Fix the file, or set on-invalid="skip" to load the other rows.',
    );
    expect(d.localizedMessage).to.equal(
      'big.json，欄位「customer_id」，第 1 列：「9007199254740992」不能當作編號：這是大於 9007199254740991（2^53 − 1）的浮點數，末幾位數可能已和檔案中的不同。請以文字或 64 位元整數儲存編號。這個欄位共有 2 列無法讀取（前幾列：第 1、2 列）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
    );
    expect(alert.textContent).to.contain(d.localizedMessage);
  });

  it('JSON true and 1.5 as ids are refused; 123, "123" and 123.0 are one customer', async () => {
    const same = '[{"customer_id":123,"order_date":"2024-01-01","amount":1},{"customer_id":"123","order_date":"2024-01-02","amount":2},{"customer_id":123.0,"order_date":"2024-01-03","amount":3}]';
    expect((await loaded({ file: file(same, 'same.json') })).d.customers).to.equal(1);
    const bool = await refused({ file: file('[{"customer_id":true,"order_date":"2024-01-01","amount":1}]', 'b.json') }, { lang: 'zh-Hans' });
    expect(bool.d).to.include({ idProblem: 'boolean', value: 'true', row: 1 });
    expect(bool.d.localizedMessage).to.equal('b.json，字段“customer_id”，第 1 行：“true”不能作为编号：true／false 不是编号。请修正文件，或设置 on-invalid="skip" 以加载其他行。');
    const frac = await refused({ file: file('[{"customer_id":1.5,"order_date":"2024-01-01","amount":1}]', 'f.json') });
    expect(frac.d).to.include({ idProblem: 'fraction', value: '1.5' });
  });
});

describe('ids with control characters in the browser engine', () => {
  const uncaught = trackUncaught();
  afterEach(() => expect(uncaught, 'uncaught errors').to.deep.equal([]));

  it('a NUL in an id is refused with the character written out; skip loads the others', async () => {
    const json = '[{"customer_id":"E1","order_date":"2024-01-01","amount":1},{"customer_id":"E\\u00002","order_date":"2024-01-02","amount":2}]';
    const { d, alert } = await refused({ file: file(json, 'nul.json') }, { lang: 'zh-Hant' });
    expect(d).to.include({ code: 'invalid-value', column: 'customer_id', row: 2, value: 'E\\u00002', idProblem: 'control-character' });
    expect(d.message).to.equal('nul.json, column "customer_id", row 2: "E\\u00002" contains a control character, which an id cannot hold (a sign of a damaged export). Fix the file, or set on-invalid="skip" to load the other rows.');
    expect(d.localizedMessage).to.equal('nul.json，欄位「customer_id」，第 2 列：「E\\u00002」含有控制字元，編號不能包含控制字元（通常表示匯出的檔案已損壞）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。');
    expect(alert.textContent).not.to.contain('\u0000');
    const skip = await loaded({ file: file(json, 'nul.json') }, { 'on-invalid': 'skip' }, 'E1');
    expect(skip.d).to.include({ customers: 1, rows: 1 });
    expect(skip.d.rejected).to.include({ count: 1 });
    await waitUntil(() => skip.card.value, 'the card shows nothing', { timeout: 30_000 });
    expect(skip.card.value).to.include({ customer_id: 'E1', revenue: 1 });
  });

  it('a control character in a CSV id', async () => {
    const { d } = await refused({ file: file('customer_id,order_date,amount\nC1,2024-01-01,1\nC\u00072,2024-01-01,1\n', 'bell.csv') });
    expect(d).to.include({ row: 2, value: 'C\\u00072', idProblem: 'control-character' });
  });
});

describe("a user's __row column in the browser engine", () => {
  it('JSON and Arrow: the error names the row of the file', async () => {
    const rows = [
      { __row: 100, customer_id: 'A', order_date: '2024-01-01', amount: 1 },
      { __row: 200, customer_id: 'B', order_date: '2024-01-02', amount: 'ten' },
    ];
    const json = await refused({ file: file(JSON.stringify(rows), 'r.json') });
    expect(json.d).to.include({ code: 'invalid-value', column: 'amount', row: 2, value: 'ten' });
    const t = new Table({
      __row: makeVector(Int32Array.from([100, 200])),
      customer_id: vectorFromArray(['A', 'B']),
      order_date: vectorFromArray(['2024-01-01', '2024-01-02']),
      amount: vectorFromArray(['1', 'ten']),
    });
    const arrow = await refused({ file: file(tableToIPC(t, 'stream'), 'r.arrow') });
    expect(arrow.d).to.include({ code: 'invalid-value', column: 'amount', row: 2, value: 'ten' });
  });
});

describe('order dates with times and zones in the browser engine', () => {
  const uncaught = trackUncaught();
  afterEach(() => expect(uncaught, 'uncaught errors').to.deep.equal([]));
  // 2024-03-31T23:30:00-05:00 is the instant 2024-04-01T04:30:00Z.
  const INSTANT = Date.parse('2024-03-31T23:30:00-05:00');

  it('CSV and JSON text: the date written (March 31), whatever time-zone says', async () => {
    const csv = await loaded({ file: file('customer_id,order_date,amount\nA,2024-03-31T23:30:00-05:00,1\n', 'z.csv') }, { 'time-zone': 'Asia/Taipei' }, 'A');
    expect(await firstOrder(csv.card)).to.equal(day('2024-03-31'));
    const json = await loaded({ file: file('[{"customer_id":"A","order_date":"2024-03-31T23:30:00-05:00","amount":1}]', 'z.json') }, {}, 'A');
    expect(await firstOrder(json.card)).to.equal(day('2024-03-31'));
  });

  it('a Parquet UTC timestamp: April 1 in UTC (the default), March 31 with time-zone="America/Chicago"', async () => {
    const bytes = () =>
      parquet([
        { name: 'customer_id', data: ['A'], type: 'STRING' },
        { name: 'order_date', data: [new Date(INSTANT)], type: 'TIMESTAMP' },
        { name: 'amount', data: Float64Array.from([1]), type: 'DOUBLE' },
      ]);
    expect(await firstOrder((await loaded({ file: file(bytes(), 't.parquet') }, {}, 'A')).card)).to.equal(day('2024-04-01'));
    expect(await firstOrder((await loaded({ file: file(bytes(), 't.parquet') }, { 'time-zone': 'America/Chicago' }, 'A')).card)).to.equal(day('2024-03-31'));
  });

  it('an Arrow timestamp with a zone loads (no query error): the date in time-zone', async () => {
    const ts = makeVector(makeData({ type: new TimestampMillisecond('America/Chicago'), length: 1, nullCount: 0, data: BigInt64Array.of(BigInt(INSTANT)) }));
    const t = new Table({ customer_id: vectorFromArray(['A']), order_date: ts, amount: makeVector(Float64Array.from([1])) });
    const r = await loaded({ file: file(tableToIPC(t, 'stream'), 'tz.arrow') }, { 'time-zone': 'America/Chicago' }, 'A');
    expect(await firstOrder(r.card)).to.equal(day('2024-03-31'));
  });

  it('a JS Date at local midnight of March 31 in Taipei: March 31 with time-zone="Asia/Taipei", March 30 in UTC', async () => {
    // What new Date(2024, 2, 31) is on a UTC+8 page.
    const data = [{ customer_id: 'A', order_date: new Date('2024-03-30T16:00:00Z'), amount: 1 }];
    expect(await firstOrder((await loaded({ data }, { 'time-zone': 'Asia/Taipei' }, 'A')).card)).to.equal(day('2024-03-31'));
    expect(await firstOrder((await loaded({ data }, {}, 'A')).card)).to.equal(day('2024-03-30'));
  });

  it('an unknown time-zone is a clear error in English and zh-Hant', async () => {
    const { d, alert } = await refused({ file: file('customer_id,order_date,amount\nA,2024-01-01,1\n', 'x.csv') }, { 'time-zone': 'Mars/Olympus', lang: 'zh-Hant' });
    expect(d).to.include({ code: 'invalid-option', option: 'time-zone', value: 'Mars/Olympus' });
    expect(d.message).to.equal('Invalid time-zone "Mars/Olympus": expected a time zone name such as "Asia/Taipei", "America/New_York" or "UTC".');
    expect(d.localizedMessage).to.equal('屬性 time-zone 的值「Mars/Olympus」不正確：需要時區名稱，例如 "Asia/Taipei"、"America/New_York" 或 "UTC"。');
    expect(alert.textContent).to.contain(d.localizedMessage);
  });

  it('<crm-dashboard time-zone> passes the zone to its source', async () => {
    const dash = await fixture<CrmDashboard>(html`<crm-dashboard time-zone="Asia/Taipei"></crm-dashboard>`);
    await dash.updateComplete;
    const inner = (dash.shadowRoot ?? dash).querySelector('crm-source') as CrmSource | null;
    expect(inner, 'the dashboard has a source').to.exist;
    await waitUntil(() => inner!.getAttribute('time-zone') === 'Asia/Taipei', 'time-zone not passed through', { timeout: 5000 });
    expect(inner!.timeZone).to.equal('Asia/Taipei');
  });
});
