import { describe, expect, it } from 'vitest';
import { dataset, engine } from './engine.js';
import { loadEvents } from '../src/events.js';
import { conversionFunnelQuery, funnelGroupPredicate, funnelSettings, runConversionFunnel } from '../src/metrics/conversion-funnel.js';
import { ident, queryRows, sql, type Dataset } from '../src/index.js';
import { CrmError } from '../src/errors.js';

let n = 0;
/** Transactions (as `dataset` loads them) plus an events table loaded through the real loader. */
async function withEvents(events: readonly Record<string, unknown>[] | Uint8Array, tx: readonly Record<string, unknown>[] = [{ customer_id: 'zz', order_date: '2024-01-01', amount: 1 }]): Promise<Dataset> {
  const ds = await dataset(tx);
  const r = await loadEvents(await engine(), events, { table: `${ds.id}events${++n}` });
  return { ...ds, events: r.table };
}

// Hand-made events (2024-03; times UTC). Steps visit → add_to_cart → purchase, window 7 days:
//   A  visit 01 10:00 (ads), cart 02 10:00, purchase 03 10:00                → 3 steps; gaps 86400 s, 86400 s
//   B  visit 01 10:00 (ads), cart 08 10:00 (exactly 7 d: counts), purchase 08 10:00:01 (7 d + 1 s: out) → 2; gap 604800
//   C  visit 01 10:00 (email), purchase 02 10:00, cart 03 10:00              → sequential 2 (no purchase after the cart); gap 172800
//   D  visit 01 10:00 (email), view_item 11:00, cart 12:00, purchase 13:00   → sequential 3; gaps 7200, 3600
//   E  visit 01 00:00 (ads), visit 10 00:00 (email), cart 11 00:00, purchase 12 00:00
//      → the first attempt's cart is 10 d later (out); the second reaches 3: counted once, channel email; gaps 86400, 86400
//   F  cart 01 only                                                          → never did step 1
//   G  visit 01 (ads) only                                                   → 1
//   v1 visit 01 09:00 (ads), identify v1 → c7 at 09:30; c7 cart 10:00       → person c7, 2; gap 3600
//   H  visit 01 10:00 (ads) twice (same instant), purchase 02 10:00          → sequential 1 (no cart)
const E = (visitor_id: string, event: string, timestamp: string, extra: Record<string, unknown> = {}) => ({ visitor_id, customer_id: null, event, timestamp, channel: null, ...extra });
const EVENTS = [
  E('A', 'visit', '2024-03-01 10:00:00', { channel: 'ads' }),
  E('A', 'add_to_cart', '2024-03-02 10:00:00'),
  E('A', 'purchase', '2024-03-03 10:00:00'),
  E('B', 'visit', '2024-03-01 10:00:00', { channel: 'ads' }),
  E('B', 'add_to_cart', '2024-03-08 10:00:00'),
  E('B', 'purchase', '2024-03-08 10:00:01'),
  E('C', 'visit', '2024-03-01 10:00:00', { channel: 'email' }),
  E('C', 'purchase', '2024-03-02 10:00:00'),
  E('C', 'add_to_cart', '2024-03-03 10:00:00'),
  E('D', 'visit', '2024-03-01 10:00:00', { channel: 'email' }),
  E('D', 'view_item', '2024-03-01 11:00:00'),
  E('D', 'add_to_cart', '2024-03-01 12:00:00'),
  E('D', 'purchase', '2024-03-01 13:00:00'),
  E('E', 'visit', '2024-03-01 00:00:00', { channel: 'ads' }),
  E('E', 'visit', '2024-03-10 00:00:00', { channel: 'email' }),
  E('E', 'add_to_cart', '2024-03-11 00:00:00'),
  E('E', 'purchase', '2024-03-12 00:00:00'),
  E('F', 'add_to_cart', '2024-03-01 10:00:00'),
  E('G', 'visit', '2024-03-01 10:00:00', { channel: 'ads' }),
  E('v1', 'visit', '2024-03-01 09:00:00', { channel: 'ads' }),
  E('v1', 'identify', '2024-03-01 09:30:00', { customer_id: 'c7' }),
  E('c7', 'add_to_cart', '2024-03-01 10:00:00'),
  E('H', 'visit', '2024-03-01 10:00:00', { channel: 'ads' }),
  E('H', 'visit', '2024-03-01 10:00:00'),
  E('H', 'purchase', '2024-03-02 10:00:00'),
];
const STEPS = 'visit,add_to_cart,purchase';
const people = (r: { steps: { people: number }[] }) => r.steps.map((s) => s.people);

