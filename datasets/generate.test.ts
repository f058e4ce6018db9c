import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, type GenerateResult } from './generate.js';
import { dataset, engine } from '../packages/core/test/engine.js';
import { loadData, toRows, type Dataset } from '../packages/core/src/index.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const dir = () => mkdtempSync(join(tmpdir(), 'crmkit-gen-'));

describe('generator: determinism', () => {
  it('same seed → byte-identical CSV and Parquet; another seed → different files', async () => {
    for (const format of ['csv', 'parquet'] as const) {
      const a = await generate({ customers: 1500, seed: 7, format, out: dir(), chunk: 1000 });
      const b = await generate({ customers: 1500, seed: 7, format, out: dir(), chunk: 1000 });
      const c = await generate({ customers: 1500, seed: 8, format, out: dir(), chunk: 1000 });
      expect(sha(a.transactionsFile)).toBe(sha(b.transactionsFile));
      expect(sha(a.customersFile)).toBe(sha(b.customersFile));
      expect(sha(a.transactionsFile)).not.toBe(sha(c.transactionsFile));
      expect(sha(a.customersFile)).not.toBe(sha(c.customersFile));
      expect(a.transactions).toBeGreaterThan(1500);
    }
  });

  it('reaches an approximate transaction target', async () => {
    const r = await generate({ transactions: 20_000, seed: 3, out: dir() });
    expect(Math.abs(r.transactions - 20_000) / 20_000).toBeLessThan(0.1);
    const fixed = await generate({ customers: 1000, transactions: 12_000, seed: 3, out: dir() });
    expect(fixed.customers).toBe(1000);
    expect(Math.abs(fixed.transactions - 12_000) / 12_000).toBeLessThan(0.1);
  });
});

