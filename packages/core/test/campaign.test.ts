import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { campaignColumns, runCampaignExport } from '../src/export/campaign.js';
import { tagPredicate } from '../src/metrics/tags.js';
import { sql } from '../src/sql.js';
import { toCSV } from '../src/export/csv.js';

describe('campaign export', () => {
  const tx = [
    // c1: 0.1 + 0.2 + 13990.63 = 13990.93 (as doubles 13990.930000000002 or so: rounded to cents)
    { customer_id: 'c1', order_date: '2024-01-01', amount: 0.1 },
    { customer_id: 'c1', order_date: '2024-01-02', amount: 0.2 },
    { customer_id: 'c1', order_date: '2024-01-03', amount: 13990.63 },
    { customer_id: 'c2', order_date: '2024-01-05', amount: 10 },
    { customer_id: '=HYPERLINK("x")', order_date: '2024-01-06', amount: 5 },
  ];
  const customers = [
    { customer_id: 'c1', name: '王小明', email: 'alice@example.com', phone: '0912-345-123' },
    { customer_id: 'c2', name: '+cmd', email: 'bob@example.com', phone: '12345' },
  ];

  it('writes every selected customer with rounded numbers, masked PII and formula-safe cells', async () => {
    const ds = await dataset(tx, { customers });
    const all = await runCampaignExport(ds, { columns: ['customer_id', 'name', 'email', 'phone', 'orders', 'revenue', 'average_order', 'last_order'], maskPii: true });
    expect(all.rows.length).toBe(3);
    const c1 = all.rows.find((r) => r.customer_id === 'c1')!;
    // 13990.93 / 3 orders = 4663.643333… → 4663.64
    expect(c1).toEqual({ customer_id: 'c1', name: '王**', email: 'a***@example.com', phone: '09xx-xxx-123', orders: 3, revenue: 13990.93, average_order: 4663.64, last_order: '2024-01-03' });
    expect(all.csv).toContain('c1,王**,a***@example.com,09xx-xxx-123,3,13990.93,4663.64,2024-01-03');
    // A cell that starts like a formula is written as text.
    expect(all.csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(all.csv).toContain("'+**");
    // Only the selection: c1 and c2 have revenue ≥ 10.
    const some = await runCampaignExport(ds, { filter: sql`revenue >= 10`, columns: ['customer_id'] });
    expect(some.rows.map((r) => r.customer_id)).toEqual(['c1', 'c2']);
    // Tag selection: 'new' within 90 days of as-of 2024-01-07 is everyone; NOT new is nobody.
    const none = await runCampaignExport(ds, { filter: tagPredicate(ds, {}, ['new'], 'not'), columns: ['customer_id'] });
    expect(none.rows).toEqual([]);
  });

  it('writes the CSV lines in the query exactly as the cell-by-cell writer does', async () => {
    // Text that needs the formula guard, quotes, or has spaces JavaScript trims (no-break space, ideographic space: quoted);
    // money that is whole (10 → "10"), negative, or a sum of doubles (0.1 + 0.2 → 0.3).
    const odd = [
      { customer_id: '-minus', order_date: '2024-01-01', amount: 0.1, cost: 5 },
      { customer_id: '-minus', order_date: '2024-01-02', amount: 0.2, cost: 5 },
      { customer_id: '@at', order_date: '2024-01-03', amount: 10, cost: 20 },
      { customer_id: 'a"b,c', order_date: '2024-01-04', amount: 1234.5 },
      { customer_id: 'plain', order_date: '2024-01-05', amount: 7 },
      { customer_id: 'nbsp\u00a0', order_date: '2024-01-06', amount: 8 },
      { customer_id: '\u3000wide', order_date: '2024-01-06', amount: 9 },
      { customer_id: 'tabbed', order_date: '2024-01-06', amount: 9.99 },
      { customer_id: '王小明', order_date: '2024-01-07', amount: 13990.63 },
    ];
    const people = [
      { customer_id: '@at', name: ' padded', email: '=1+1' },
      { customer_id: '王小明', name: '王小明', email: null },
      { customer_id: 'plain', name: 'line\nbreak', email: 'a@b.example' },
      { customer_id: 'tabbed', name: '\ttab', email: 'x"y@b.example' },
      { customer_id: 'nbsp', name: 'nbsp\u00a0' },
      { customer_id: 'wide', name: '\u3000wide' },
    ];
    const ds = await dataset(odd, { customers: people });
    const columns = ['customer_id', 'name', 'email', 'orders', 'revenue', 'profit', 'average_order', 'first_order', 'days_since_last', 'tags'];
    const r = await runCampaignExport(ds, { columns });
    expect(r.rows.length).toBe(8);
    // The generic writer over the same rows (cell by cell, csv.ts) is the reference.
    expect(r.csv).toBe(toCSV(r.rows, r.columns));
    // profit of -minus: 0.3 - 10 = -9.7; of @at: 10 - 20 = -10 (whole: no decimal point).
    expect(r.csv).toContain("'-minus,,,2,0.3,-9.7,0.15,");
    expect(r.csv).toContain("'@at,\" padded\",'=1+1,1,10,-10,10,");
    expect(r.csv).toContain('nbsp,"nbsp\u00a0",,1,8,');
    expect(r.csv).toContain('wide,"\u3000wide",,1,9,');
    expect(r.csv).toContain('"line\nbreak"');
    expect(r.csv).toContain("'\ttab");
    const empty = await runCampaignExport(ds, { filter: sql`FALSE`, columns });
    expect(empty.csv).toBe(`${columns.join(',')}\r\n`);
  });

  it('refuses an unknown column and leaves out profile columns without a register', async () => {
    const ds = await dataset(tx);
    expect(() => campaignColumns(ds, ['customer_id', 'password'])).toThrow(/invalid columns: password/);
    expect(campaignColumns(ds, ['customer_id', 'email', 'revenue'])).toEqual(['customer_id', 'revenue']);
  });
});
