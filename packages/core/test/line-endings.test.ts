import { describe, expect, it } from 'vitest';
import { engine } from './engine.js';
import { loadData } from '../src/index.js';
import { csvReason, longestLine, withoutCarriageReturns } from '../src/loaders/load.js';
import { headerDelimiter } from '../src/loaders/detect.js';
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

  it('loads a file over the longest line allowed (2 MB) that mixes CRLF and LF line endings', async () => {
    const e = await engine();
    // Header and two rows with CRLF, then 110 000 rows "c<i>,2024-01-05,1" with LF (over 2 000 000 bytes):
    // 110 002 rows, 110 002 customers (A, B, c0 … c109999), 10 + 20 + 110 000 × 1 = 110 030.
    const rows = Array.from({ length: 110_000 }, (_, i) => `c${i},2024-01-05,1\n`).join('');
    const text = 'customer_id,order_date,amount\r\nA,2024-01-01,10\r\nB,2024-01-02,20\r\n' + rows;
    const bytes = new TextEncoder().encode(text);
    expect(bytes.byteLength).toBeGreaterThan(2_000_000);
    const r = await loadData(e, bytes, { table: 'mixed_eol_big', name: 'mixed-big.csv' });
    expect(r.rows).toBe(110_002);
    const [s] = await queryRows<{ n: number; total: number; ids: number }>(e, 'SELECT count(*) AS n, sum(amount) AS total, count(DISTINCT customer_id) AS ids FROM mixed_eol_big');
    expect(s).toEqual({ n: 110_002, total: 110_030, ids: 110_002 });
  });

  it('finds the longest line with CR, LF and CRLF as line ends', () => {
    const t = new TextEncoder();
    // lines: "ab" (2), "cde" (3), "f" (1), "" (0)
    expect(longestLine(t.encode('ab\r\ncde\rf\n'))).toEqual({ line: 2, bytes: 3 });
    expect(longestLine(t.encode('x'))).toEqual({ line: 1, bytes: 1 });
  });

  it('takes the delimiter from the header, outside quotes', () => {
    const t = (s: string) => new TextEncoder().encode(s);
    expect(headerDelimiter(t('amount;customer_id;order_date\n1,000,000;C1;2024-01-05\n'))).toBe(';');
    expect(headerDelimiter(t('"a,b";c;d\n'))).toBe(';');
    expect(headerDelimiter(t('a\tb\tc\r\n'))).toBe('\t');
    expect(headerDelimiter(t('a|b|c'))).toBe('|');
    expect(headerDelimiter(t('a,b;c\n'))).toBe(undefined); // a tie
    expect(headerDelimiter(t('amount\n1,2\n'))).toBe(undefined); // one column
  });

  it("keeps DuckDB's reason and drops its option suggestions", () => {
    const msg = 'Invalid Input Error: Error when sniffing file "x.csv".\nIt was not possible to automatically detect the CSV parsing dialect\nThe search space used was:\nDelimiter Candidates: \',\'\nPossible fixes:\n* Set delimiter (e.g., delim=\',\')';
    expect(csvReason(msg)).toBe('It was not possible to automatically detect the CSV parsing dialect');
    const long = 'Invalid Input Error: CSV Error on Line: 1\nOriginal Line: A,1\nMaximum line size of 2000000 bytes exceeded. Actual Size:2100014 bytes.\n\nPossible Solution: Change the maximum length size, e.g., max_line_size=2100016';
    expect(csvReason(long)).toBe('Maximum line size of 2000000 bytes exceeded. Actual Size:2100014 bytes.');
  });
});