describe('generator: distribution, read back through the real loader', () => {
  let csv: GenerateResult;
  let pq: GenerateResult;
  let ds: Dataset;
  beforeAll(async () => {
    csv = await generate({ customers: 4000, seed: 11, format: 'csv', out: dir() });
    pq = await generate({ customers: 4000, seed: 11, format: 'parquet', out: dir() });
    ds = await dataset(new Uint8Array(readFileSync(csv.transactionsFile)), { format: 'csv' });
  });
  const one = async <T>(q: string) => toRows<T>(await ds.engine.query(q))[0];

  it('every customer buys; counts and revenue match what the generator wrote', async () => {
    expect(ds.rows).toBe(csv.transactions);
    expect(ds.customerCount).toBe(4000);
    expect(ds.maxDate <= '2024-12-31').toBe(true);
    const { revenue } = await one<{ revenue: number }>(`SELECT sum(amount) AS revenue FROM ${ds.transactions}`);
    expect(revenue).toBeCloseTo(csv.revenue, 2);
  });

  it('the Parquet file holds the same rows as the CSV file', async () => {
    const p = await dataset(new Uint8Array(readFileSync(pq.transactionsFile)), { format: 'parquet' });
    expect(p.rows).toBe(ds.rows);
    expect(p.customerCount).toBe(ds.customerCount);
    const diff = await one<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT order_id, customer_id, order_date, amount, cost FROM ${ds.transactions} EXCEPT ALL SELECT order_id, customer_id, order_date, amount, cost FROM ${p.transactions})`,
    );
    expect(Number(diff.n)).toBe(0);
  });

  it('heavy tail: the top 20 % of customers hold well over half the revenue', async () => {
    const { share } = await one<{ share: number }>(`
      WITH r AS (SELECT revenue, row_number() OVER (ORDER BY revenue DESC) AS rn, count(*) OVER () AS n FROM ${ds.facts})
      SELECT sum(revenue) FILTER (WHERE rn <= n * 0.2) / sum(revenue) AS share FROM r`);
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.95);
  });

  it('every lifecycle stage is populated on the as-of date', async () => {
    // as of 2025-01-01: new = first order in the last 90 days; active = older customer who bought in the
    // last 90 days; at risk = last order 91–180 days ago; lapsed = 181–365; lost = over a year.
    const s = await one<Record<'new' | 'active' | 'at_risk' | 'lapsed' | 'lost', number>>(`
      WITH f AS (SELECT date_diff('day', first_order, DATE '${ds.asOf}') AS age, date_diff('day', last_order, DATE '${ds.asOf}') AS idle FROM ${ds.facts})
      SELECT count(*) FILTER (WHERE age <= 90)::INT AS new,
             count(*) FILTER (WHERE age > 90 AND idle <= 90)::INT AS active,
             count(*) FILTER (WHERE idle BETWEEN 91 AND 180)::INT AS at_risk,
             count(*) FILTER (WHERE idle BETWEEN 181 AND 365)::INT AS lapsed,
             count(*) FILTER (WHERE idle > 365)::INT AS lost FROM f`);
    expect(ds.asOf).toBe('2025-01-01');
    for (const [stage, n] of Object.entries(s)) expect(n, stage).toBeGreaterThan(4000 * 0.03);
    expect(s.new + s.active + s.at_risk + s.lapsed + s.lost).toBe(4000);
  });

  it('some customers lose money, most do not; returns are negative rows', async () => {
    const p = await one<{ losing: number; n: number; returns: number }>(
      `SELECT (SELECT count(*) FROM ${ds.facts} WHERE profit < 0)::INT AS losing, (SELECT count(*) FROM ${ds.facts})::INT AS n,
              (SELECT count(*) FROM ${ds.transactions} WHERE amount < 0)::INT AS returns`,
    );
    expect(p.losing / p.n).toBeGreaterThan(0.03);
    expect(p.losing / p.n).toBeLessThan(0.4);
    expect(p.returns).toBeGreaterThan(0);
  });

  it('seasonality: December has more orders per day than February', async () => {
    const m = await one<{ dec: number; feb: number }>(`
      SELECT count(*) FILTER (WHERE month(order_date) = 12) / 31.0 AS dec, count(*) FILTER (WHERE month(order_date) = 2) / 28.25 AS feb
      FROM ${ds.transactions} WHERE amount > 0 AND year(order_date) BETWEEN 2022 AND 2024`);
    expect(m.dec / m.feb).toBeGreaterThan(1.5);
  });

  it('the customers file loads as profiles with plausible PII in English and Chinese', async () => {
    const e = await engine();
    const r = await loadData(e, new Uint8Array(readFileSync(pq.customersFile)), { kind: 'customers', table: 'gen_customers', format: 'parquet' });
    expect(r.rows).toBe(4000);
    for (const f of ['name', 'email', 'phone', 'birthday', 'address', 'signup_date', 'acquisition_channel', 'acquisition_cost']) expect(r.fields).toContain(f);
    const c = toRows<{ zh: number; en: number; emails: number; bad_signup: number }>(
      await e.query(`SELECT count(*) FILTER (WHERE regexp_matches(name, '^[\\x{4e00}-\\x{9fff}]{3}$'))::INT AS zh,
        count(*) FILTER (WHERE regexp_matches(name, '^[A-Z][a-z]+ [A-Z][a-z]+$'))::INT AS en,
        count(*) FILTER (WHERE regexp_matches(email, '^[a-z.]+[0-9]+@([a-z]+\\.)?example\\.(com|org|net|tw)$'))::INT AS emails,
        count(*) FILTER (WHERE signup_date > DATE '2024-12-31' OR birthday > DATE '2008-01-01')::INT AS bad_signup
        FROM gen_customers`),
    )[0];
    expect(c.zh + c.en).toBe(4000);
    expect(c.zh).toBeGreaterThan(1000);
    expect(c.en).toBeGreaterThan(1000);
    expect(c.emails).toBe(4000);
    expect(c.bad_signup).toBe(0);
  });
});
