/**
 * Tricky cells for the parsers' fast paths (packages/core/src/loaders/parse.ts): each cell is parsed by the fast
 * path and by the general rule alone, in one query; the Node test and the browser test
 * (test/browser/parse-fast-path.test.ts) check that both agree on every cell and give the values written here.
 */
import type { Engine } from '../src/engine.js';
import { queryRows } from '../src/engine.js';
import { PLAIN_ID, hasText, parseExpr } from '../src/loaders/parse.js';
import { plainText, utf8Vector } from '../src/loaders/arrow.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { lit, raw, sql, type SQL } from '../src/sql.js';
import type { ColumnKind } from '../src/schema.js';

type Case = { kind: ColumnKind | 'present'; decimal?: '.' | ','; cell: string | null; expected: number | string | boolean | null };

const n = (cell: string | null, expected: number | null, decimal: '.' | ',' = '.'): Case => ({ kind: 'number', decimal, cell, expected });
const d = (cell: string | null, expected: string | null): Case => ({ kind: 'date', cell, expected });
const id = (cell: string | null, expected: string | null): Case => ({ kind: 'id', cell, expected });
const has = (cell: string | null, expected: boolean): Case => ({ kind: 'present', cell, expected });

export const CASES: Case[] = [
  // Numbers, decimal point.
  n('12', 12),
  n(' 12 ', 12),
  n('\t12\n', 12), // the cast skips ASCII white space; trim leaves the tab, the cast then skips it
  n('\u00a012', 12), // no-break space: the cast refuses it, the general rule trims it
  n('12\u3000', 12), // ideographic space, the same
  n('1.500', 1.5),
  n('1,500', 1500), // thousands separator: general rule
  n('1,234.50', 1234.5),
  n('1e5', 100000),
  n('-2.5e-1', -0.25),
  n('+7', 7),
  n('.5', 0.5),
  n('5.', 5),
  n('−5', -5), // U+2212 minus: general rule
  n('(5)', -5),
  n('$1,000', 1000),
  n('EUR 12', 12),
  n('nan', null),
  n('NaN', null),
  n('inf', null),
  n('-Infinity', null),
  n('1e400', null), // overflows to infinity
  n('1_000', null), // the cast's digit separator is not the documented rule
  n('0x10', null),
  n('12abc', null),
  n('', null),
  n(' ', null),
  n(null, null),
  // Numbers, decimal comma: the dot groups thousands.
  n('1.500', 1500, ','),
  n('219,97', 219.97, ','),
  n('1.234,50', 1234.5, ','),
  n(' 12,5 ', 12.5, ','),
  n('12', 12, ','),
  n('1e5', 100000, ','),
  n('1,5e2', 150, ','),
  n('−5,5', -5.5, ','),
  n('(5,25)', -5.25, ','),
  n('1.5', null, ','), // a dot groups thousands here, in threes: '1.5' is no number
  n('nan', null, ','),
  n('inf', null, ','),
  n('1_000', null, ','),
  n('1,2,3', null, ','),
  // Dates.
  d('2024-01-05', '2024-01-05'),
  d(' 2024-01-05', '2024-01-05'),
  d('2024-01-05 ', '2024-01-05'),
  d('2024-1-5', '2024-01-05'),
  d('2024/01/05', '2024-01-05'),
  d('20240105', '2024-01-05'),
  d('2024-01-05 10:30', '2024-01-05'),
  d('1900-01-01', '1900-01-01'),
  d('2100-12-31', '2100-12-31'),
  d('1899-12-31', null),
  d('2101-01-01', null),
  d('2024-02-30', null),
  d('2024-13-01', null),
  d('0024-01-05', null),
  d('1a00-01-05', null), // in range as text, not a date
  d('2024-01-5 ', '2024-01-05'), // ten characters with a space last: the general rule trims it
  d('2100-12-31x', null),
  d('2024-00-10', null),
  d('2024-01-32', null),
  d('1900-1-1 0', null), // ten characters, a time-like tail: not plain, the general rule refuses it
  d('2024-12-3', '2024-12-03'),
  d('infinity', null),
  d('epoch', null),
  d('', null),
  d(null, null),
  // Ids.
  id('C0000001', 'C0000001'),
  id(' C1 ', 'C1'),
  id('\u00a0C1', 'C1'),
  id('a b', 'a b'),
  id('x', 'x'),
  id('顧客1', '顧客1'),
  id('C1\u0001', null),
  id('C\u00851', null), // a C1 control inside
  id('\tC1', null), // a tab is not trimmed and is a control character
  id('', null),
  id('   ', null),
  id(null, null),
  // Whether a cell has text.
  has('x', true),
  has(' x', true),
  has('\u3000x', true),
  has('', false),
  has(' ', false),
  has('\u3000', false),
  has(null, false),
];

/** Each case's cell parsed by the fast path and by the general rule, as JSON-comparable values. */
export async function parseBothWays(engine: Engine): Promise<{ fast: unknown; general: unknown }[]> {
  const expr = (c: Case, general: boolean): SQL => {
    const e = c.kind === 'present' ? hasText('v', 'VARCHAR', general) : parseExpr('v', 'VARCHAR', c.kind, undefined, c.decimal, general);
    return c.kind === 'date' ? sql`strftime(${e}, '%Y-%m-%d')` : e;
  };
  // One query a cell: a UNION would make every result text.
  const out: { fast: unknown; general: unknown }[] = [];
  for (const c of CASES) {
    const cell = c.cell === null ? sql`NULL` : lit(c.cell);
    const [r] = await queryRows<{ fast: unknown; general: unknown }>(engine, sql`SELECT ${expr(c, false)} AS fast, ${expr(c, true)} AS general FROM (SELECT CAST(${cell} AS VARCHAR) AS v)`);
    out.push(r);
  }
  return out;
}

