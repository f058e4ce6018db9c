import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { queryRows, sql } from '../src/index.js';
import { runTags, tagAssignmentQuery, tagPredicate, tagSettings, BUILT_IN_TAGS } from '../src/metrics/tags.js';
import { ident } from '../src/sql.js';

/** Seeded generator (LCG): customers with planted behaviours, and which customers each group holds. */
function generate(seed = 7) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const DAY = 86_400_000;
  const END = Date.UTC(2024, 11, 31); // last order day: as-of is 2025-01-01
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const products = [
    { product: 'tea', base: 10 },
    { product: 'cup', base: 25 },
    { product: 'pot', base: 80 },
    { product: 'tray', base: 40 },
  ];
  const rows: Record<string, unknown>[] = [];
  let order = 0;
  const buy = (c: string, day: number, price: 'low' | 'mid' | 'top' | 'any', channel: string) => {
    const p = products[int(0, products.length - 1)];
    const kind = price === 'any' ? (['low', 'mid', 'top'] as const)[int(0, 2)] : price;
    const unit_price = kind === 'low' ? p.base * 0.8 : kind === 'top' ? p.base * 1.2 : p.base;
    const quantity = int(1, 3);
    rows.push({ customer_id: c, order_id: `o${++order}`, order_date: iso(day), amount: Math.round(unit_price * quantity * 100) / 100, quantity, unit_price, product: p.product, channel });
  };
  const planted: Record<string, string[]> = { loyal: [], lapsed: [], fresh: [], cheap: [], premium: [], big: [], multi: [] };
  for (let i = 0; i < 12; i++) {
    // Loyal: a purchase every 45–75 days over two years, up to the last month.
    const c = `L${i}`;
    planted.loyal.push(c);
    for (let d = END - int(0, 20) * DAY; d > END - 730 * DAY; d -= int(45, 75) * DAY) buy(c, d, 'mid', 'store');
  }
  for (let i = 0; i < 10; i++) {
    // Lapsed: monthly for a year, then nothing for 200–300 days.
    const c = `A${i}`;
    planted.lapsed.push(c);
    const stop = END - int(200, 300) * DAY;
    for (let k = 0; k < 12; k++) buy(c, stop - k * 30 * DAY, 'mid', 'web');
  }
  for (let i = 0; i < 8; i++) {
    // New: first order in the last 60 days.
    const c = `N${i}`;
    planted.fresh.push(c);
    buy(c, END - int(0, 60) * DAY, 'any', 'app');
  }
  for (let i = 0; i < 9; i++) {
    // Price-sensitive: always the lowest price, 3–6 orders through two channels.
    const c = `P${i}`;
    planted.cheap.push(c);
    planted.multi.push(c);
    for (let k = 0, n = int(3, 6); k < n; k++) buy(c, END - int(100, 600) * DAY, 'low', k % 2 ? 'web' : 'store');
  }
  for (let i = 0; i < 7; i++) {
    // Premium: always the top price.
    const c = `Q${i}`;
    planted.premium.push(c);
    for (let k = 0, n = int(2, 5); k < n; k++) buy(c, END - int(100, 600) * DAY, 'top', 'store');
  }
  for (let i = 0; i < 5; i++) {
    // Big spenders: one large order.
    const c = `H${i}`;
    planted.big.push(c);
    rows.push({ customer_id: c, order_id: `o${++order}`, order_date: iso(END - int(100, 300) * DAY), amount: 20_000 + 1000 * i, quantity: 100, unit_price: 200 + 10 * i, product: 'gift', channel: 'store' });
  }
  for (let i = 0; i < 60; i++) {
    const c = `R${i}`;
    for (let k = 0, n = int(1, 6); k < n; k++) buy(c, END - int(0, 700) * DAY, 'any', ['web', 'store', 'app'][int(0, 2)]);
  }
  buy('R0', END, 'mid', 'web');
  return { rows, planted, asOf: '2025-01-01' };
}

