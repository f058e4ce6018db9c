/**
 * `<crm-profit-matrix>` described once: the customer-profitability matrix of profit-matrix.ts; a click on a
 * quadrant selects its customers (kind `quadrant`). `labels` only renames the quadrants: it redraws.
 */
import { analysis, option } from '../analysis.js';
import { asCrmError, CrmError } from '../errors.js';
import { plainOptions } from '../conditions.js';
import { isNoFilter } from '../filter.js';
import { QUADRANTS, type ProfitMatrix, type Quadrant } from '../metrics/profit-matrix.js';
import { matrixQuadrantPredicate, matrixSettings, runProfitMatrix } from '../remote/runners.js';

/** A quadrant picked on a drawn matrix, with the splits it was drawn with. */
export interface QuadrantPick {
  quadrant: Quadrant;
  splits: Pick<ProfitMatrix, 'xSplit' | 'ySplit' | 'profitSplit'>;
}

/** The four quadrant names of `labels` (high x & high cost, high x & low cost, low x & high cost, low x & low cost), or null when empty. */
export function quadrantLabels(value: unknown): Record<Quadrant, string> | null {
  const text = String(value ?? '');
  if (!text.trim()) return null;
  const names = text.split(',').map((s) => s.trim());
  if (names.length !== 4 || names.some((s) => !s)) {
    throw new CrmError('invalid-option', { value: text, option: 'labels', expectedForm: 'four-names' });
  }
  return Object.fromEntries(QUADRANTS.map((q, i) => [q, names[i]])) as Record<Quadrant, string>;
}

/** What the matrix holds when the data has no cost column and no estimate is set: nothing to draw, and what to add. */
export const NO_COST: ProfitMatrix = {
  x: 'revenue',
  scale: 'symlog',
  costSource: 'estimate',
  n: 0,
  excluded: 0,
  xSplit: 0,
  ySplit: 0,
  profitSplit: 0,
  domain: { x: [0, 0], y: [0, 0] },
  totals: { revenue: 0, cost: 0, profit: 0 },
  quadrants: [],
  overServed: { n: 0, revenue: 0, profit: 0 },
  underServed: { n: 0, revenue: 0, profit: 0 },
  mode: 'points',
  points: [],
  bins: [],
  bincount: 0,
};

type Values = Partial<Record<'x' | 'costPerOrder' | 'costPerUnit' | 'xSplit' | 'ySplit' | 'profitSplit' | 'threshold' | 'bins' | 'scale', unknown>>;

/** The metric's options from the widget's values (numbers written as text are checked by the metric). */
function matrixOptions(o: Values) {
  const n = (v: unknown) => v as number | undefined;
  return { x: o.x as string | undefined, costPerOrder: n(o.costPerOrder), costPerUnit: n(o.costPerUnit), xSplit: n(o.xSplit), ySplit: n(o.ySplit), profitSplit: n(o.profitSplit), threshold: n(o.threshold), bins: n(o.bins), scale: o.scale as string | undefined };
}

export const PROFIT_MATRIX = analysis({
  name: 'profit-matrix',
  options: {
    x: option<'revenue' | 'price' | string>({ default: 'revenue', effect: 'query', reflect: true }),
    costPerOrder: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    costPerUnit: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    xSplit: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    ySplit: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    profitSplit: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    labels: option<string>({ default: '', effect: 'draw', check: quadrantLabels }),
    threshold: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    bins: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    scale: option<'symlog' | 'linear' | string>({ default: 'symlog', effect: 'query' }),
  },
  async run(ds, o, filter) {
    try {
      return await runProfitMatrix(ds, matrixOptions(o), filter);
    } catch (e) {
      // No cost column and no estimate: nothing is wrong with the data, the widget says what to add.
      if ((asCrmError(e).detail as { needs?: { kind?: string } } | undefined)?.needs?.kind === 'cost') return NO_COST;
      throw e;
    }
  },
  pick(ds, o, { quadrant, splits }: QuadrantPick, filter) {
    const opts = matrixOptions(o);
    const predicate = matrixQuadrantPredicate(ds, matrixSettings(ds, opts, filter), quadrant, splits);
    // As a condition: the splits are the medians of all customers of the data it is worked out on; under another
    // widget's selection they are the medians of the customers shown, so those splits go with it as options.
    const fixed = isNoFilter(filter) ? {} : { ...splits };
    return { predicate, kind: 'quadrant', condition: { widget: 'profit-matrix', options: plainOptions({ ...opts, ...fixed }), key: quadrant } };
  },
});
