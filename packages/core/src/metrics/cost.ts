/**
 * Cost to serve, shared by the analyses that work out profit (the profit
 * matrix, the Pareto whale curve, the customer list's profit column): the
 * data's cost column when it has one, else an estimate from `cost-per-order`
 * and `cost-per-unit`, else an `invalid-option` error saying what to set.
 */
import type { Dataset } from '../model.js';
import { CrmError } from '../errors.js';
import { numberOption } from '../options.js';
import { raw, sql, type SQL } from '../sql.js';

export interface CostOptions {
  /** Cost of serving one order, used when the data has no cost column. */
  costPerOrder?: number;
  /** Cost of serving one unit (needs a quantity column), used when the data has no cost column. */
  costPerUnit?: number;
}

/**
 * Cost to serve as an expression over the per-customer table: the cost column
 * when the data has one, else `costPerOrder × orders + costPerUnit × quantity`.
 */
export function costToServe(ds: Pick<Dataset, 'fields'>, opts: CostOptions): { expr: SQL; source: 'column' | 'estimate' } {
  if (ds.fields.has('cost')) return { expr: sql`coalesce(cost, 0)`, source: 'column' };
  const perOrder = numberOption(opts.costPerOrder, 'cost-per-order', { min: 0 });
  const perUnit = numberOption(opts.costPerUnit, 'cost-per-unit', { min: 0 });
  if (perOrder === undefined && perUnit === undefined) {
    throw new CrmError('invalid-option', { column: 'cost', needs: { kind: 'cost' } });
  }
  if (perUnit && !ds.fields.has('quantity')) {
    throw new CrmError('invalid-option', {
      column: 'quantity',
      needs: { kind: 'quantity', for: 'cost-per-unit' },
    });
  }
  const parts: SQL[] = [];
  if (perOrder) parts.push(sql`${perOrder} * orders`);
  if (perUnit) parts.push(sql`${perUnit} * coalesce(quantity, 0)`);
  return { expr: parts.length ? sql`CAST(${raw(parts.map(String).join(' + '))} AS DOUBLE)` : sql`CAST(0 AS DOUBLE)`, source: 'estimate' };
}