/** The same definitions worked out in TS from the rows (defaults of tagSettings). */
function expected(rows: Record<string, unknown>[], asOf: string) {
  const A = Date.parse(`${asOf}T00:00:00Z`);
  const days = (a: number, b: number) => Math.round((b - a) / 86_400_000);
  const by = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) by.set(r.customer_id as string, [...(by.get(r.customer_id as string) ?? []), r]);
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const r of rows) {
    const p = r.product as string;
    const u = r.unit_price as number;
    lo.set(p, Math.min(lo.get(p) ?? Infinity, u));
    hi.set(p, Math.max(hi.get(p) ?? -Infinity, u));
  }
  const revenue = new Map([...by].map(([c, rs]) => [c, rs.reduce((a, r) => a + (r.amount as number), 0)]));
  const n = by.size;
  const out: Record<string, string[]> = Object.fromEntries(BUILT_IN_TAGS.map((t) => [t, []]));
  for (const [c, rs] of by) {
    const ds = [...new Set(rs.map((r) => Date.parse(`${r.order_date}T00:00:00Z`)))].sort((a, b) => a - b);
    const gaps = ds.slice(1).map((d, i) => days(ds[i], d));
    const first = ds[0];
    const last = ds[ds.length - 1];
    if (ds.length >= 4 && days(first, A) >= 365 && Math.max(0, ...gaps) <= 180 && days(last, A) <= 180) out.loyal.push(c);
    const priced = rs.filter((r) => hi.get(r.product as string)! > lo.get(r.product as string)!);
    const low = priced.filter((r) => (r.unit_price as number) <= lo.get(r.product as string)! * 1.05).length;
    const spend = priced.reduce((a, r) => a + (r.amount as number), 0);
    const top = priced.filter((r) => (r.unit_price as number) >= hi.get(r.product as string)! * 0.95).reduce((a, r) => a + (r.amount as number), 0);
    if (priced.length >= 2 && low >= 0.5 * priced.length) out['price-sensitive'].push(c);
    if (priced.length >= 2 && spend > 0 && top >= 0.5 * spend) out.premium.push(c);
    const rev = revenue.get(c)!;
    const atLeast = [...revenue.values()].filter((v) => v >= rev).length;
    if (rev > 0 && atLeast * 100 <= 10 * n) out['high-spender'].push(c);
    if (days(first, A) <= 90) out.new.push(c);
    if (ds.length >= 2 && days(last, A) > (2 * days(first, last)) / (ds.length - 1)) out['at-risk'].push(c);
    const ch = new Set(rs.map((r) => r.channel as string)).size;
    if (ch === 1) out['single-channel'].push(c);
    if (ch >= 2) out['multi-channel'].push(c);
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

const sorted = (a: string[]) => [...a].sort();

describe('built-in tags on generated data with planted behaviours', () => {
  const g = generate();
  const want = expected(g.rows, g.asOf);

  it('finds exactly the customers the independent computation finds, planted ones included', async () => {
    const ds = await dataset(g.rows);
    expect(ds.asOf).toBe(g.asOf);
    const rows = await queryRows<{ customer_id: string; tag: string }>(ds.engine, tagAssignmentQuery(ds));
    const got = Object.fromEntries(BUILT_IN_TAGS.map((t) => [t, sorted(rows.filter((r) => r.tag === t).map((r) => r.customer_id))]));
    expect(got).toEqual(want);
    // The planted behaviours land where they were planted.
    for (const c of g.planted.loyal) expect(got.loyal).toContain(c);
    for (const c of g.planted.lapsed) expect(got['at-risk']).toContain(c);
    for (const c of g.planted.fresh) expect(got.new).toContain(c);
    for (const c of g.planted.cheap) expect(got['price-sensitive']).toContain(c);
    for (const c of g.planted.premium) expect(got.premium).toContain(c);
    for (const c of g.planted.big) expect(got['high-spender']).toContain(c);
    for (const c of g.planted.multi) expect(got['multi-channel']).toContain(c);
    // Nobody planted as cheap is premium, and the other way round (lowest vs highest price of every product).
    expect(got.premium.filter((c) => c.startsWith('P'))).toEqual([]);
    expect(got['price-sensitive'].filter((c) => c.startsWith('Q'))).toEqual([]);
    // 111 customers (12 + 10 + 8 + 9 + 7 + 5 + 60): high spenders are the top 10 %, at most 11.
    expect(ds.customerCount).toBe(111);
    expect(got['high-spender'].length).toBeLessThanOrEqual(11);
  });

  it('counts and revenue shares per tag, and the overlap of two tags', async () => {
    const ds = await dataset(g.rows);
    const r = await runTags(ds);
    const total = g.rows.reduce((a, x) => a + (x.amount as number), 0);
    expect(r.customers).toBe(111);
    expect(r.revenue).toBeCloseTo(total, 6);
    for (const t of BUILT_IN_TAGS) {
      const row = r.tags.find((x) => x.tag === t);
      const ids = new Set(want[t]);
      const rev = g.rows.filter((x) => ids.has(x.customer_id as string)).reduce((a, x) => a + (x.amount as number), 0);
      expect(row?.customers ?? 0).toBe(want[t].length);
      if (row) expect(row.revenueShare!).toBeCloseTo(rev / total, 9);
    }
    const both = want.loyal.filter((c) => want['single-channel'].includes(c)).length;
    expect(r.overlap.find((p) => p.a === 'loyal' && p.b === 'single-channel')?.customers ?? 0).toBe(both);
  });

  it('thresholds are options: new-days 30 finds the customers whose first order is at most 30 days back', async () => {
    const ds = await dataset(g.rows);
    const rows = await queryRows<{ customer_id: string; tag: string }>(ds.engine, tagAssignmentQuery(ds, { newDays: 30 }));
    const A = Date.parse('2025-01-01T00:00:00Z');
    const first = new Map<string, number>();
    for (const x of g.rows) first.set(x.customer_id as string, Math.min(first.get(x.customer_id as string) ?? Infinity, Date.parse(`${x.order_date}T00:00:00Z`)));
    const want30 = [...first].filter(([, d]) => (A - d) / 86_400_000 <= 30).map(([c]) => c).sort();
    expect(sorted(rows.filter((r) => r.tag === 'new').map((r) => r.customer_id))).toEqual(want30);
    expect(() => tagSettings(ds, { newDays: 0 })).toThrow(/invalid new-days: 0/);
    expect(() => tagSettings(ds, { priceShare: '2' })).toThrow(/invalid price-share: 2/);
  });

  it('a tag selection: OR, AND and NOT of tags', async () => {
    const ds = await dataset(g.rows);
    const count = async (p: ReturnType<typeof tagPredicate>) => (await queryRows<{ n: number }>(ds.engine, sql`SELECT CAST(count(*) AS INTEGER) AS n FROM ${ident(ds.facts)} WHERE ${p}`))[0].n;
    const a = new Set(want.loyal);
    const b = new Set(want['single-channel']);
    expect(await count(tagPredicate(ds, {}, ['loyal', 'single-channel'], 'or'))).toBe(new Set([...a, ...b]).size);
    expect(await count(tagPredicate(ds, {}, ['loyal', 'single-channel'], 'and'))).toBe([...a].filter((c) => b.has(c)).length);
    expect(await count(tagPredicate(ds, {}, ['loyal', 'single-channel'], 'not'))).toBe(111 - new Set([...a, ...b]).size);
    // A tag name is a value: text that looks like SQL names no tag and selects nobody.
    expect(await count(tagPredicate(ds, {}, ["loyal' OR 1=1 --"], 'or'))).toBe(0);
  });
});

describe('tags without price or channel columns, register tags and user rules', () => {
  it('offers only the tags the columns allow, splits the register tags, and adds rule tags', async () => {
    // c1: 3 orders, 300; c2: 1 order, 50; c3: 2 orders, 20.
    const tx = [
      { customer_id: 'c1', order_date: '2024-01-01', amount: 100 },
      { customer_id: 'c1', order_date: '2024-02-01', amount: 100 },
      { customer_id: 'c1', order_date: '2024-03-01', amount: 100 },
      { customer_id: 'c2', order_date: '2024-03-01', amount: 50 },
      { customer_id: 'c3', order_date: '2024-01-15', amount: 10 },
      { customer_id: 'c3', order_date: '2024-01-20', amount: 10 },
    ];
    const customers = [
      { customer_id: 'c1', tags: 'VIP, 團購；wholesale' },
      { customer_id: 'c2', tags: 'VIP' },
      { customer_id: 'c9', tags: 'VIP' }, // no transactions: not counted
    ];
    const ds = await dataset(tx, { customers });
    const r = await runTags(ds, { rules: [{ name: 'repeat', rule: 'orders >= 2 and revenue > 25' }, { name: 'small', rule: { all: [{ field: 'revenue', op: '<', value: 60 }] } }] });
    expect(r.available).toEqual(['loyal', 'high-spender', 'new', 'at-risk']);
    const of = (t: string) => r.tags.find((x) => x.tag === t)?.customers ?? 0;
    expect(of('register:VIP')).toBe(2);
    expect(of('register:團購')).toBe(1);
    expect(of('register:wholesale')).toBe(1);
    // repeat: c1 (3 orders, 300); c3 has 2 orders but 20 ≤ 25. small: c2 (50), c3 (20).
    expect(of('rule:repeat')).toBe(1);
    expect(of('rule:small')).toBe(2);
    // Revenue share of VIP: (300 + 50) / 370.
    expect(r.tags.find((x) => x.tag === 'register:VIP')!.revenueShare).toBeCloseTo(350 / 370, 12);
    // as-of 2024-03-02: c3's usual interval is 5 days, 42 days since: at risk; c1's is 30 (60 / 2), 1 day since: not.
    expect(of('at-risk')).toBe(1);
  });
});