/** Text cells for the decoder's `plainText` (arrow.ts), each alone in a column, and whether it is plain (by hand). */
export const PLAIN_CELLS: [string, boolean][] = [
  ['C0000001', true],
  ['x', true],
  ['a b', true],
  ['a顧b', true],
  ['!~', true],
  [' C1', false],
  ['C1 ', false],
  ['', false],
  ['a\tb', false],
  ['a\u0085b', false],
  ['a\u007fb', false],
  ['顧客1', false],
  ['C1\u3000', false],
  ['é', false],
];

/** Each cell of PLAIN_CELLS by the decoder's byte scan and by the SQL pattern the id fast path uses. */
export async function plainBothWays(engine: Engine): Promise<{ cell: string; js: boolean; sql: boolean }[]> {
  const out: { cell: string; js: boolean; sql: boolean }[] = [];
  const utf8 = new TextEncoder();
  for (const [cell] of PLAIN_CELLS) {
    const js = plainText(utf8Vector([utf8.encode(cell)], true));
    const [r] = await queryRows<{ m: boolean }>(engine, sql`SELECT regexp_full_match(${lit(cell)}, ${PLAIN_ID}) AS m`);
    out.push({ cell, js, sql: r.m });
  }
  return out;
}

/**
 * A Parquet file whose ids are plain in one column and not in the other: customer_id A, B, C, D (plain), order_id
 * ' O1' (to trim), 'O2', 'O\u00013' (a control character: refused), NULL; amounts 1, 2, 4, 8.
 */
export function mixedIdsParquet(): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'customer_id', data: ['A', 'B', 'C', 'D'], type: 'STRING' },
        { name: 'order_id', data: [' O1', 'O2', 'O\u00013', null], type: 'STRING' },
        { name: 'order_date', data: ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'], type: 'STRING' },
        { name: 'amount', data: Float64Array.from([1, 2, 4, 8]), type: 'DOUBLE' },
      ],
    }),
  );
}

/** Typed cells (a Parquet or Arrow column's own type) for `hasText`: whether each has text, by hand. */
export const TYPED_PRESENT: [string, string, boolean][] = [
  ['CAST(12.5 AS DOUBLE)', 'DOUBLE', true],
  ['CAST(13085.0 AS DOUBLE)', 'DOUBLE', true],
  ["CAST('nan' AS DOUBLE)", 'DOUBLE', true],
  ["CAST('-inf' AS DOUBLE)", 'DOUBLE', true],
  ['CAST(1e20 AS DOUBLE)', 'DOUBLE', true],
  ['CAST(NULL AS DOUBLE)', 'DOUBLE', false],
  ['CAST(0 AS INTEGER)', 'INTEGER', true],
  ['CAST(NULL AS BIGINT)', 'BIGINT', false],
  ['CAST(123.45 AS DECIMAL(9,2))', 'DECIMAL(9,2)', true],
  ["DATE '2024-01-05'", 'DATE', true],
  ['CAST(NULL AS DATE)', 'DATE', false],
  ["TIMESTAMP '2024-01-05 10:30:00'", 'TIMESTAMP', true],
  ['false', 'BOOLEAN', true],
];

/** Each typed cell's `hasText` by the fast path and by the general rule. */
export async function typedPresentBothWays(engine: Engine): Promise<{ cell: string; fast: boolean; general: boolean }[]> {
  const out: { cell: string; fast: boolean; general: boolean }[] = [];
  for (const [cell, type] of TYPED_PRESENT) {
    const [r] = await queryRows<{ fast: boolean; general: boolean }>(engine, sql`SELECT ${hasText('v', type)} AS fast, ${hasText('v', type, true)} AS general FROM (SELECT ${raw(cell)} AS v)`);
    out.push({ cell, fast: r.fast, general: r.general });
  }
  return out;
}

/**
 * A CSV of such cells, loaded with `onInvalid: 'skip'`. Amounts: ' 12 ' 12, '1e5' 100000, '(5)' −5, '−5' −5,
 * '1,234.50' 1234.5; refused: nan (row 6), 1_000 (row 7). Dates: ' 2024-01-05 ' and '2024-1-5' are 2024-01-05.
 */
export const FAST_CSV =
  'customer_id,order_date,amount\nA, 2024-01-05, 12 \nB,2024-01-05,1e5\n C ,2024-1-5,(5)\nD,2024-01-05,−5\nE,2024-01-05,"1,234.50"\nF,2024-01-05,nan\nG,2024-01-05,1_000\n';
/** The rows FAST_CSV loads as (order_date as %Y-%m-%d), in file order. */
export const FAST_CSV_ROWS: { customer_id: string; d: string; amount: number }[] = [
  { customer_id: 'A', d: '2024-01-05', amount: 12 },
  { customer_id: 'B', d: '2024-01-05', amount: 100000 },
  { customer_id: 'C', d: '2024-01-05', amount: -5 },
  { customer_id: 'D', d: '2024-01-05', amount: -5 },
  { customer_id: 'E', d: '2024-01-05', amount: 1234.5 },
];
