import { describe, expect, it } from 'vitest';
import { engine } from './engine.js';
import { loadData } from '../src/index.js';
import { withoutCarriageReturns } from '../src/loaders/load.js';
import { queryRows } from '../src/engine.js';

describe('CSV line endings', () => {
  it('turns CRLF and lone CR into LF', () => {
    const t = new TextEncoder();
    expect(new TextDecoder().decode(withoutCarriageReturns(t.encode('a\r\nb\rc\nd')))).toBe('a\nb\nc\nd');
  });

  it('loads a file that mixes CRLF and LF line endings', async () => {
    const e = await engine();
    // header and two rows with CRLF, two rows with LF: 4 rows, 3 customers, 10 + 20 + 30 + 40 = 100
    const text = 'customer_id,order_date,amount\r\nA,2024-01-01,10\r\nB,2024-01-02,20\r\nA,2024-01-03,30\nC,2024-01-04,40\n';
    const r = await loadData(e, new TextEncoder().encode(text), { table: 'mixed_eol', name: 'mixed.csv' });
    expect(r.rows).toBe(4);
    const [s] = await queryRows<{ n: number; total: number; ids: number }>(e, 'SELECT count(*) AS n, sum(amount) AS total, count(DISTINCT customer_id) AS ids FROM mixed_eol');
    expect(s).toEqual({ n: 4, total: 100, ids: 3 });
  });
});
