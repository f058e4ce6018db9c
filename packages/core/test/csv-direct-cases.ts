/**
 * A hand-made CSV with bad cells in several columns and rows, loaded three ways on one engine: read straight from
 * the CSV reader into the staged table (no row rules), through the raw text table (a row rule that removes no row
 * takes that path), and with a row rule that removes a row. Shared by the Node and browser tests.
 */
import type { Engine } from '../src/engine.js';
import { queryRows } from '../src/engine.js';
import { loadData, type LoadResult } from '../src/loaders/load.js';
import { CrmError } from '../src/errors.js';
import type { RowRule } from '../src/loaders/rules.js';

export const DIRECT_CSV = [
  'customer_id,order_id,order_date,amount',
  'C1,O1,2024-01-05,10.5', // row 1: fine
  'C2,O2,2024-13-01,20', // row 2: no 13th month
  'C3,O3,2024-02-01,abc', // row 3: amount is not a number
  ',O4,2024-02-02,5', // row 4: no customer id
  'C5,X5,2024-02-03,7', // row 5: fine; the row rule removes it (order id starts with X)
  'C6,O6,2024-02-04,12x', // row 6: amount is not a number
  'C7,O7,2024-02-05,3,extra', // row 7: a field past the header's four
  'C8,O8,2024-02-06,-4', // row 8: fine (a return)
  'C9,O9,31/01/2024,9', // row 9: a date in another layout
].join('\n') + '\n';

/** A rule that removes no row: the load then goes through the raw text table, as every CSV did before. */
export const NO_OP_RULE: RowRule = { action: 'exclude', column: 'order_id', op: 'starts-with', value: 'Z' };
export const X_RULE: RowRule = { action: 'exclude', column: 'order_id', op: 'starts-with', value: 'X' };

export interface Outcome {
  rows: { customer_id: string; order_id: string; order_date: string; amount: number }[];
  inputRows: number;
  rejected: LoadResult['rejected'];
  removedByRules: number[];
  /** The error with `onInvalid: 'error'`: code, column, row, value, count, rows, hint kind. */
  error: { code: string; column?: string; row?: number; value?: string; count?: number; rows?: number[]; empty?: boolean };
}

let n = 0;
export async function loadDirectCsv(engine: Engine, rules: RowRule[]): Promise<Outcome> {
  const bytes = new TextEncoder().encode(DIRECT_CSV);
  const table = `csvdirect${++n}`;
  const r = await loadData(engine, bytes.slice(), { table, name: 'bad.csv', rules, onInvalid: 'skip' });
  const rows = await queryRows<Outcome['rows'][number]>(engine, `SELECT customer_id, order_id, CAST(order_date AS VARCHAR) AS order_date, CAST(amount AS DOUBLE) AS amount FROM ${table} ORDER BY order_id`);
  const e = await loadData(engine, bytes.slice(), { table: `${table}e`, name: 'bad.csv', rules }).then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof CrmError)) throw new Error(`expected a CrmError, got ${String(e)}`);
  const d = e.detail;
  return {
    rows: rows.map((x) => ({ ...x, amount: Number(x.amount) })),
    inputRows: r.inputRows,
    rejected: r.rejected,
    removedByRules: r.rules.map((x) => x.removed),
    error: { code: e.code, column: d.column, row: d.row, value: d.value, count: d.count, rows: d.rows, ...(d.empty ? { empty: true } : {}) },
  };
}
