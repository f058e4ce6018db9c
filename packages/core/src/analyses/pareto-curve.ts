/**
 * `<crm-pareto-curve>` described once: the cumulative concentration (or whale) curve of pareto-curve.ts;
 * a dragged or clicked range of ranks selects those customers (kind `rank-range`), a condition on any data
 * when the curve showed every customer.
 */
import { analysis, option } from '../analysis.js';
import { plainOptions } from '../conditions.js';
import { isNoFilter } from '../filter.js';
import { paretoRangePredicate, paretoSettings, runParetoCurve } from '../remote/runners.js';

/** A range of ranks, inclusive (1 = the most valuable customer). */
export interface RankRange {
  from: number;
  to: number;
}

export const PARETO_CURVE = analysis({
  name: 'pareto-curve',
  options: {
    by: option<'revenue' | 'profit' | string>({ default: 'revenue', effect: 'query', reflect: true }),
    cut: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    target: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    points: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    costPerOrder: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
    costPerUnit: option<number | string | undefined>({ default: undefined, effect: 'query', kind: 'numberish' }),
  },
  run: (ds, o, filter) => runParetoCurve(ds, paretoOptions(o), filter),
  pick(ds, o, range: RankRange, filter) {
    const opts = paretoOptions(o);
    const predicate = paretoRangePredicate(ds, paretoSettings(ds, opts, filter), range.from, range.to);
    // Ranks among all customers are a condition on any data; ranks among another widget's selection are not.
    const condition = isNoFilter(filter) ? { widget: 'pareto-curve', options: plainOptions(opts), key: { from: range.from, to: range.to } } : undefined;
    return { predicate, kind: 'rank-range', condition };
  },
});

/** The metric's options from the widget's values (numbers written as text are checked by the metric). */
function paretoOptions(o: Partial<Record<'by' | 'cut' | 'target' | 'points' | 'costPerOrder' | 'costPerUnit', unknown>>) {
  return {
    by: o.by as string | undefined,
    cut: o.cut as number | undefined,
    target: o.target as number | undefined,
    points: o.points as number | undefined,
    costPerOrder: o.costPerOrder as number | undefined,
    costPerUnit: o.costPerUnit as number | undefined,
  };
}