describe('conversion funnel (hand-worked events)', () => {
  it('sequential: counts, conversion, drop-off, window edge, repeated attempts, identity, median times', async () => {
    const ds = await withEvents(EVENTS);
    const r = await runConversionFunnel(ds, { steps: STEPS, window: '7d' });
    // step 1: A B C D E G c7 H = 8; step 2: A B C D E c7 = 6; step 3: A D E = 3.
    expect(people(r)).toEqual([8, 6, 3]);
    expect(r.steps[1].conversion).toBeCloseTo(6 / 8, 12);
    expect(r.steps[2].conversion).toBeCloseTo(3 / 8, 12);
    expect(r.steps[2].stepConversion).toBeCloseTo(3 / 6, 12);
    expect(r.steps.map((s) => s.dropOff)).toEqual([0, 2, 3]);
    // step 2 gaps: 3600 (c7), 7200 (D), 86400 (A), 86400 (E), 172800 (C), 604800 (B): median (86400 + 86400) / 2.
    expect(r.steps[1].medianSeconds).toBe(86_400);
    // step 3 gaps: 3600 (D), 86400 (A), 86400 (E): median 86400.
    expect(r.steps[2].medianSeconds).toBe(86_400);
    expect(r.steps[0].medianSeconds).toBeNull();
  });

  it('the window end is inclusive: a 7 d − 1 s window loses B’s cart, 7 d + 1 s gains B’s purchase', async () => {
    const ds = await withEvents(EVENTS);
    // 604799 s: B stops at 1 → step 2 = 5; step 3 unchanged = 3.
    expect(people(await runConversionFunnel(ds, { steps: STEPS, window: `${7 * 86400 - 1}s` }))).toEqual([8, 5, 3]);
    // 604801 s: B's purchase at 7 d + 1 s counts → step 3 = 4.
    expect(people(await runConversionFunnel(ds, { steps: STEPS, window: `${7 * 86400 + 1}s` }))).toEqual([8, 6, 4]);
  });

  it('strict: each step is the very next event', async () => {
    const ds = await withEvents(EVENTS);
    // A 3; B 2; C 1 (purchase follows the visit); D 1 (view_item between); E 3 (second attempt); G 1;
    // c7 1 (the identify event follows the visit); H 1 (a second visit follows). → [8, 3, 2]
    expect(people(await runConversionFunnel(ds, { steps: STEPS, window: '7d', order: 'strict' }))).toEqual([8, 3, 2]);
  });

  it('any order: step k = k of the steps within the window of the first one done', async () => {
    const ds = await withEvents(EVENTS);
    // A 3; B 2 (purchase 7 d + 1 s after the visit; from the cart the visit is before); C 3; D 3; E 3; F 1 (a cart is a step);
    // G 1; c7 2; H 2 (visit, purchase). → step 1 = 9, step 2 = 7, step 3 = 4.
    expect(people(await runConversionFunnel(ds, { steps: STEPS, window: '7d', order: 'any' }))).toEqual([9, 7, 4]);
  });

  it('a repeated step needs a separate event; two at the same instant count', async () => {
    const ds = await withEvents(EVENTS);
    // visit, visit, purchase: only H has two visits within 7 d (E's are 9 d apart) → [8, 1, 1].
    expect(people(await runConversionFunnel(ds, { steps: 'visit,visit,purchase', window: '7d' }))).toEqual([8, 1, 1]);
  });

  it('breakdown by channel: the counted attempt’s first step (first touch)', async () => {
    const ds = await withEvents(EVENTS);
    const r = await runConversionFunnel(ds, { steps: STEPS, window: '7d', breakdown: 'channel' });
    const by = Object.fromEntries(r.groups.map((g) => [g.value, people(g)]));
    // ads: A 3, B 2, G 1, c7 2, H 1 → [5, 3, 1]; email: C 2, D 3, E 3 (second visit) → [3, 3, 2].
    expect(by).toEqual({ ads: [5, 3, 1], email: [3, 3, 2] });
    expect(people(r)).toEqual([8, 6, 3]);
  });

  it('purchases from the transactions (orders count at the end of their day) and the cross-filter predicate', async () => {
    const tx = [
      { customer_id: 'c1', order_date: '2024-03-01', amount: 10 },
      { customer_id: 'c2', order_date: '2024-03-08', amount: 20 },
      { customer_id: 'c3', order_date: '2024-03-05', amount: 30 },
    ];
    const ev = [E('c1', 'visit', '2024-03-01 10:00'), E('c2', 'visit', '2024-03-01 10:00'), E('c3', 'visit', '2024-03-01 10:00'), E('v9', 'visit', '2024-03-02 10:00')];
    const ds = await withEvents(ev, tx);
    // c1: order 03-01 23:59:59.999999, after the visit → converted. c2: 03-08 23:59:59.999999 > 03-08 10:00 → out of 7 d.
    // c3: 03-05 → converted. v9: no order. → [4, 2]
    const r = await runConversionFunnel(ds, { steps: 'visit,purchase', window: '7d' });
    expect(r.purchasesFromTransactions).toBe(true);
    expect(people(r)).toEqual([4, 2]);
    const who = async (p: Awaited<ReturnType<typeof funnelGroupPredicate>>) =>
      (await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${p} ORDER BY 1`)).map((x) => x.customer_id);
    expect(await who(await funnelGroupPredicate(ds, { steps: 'visit,purchase', window: '7d' }, { step: 2, group: 'converted' }))).toEqual(['c1', 'c3']);
    // dropped at step 2: c2 and v9, of whom only c2 is a customer.
    expect(await who(await funnelGroupPredicate(ds, { steps: 'visit,purchase', window: '7d' }, { step: 2, group: 'dropped' }))).toEqual(['c2']);
    // The selection of other widgets keeps only the customers it selects: c2 and c3 (revenue ≥ 20) → [2, 1].
    expect(people(await runConversionFunnel(ds, { steps: 'visit,purchase', window: '7d' }, sql`revenue >= 20`))).toEqual([2, 1]);
  });

  it('options are checked', () => {
    expect(() => funnelSettings({ steps: 'visit' })).toThrow(CrmError);
    expect(() => funnelSettings({ steps: 'a,b', window: '7x' })).toThrow(/invalid window/);
    expect(() => funnelSettings({ steps: 'a,b', order: 'random' })).toThrow(/invalid order/);
    expect(() => funnelSettings({ steps: 'a,a', order: 'any' })).toThrow(/different event names/);
    expect(funnelSettings({ steps: 'a, b', window: '48h' })).toMatchObject({ steps: ['a', 'b'], windowSeconds: 172_800, order: 'sequential' });
  });
});

describe('conversion funnel on generated events: the page’s pass, the engine’s SQL and correlated subqueries agree', () => {
  it('in order, different step names: people per step, median times and channels; with a selection too', async () => {
    // 5,000 people × 8 events over 30 days (4 visits, 2 carts, a purchase, a page view); a quarter of the events without a channel.
    const ds0 = await dataset(Array.from({ length: 50 }, (_, i) => ({ customer_id: `p${i}`, order_date: '2024-01-01', amount: i })));
    const table = `${ds0.id}gen_events`;
    await (await engine()).exec(sql`CREATE TABLE ${ident(table)} AS
      SELECT CAST(i // 8 AS INTEGER) + 1 AS pid, 'p' || (i // 8) AS person,
        CASE WHEN i % 8 < 4 THEN 'visit' WHEN i % 8 < 6 THEN 'add_to_cart' WHEN i % 8 = 6 THEN 'purchase' ELSE 'view_item' END AS event,
        TIMESTAMP '2024-03-01' + to_seconds(CAST(hash(i) % 2592000 AS BIGINT)) AS "timestamp",
        [NULL, 'web', 'ads', 'email'][1 + CAST(hash(i + 7) % 4 AS INTEGER)] AS channel, CAST(NULL AS VARCHAR) AS campaign
      FROM range(40000) t(i)`);
    const ds: Dataset = { ...ds0, events: table };
    const opts = { steps: STEPS, window: '7d' };
    // Step 2 (3): a visit whose first cart at or after it is within 7 days (and the first purchase at or after that cart too).
    const brute = await queryRows<{ p1: number; p2: number; p3: number }>(
      ds.engine,
      sql`WITH e AS (SELECT pid, event, "timestamp" AS ts FROM ${ident(table)}),
        a AS (SELECT v.pid, v.ts AS t1, (SELECT min(c.ts) FROM e c WHERE c.pid = v.pid AND c.event = 'add_to_cart' AND c.ts >= v.ts) AS t2 FROM e v WHERE v.event = 'visit'),
        b AS (SELECT a.*, (SELECT min(p.ts) FROM e p WHERE p.pid = a.pid AND p.event = 'purchase' AND p.ts >= a.t2) AS t3 FROM a WHERE t2 <= t1 + INTERVAL 7 DAY)
        SELECT (SELECT count(DISTINCT pid) FROM a) AS p1, (SELECT count(DISTINCT pid) FROM b) AS p2,
          (SELECT count(DISTINCT pid) FROM b WHERE t3 <= t1 + INTERVAL 7 DAY) AS p3`,
    );
    const page = await runConversionFunnel(ds, opts);
    expect(people(page)).toEqual([brute[0].p1, brute[0].p2, brute[0].p3].map(Number));
    // Enough of each step for the check to mean something.
    expect(people(page)[2]).toBeGreaterThan(100);
    const engineRows = async (o: Parameters<typeof funnelSettings>[0], filter?: ReturnType<typeof sql>) =>
      (await queryRows<Record<string, unknown>>(ds.engine, conversionFunnelQuery(ds, funnelSettings(o), false, filter))).map((r) => ({
        value: Number(r.g) === 1 ? 'all' : (r.b as string | null),
        people: [1, 2, 3].map((k) => Number(r[`p${k}`])),
        median: [2, 3].map((k) => Number(r[`m${k}`])),
      }));
    const shown = (g: { value: string | null; steps: { people: number; medianSeconds: number | null }[] }) => ({
      value: g.value,
      people: people(g),
      median: g.steps.slice(1).map((st) => Number(st.medianSeconds)),
    });
    const close = (a: ReturnType<typeof shown>[], b: ReturnType<typeof shown>[]) => {
      expect(a.map((g) => [g.value, g.people])).toEqual(b.map((g) => [g.value, g.people]));
      a.forEach((g, i) => g.median.forEach((m, k) => expect(m).toBeCloseTo(b[i].median[k], 3)));
    };
    close([shown({ value: 'all', steps: page.steps })], (await engineRows(opts)).filter((r) => r.value === 'all'));
    const by = await runConversionFunnel(ds, { ...opts, breakdown: 'channel' });
    close([shown({ value: 'all', steps: by.steps }), ...by.groups.map(shown)], await engineRows({ ...opts, breakdown: 'channel' }));
    expect(by.groups.map((g) => g.value)).toContain(null);
    // The selection of other widgets: customers p25 … p49 (revenue ≥ 25).
    const sel = await runConversionFunnel(ds, opts, sql`revenue >= 25`);
    close([shown({ value: 'all', steps: sel.steps })], (await engineRows(opts, sql`revenue >= 25`)).filter((r) => r.value === 'all'));
    expect(people(sel)[0]).toBe(25);
  });
});

describe('events input', () => {
  const csv = (s: string) => new TextEncoder().encode(s);
  it('loads CSV with an id-map column, and reads times', async () => {
    const e = await engine();
    const r = await loadEvents(e, csv('anonymous_id,user_id,event_name,time\nv1,,visit,2024-03-01T09:00:00Z\nv1,c7,signup,2024-03-01 09:30\nc7,,purchase,2024-03-02\n'), { table: 'ev_csv' });
    expect(r.people).toBe(1);
    expect(r.linked).toBe(1);
    const rows = await queryRows<{ person: string; ts: string }>(e, sql`SELECT person, strftime("timestamp", '%Y-%m-%d %H:%M') AS ts FROM ev_csv ORDER BY "timestamp"`);
    expect(rows).toEqual([
      { person: 'c7', ts: '2024-03-01 09:00' },
      { person: 'c7', ts: '2024-03-01 09:30' },
      { person: 'c7', ts: '2024-03-02 00:00' },
    ]);
  });
  it('each event name gets a whole-number code (its rank in name order), and the funnel gives the same figures with the codes set aside', async () => {
    const ds = await withEvents(EVENTS);
    const e = await engine();
    // Names in order: add_to_cart 1, identify 2, purchase 3, view_item 4, visit 5.
    const codes = await queryRows<{ event: string; event_code: number }>(e, sql`SELECT DISTINCT event, event_code FROM ${ident(ds.events!)} ORDER BY event`);
    expect(codes).toEqual([
      { event: 'add_to_cart', event_code: 1 },
      { event: 'identify', event_code: 2 },
      { event: 'purchase', event_code: 3 },
      { event: 'view_item', event_code: 4 },
      { event: 'visit', event_code: 5 },
    ]);
    const withCodes = await runConversionFunnel(ds, { steps: STEPS, window: '7d', breakdown: 'channel' });
    // A step no event has (code 0 in the scan): nobody reaches it.
    const absent = await runConversionFunnel(ds, { steps: 'visit,checkout', window: '7d' });
    await e.exec(sql`ALTER TABLE ${ident(`${ds.events}__names`)} RENAME TO ${ident(`${ds.events}__off`)}`);
    try {
      expect(await runConversionFunnel(ds, { steps: STEPS, window: '7d', breakdown: 'channel' })).toEqual(withCodes);
      expect(await runConversionFunnel(ds, { steps: 'visit,checkout', window: '7d' })).toEqual(absent);
    } finally {
      await e.exec(sql`ALTER TABLE ${ident(`${ds.events}__off`)} RENAME TO ${ident(`${ds.events}__names`)}`);
    }
    expect(people(withCodes)).toEqual([8, 6, 3]);
    expect(people(absent)).toEqual([8, 0]);
  });
  it('JS rows keep a Date’s time of day', async () => {
    const e = await engine();
    await loadEvents(e, [{ visitor_id: 'a', event: 'visit', timestamp: new Date('2024-03-01T09:15:00Z') }], { table: 'ev_js' });
    const rows = await queryRows<{ ts: string }>(e, sql`SELECT strftime("timestamp", '%H:%M') AS ts FROM ev_js`);
    expect(rows).toEqual([{ ts: '09:15' }]);
  });
  it('bad files get the loader’s errors: a missing column, an unreadable time', async () => {
    const e = await engine();
    await expect(loadEvents(e, csv('visitor_id,time\nv1,2024-03-01\n'), { table: 'ev_bad1', name: 'events.csv' })).rejects.toMatchObject({ code: 'missing-column', detail: { missing: ['event'] } });
    await expect(loadEvents(e, csv('visitor_id,event,timestamp\nv1,visit,2024-03-01\nv2,visit,yesterday\n'), { table: 'ev_bad2', name: 'events.csv' })).rejects.toMatchObject({
      code: 'invalid-value',
      detail: { column: 'timestamp', row: 2, value: 'yesterday', expected: 'timestamp' },
    });
  });
});
