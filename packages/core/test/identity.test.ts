/**
 * Identity across channels: normalised emails and phones (Taiwan and mainland China formats,
 * full-width digits), conservative linking with every merge and conflict reported, and merged
 * customers in the tables on the real engine.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset, ident, linkIdentities, loadData, mergeIdentities, normalizeEmail, normalizePhone, queryRows, sql } from '../src/index.js';
import { engine } from './engine.js';

describe('normalising contact details', () => {
  it('emails: NFKC, trimmed, lower-cased; nothing else changed', () => {
    expect(normalizeEmail('  Amy.Lin@Example.COM ')).toBe('amy.lin@example.com');
    expect(normalizeEmail('ａｍｙ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('amy@example.com'); // full-width
    expect(normalizeEmail('amy+shop@example.com')).toBe('amy+shop@example.com'); // +tag kept
    expect(normalizeEmail('amy@example')).toBeUndefined();
    expect(normalizeEmail('amy lin@example.com')).toBeUndefined();
    expect(normalizeEmail('')).toBeUndefined();
  });

  it('phones: Taiwan and mainland China formats to E.164', () => {
    // Taiwan mobile, written five ways.
    for (const p of ['0912-345-678', '0912 345 678', '+886 912 345 678', '+886-0912-345678', '００９１２３４５６７８'.slice(1), '886912345678', '00886912345678'])
      expect(normalizePhone(p), p).toBe('+886912345678');
    expect(normalizePhone('(02) 2345-6789')).toBe('+886223456789'); // Taipei landline
    // Mainland China.
    expect(normalizePhone('+86 138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('8613800138000')).toBe('+8613800138000');
    expect(normalizePhone('13800138000', 'CN')).toBe('+8613800138000');
    expect(normalizePhone('010-1234-5678', 'CN')).toBe('+861012345678');
    // A mainland mobile without its country code is not a Taiwan number.
    expect(normalizePhone('13800138000', 'TW')).toBeUndefined();
    expect(normalizePhone('12345')).toBeUndefined();
    expect(normalizePhone('call me')).toBeUndefined();
  });
});

describe('linking records', () => {
  it('links by email, phone and id map; refuses links a record contradicts; reports both', () => {
    const r = linkIdentities(
      [
        { customer_id: 'W1', email: 'amy@example.com', phone: '0912-345-678', name: 'Amy Lin' },
        { customer_id: 'S7', email: 'AMY@example.com ', name: 'amy lin' }, // same email, same name (case, space) → merge
        { customer_id: 'A3', phone: '+886 912 345 678' }, // same phone as W1, no email or name → merge
        { customer_id: 'W2', email: 'bob@example.com', phone: '0922-000-111', name: 'Bob' },
        { customer_id: 'S8', email: 'carol@example.com', phone: '0922000111', name: 'Carol' }, // shares Bob's phone: conflict
        { customer_id: 'W4', email: 'dan@example.com', name: 'Dan' },
        { customer_id: 'S9', email: 'dan@example.com', name: 'Daniel' }, // same email, other name: conflict
        { customer_id: 'A5', name: 'Eve' },
      ],
      { idMap: [{ from: 'S10', to: 'A5' }] },
    );
    expect(r.merges).toEqual([
      { ids: ['S10', 'A5'], by: 'map' },
      { ids: ['S7', 'W1'], by: 'email', key: 'amy@example.com' },
      { ids: ['A3', 'W1'], by: 'phone', key: '+886912345678' },
    ]);
    expect(r.conflicts).toEqual([
      { ids: ['S9', 'W4'], by: 'email', key: 'dan@example.com', reason: 'different-name' },
      { ids: ['S8', 'W2'], by: 'phone', key: '+886922000111', reason: 'different-email' },
    ]);
    // 9 records (8 + S10 from the map); A3, S7, W1 → A3; A5, S10 → A5: 9 − 2 − 1 = 6 customers.
    expect([r.records, r.customers]).toEqual([9, 6]);
    expect([...r.mapping].sort()).toEqual([
      ['S10', 'A5'],
      ['S7', 'A3'],
      ['W1', 'A3'],
    ]);
  });

  it('never lets a record without name or email bridge two people', () => {
    const r = linkIdentities([
      { customer_id: 'A1', phone: '0933111222' }, // phone only
      { customer_id: 'B1', phone: '0933-111-222', name: 'Bob' },
      { customer_id: 'C1', phone: '+886933111222', name: 'Carol' },
    ]);
    expect(r.merges).toEqual([{ ids: ['A1', 'B1'], by: 'phone', key: '+886933111222' }]);
    expect(r.conflicts).toEqual([{ ids: ['B1', 'C1'], by: 'phone', key: '+886933111222', reason: 'different-name' }]);
    expect(r.customers).toBe(2);
  });

  it('merges the customers in the tables: transactions and one register row per person', async () => {
    const e = await engine();
    const tx = await loadData(
      e,
      [
        { customer_id: 'W1', order_date: '2024-01-05', amount: 100, channel: 'web' },
        { customer_id: 'S7', order_date: '2024-02-01', amount: 40, channel: 'store' },
        { customer_id: 'A3', order_date: '2024-03-01', amount: 10, channel: 'app' },
        { customer_id: 'W2', order_date: '2024-01-09', amount: 5, channel: 'web' },
      ],
      { table: 'id_tx' },
    );
    const cu = await loadData(
      e,
      [
        { customer_id: 'W1', email: 'amy@example.com', phone: '0912-345-678', name: 'Amy Lin' },
        { customer_id: 'S7', email: 'amy@example.com', birthday: '1990-04-01' },
        { customer_id: 'A3', phone: '+886912345678' },
        { customer_id: 'W2', email: 'bob@example.com' },
      ],
      { table: 'id_cu', kind: 'customers' },
    );
    const r = await mergeIdentities(e, { transactions: tx.table, customers: cu.table, customerFields: cu.fields, mappingTable: 'id_map' });
    expect(r.customers).toBe(2);
    const ds = await buildDataset(e, { id: 'id_', transactions: tx.table, fields: tx.fields, customers: cu.table, customerFields: cu.fields });
    // A3 = W1 + S7 + A3: 100 + 40 + 10 = 150 over 3 orders; W2: 5.
    const facts = await queryRows<{ customer_id: string; revenue: number; orders: number }>(e, sql`SELECT customer_id, revenue, orders FROM ${ident(ds.facts)} ORDER BY customer_id`);
    expect(facts.map((f) => [f.customer_id, Number(f.revenue), Number(f.orders)])).toEqual([
      ['A3', 150, 3],
      ['W2', 5, 1],
    ]);
    expect(ds.customerCount).toBe(2);
    // The register: A3's own phone, W1's email and name, S7's birthday (gaps filled in id order A3, S7, W1).
    const reg = await queryRows<Record<string, unknown>>(e, sql`SELECT customer_id, email, phone, name, CAST(birthday AS VARCHAR) AS birthday FROM id_cu ORDER BY customer_id`);
    expect(reg).toEqual([
      { customer_id: 'A3', email: 'amy@example.com', phone: '+886912345678', name: 'Amy Lin', birthday: '1990-04-01' },
      { customer_id: 'W2', email: 'bob@example.com', phone: null, name: null, birthday: null },
    ]);
  });
});
