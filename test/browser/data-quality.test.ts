/**
 * <crm-data-quality> on the real engine: the planted errors of a small two-channel data set found
 * exactly, labelled in zh-Hant, and a line's button selecting its customers in a masked customer list.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './setup.js';
import type { CrmCustomerList, CrmDataQuality, CrmSource } from '@crmkit/elements';
import { outcome } from './loading.js';

// 8 rows; planted: a future order (K1), a duplicate row (A1), 2 rows of Z9 (not in the register),
// a shop outlier (B1: 1000 > 10 × the median positive amount 10).
const TX = [
  { customer_id: 'A1', order_date: '2024-01-05', amount: 10, channel: 'web' },
  { customer_id: 'A1', order_date: '2024-01-05', amount: 10, channel: 'web' },
  { customer_id: 'B1', order_date: '2024-02-01', amount: 1000, channel: 'store' },
  { customer_id: 'K1', order_date: '2030-01-01', amount: 10, channel: 'web' },
  { customer_id: 'Z9', order_date: '2024-03-01', amount: 8, channel: 'store' },
  { customer_id: 'Z9', order_date: '2024-03-02', amount: 12, channel: 'store' },
  { customer_id: 'D1', order_date: '2024-03-03', amount: 11, channel: 'web' },
  { customer_id: 'D1', order_date: '2024-03-04', amount: 7, channel: 'web' },
];
// 5 register rows; planted: B1's email and D1's phone malformed, N1 without a purchase and without a name.
const REGISTER = [
  { customer_id: 'A1', name: 'Amy', email: 'amy@example.com', phone: '0912-345-678' },
  { customer_id: 'B1', name: 'Bob', email: 'bob(at)example.com', phone: '+886 922 000 111' },
  { customer_id: 'D1', name: 'Dan', email: 'dan@example.com', phone: '12-34' },
  { customer_id: 'K1', name: 'Kim', email: 'kim@example.com', phone: '0944111222' },
  { customer_id: 'N1', name: null, email: 'n@example.com', phone: '0955111222' },
];

describe('<crm-data-quality>', function () {
  this.timeout(120_000);

  it('finds the planted errors, speaks zh-Hant, and drills down to the customers', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div lang="zh-Hant">
      <crm-source></crm-source>
      <crm-data-quality today="2025-06-30"></crm-data-quality>
      <crm-customer-list mask-pii sort="customer_id"></crm-customer-list>
    </div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const got = outcome(src);
    src.customersData = REGISTER;
    src.data = TX;
    expect((await got).type).to.equal('crm-load');
    const dq = wrap.querySelector('crm-data-quality') as CrmDataQuality;
    const list = wrap.querySelector('crm-customer-list') as CrmCustomerList;
    await waitUntil(() => dq.value && list.value, 'drew', { timeout: 60_000 });
    await dq.updateComplete;
    const counts = Object.fromEntries(dq.value!.lines.map((l) => [l.key, l.count]));
    expect(counts).to.deep.equal({
      'completeness:name': 1,
      'completeness:email': 0,
      'completeness:phone': 0,
      'invalid-email': 1,
      'invalid-phone': 1,
      'future-order': 1,
      'duplicate-rows': 1,
      'orphan-transactions': 2,
      'no-purchase': 1,
      'outlier-shop': 1,
      'outlier-customer': 0,
    });
    const row = (key: string) => dq.shadowRoot!.querySelector(`[data-check="${key}"]`)!;
    expect(row('invalid-email').querySelector('td')!.textContent!.trim()).to.equal('格式錯誤的電子郵件');
    expect(row('completeness:name').querySelector('td')!.textContent!.trim()).to.equal('缺少姓名');
    expect(row('no-purchase').textContent).to.contain('不在顧客清單中（沒有消費）');
    // Drill down: the malformed email's customer in the list, its email masked.
    (row('invalid-email').querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => list.value?.rows.length === 1, 'list filtered', { timeout: 30_000 });
    expect(list.value!.rows.map((r) => r.customer_id)).to.deep.equal(['B1']);
    await list.updateComplete;
    expect(list.shadowRoot!.textContent).not.to.contain('bob(at)example.com');
    // The orphans: Z9 bought twice but is not in the register.
    (row('orphan-transactions').querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => list.value?.rows[0]?.customer_id === 'Z9', 'orphans', { timeout: 30_000 });
    expect(list.value!.rows.length).to.equal(1);
  });

  it('speaks zh-Hans', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div lang="zh-Hans"><crm-source></crm-source><crm-data-quality today="2025-06-30"></crm-data-quality></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const got = outcome(src);
    src.customersData = REGISTER;
    src.data = TX;
    expect((await got).type).to.equal('crm-load');
    const dq = wrap.querySelector('crm-data-quality') as CrmDataQuality;
    await waitUntil(() => dq.value, 'drew', { timeout: 60_000 });
    await dq.updateComplete;
    const cell = (key: string) => dq.shadowRoot!.querySelector(`[data-check="${key}"] td`)!.textContent!.trim();
    expect(cell('invalid-phone')).to.equal('格式错误的电话号码');
    expect(cell('orphan-transactions')).to.equal('不在顾客名册中的顾客的消费');
    expect(dq.shadowRoot!.querySelector('[part~="definition"]')!.textContent).to.equal('下列各项检查中通过的数据行比例之平均（100 表示没有发现问题）。');
  });
});
