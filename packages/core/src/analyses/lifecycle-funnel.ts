/**
 * `<crm-lifecycle-funnel>` described once: the lifecycle stages of lifecycle-funnel.ts at the as-of date
 * (and the moves since `compare-to`); a click on a stage selects its customers (kind `stage`, a condition
 * on any data), a click on a column's stage or a move selects those who were there or moved (kind
 * `stage-change`); it lends the list and the card each customer's stage.
 */
import { analysis, option } from '../analysis.js';
import { plainOptions } from '../conditions.js';
import { sql } from '../sql.js';
import { lifecycleAssignmentQuery, type LifecycleOptions } from '../metrics/lifecycle-funnel.js';
import { runLifecycleFunnel, stagePredicate, transitionPredicate } from '../remote/runners.js';

/** A stage, `from:<stage>` / `to:<stage>` (a column's stage) or `<from>><to>` (a move); the last two only with a comparison. */
export interface StagePick {
  key: string;
  compare: boolean;
}

type Values = Partial<Record<'asOf' | 'compareTo' | 'newDays' | 'activeDays' | 'halfAsleepDays' | 'dormantDays', unknown>>;

function lifecycleOptions(o: Values): LifecycleOptions {
  return o as LifecycleOptions;
}

export const LIFECYCLE_FUNNEL = analysis({
  name: 'lifecycle-funnel',
  options: {
    asOf: option<string>({ default: '', effect: 'query' }),
    compareTo: option<string>({ default: '', effect: 'query' }),
    newDays: option<number | string>({ default: '', effect: 'query' }),
    activeDays: option<number | string>({ default: '', effect: 'query' }),
    halfAsleepDays: option<number | string>({ default: '', effect: 'query' }),
    dormantDays: option<number | string>({ default: '', effect: 'query' }),
  },
  run: (ds, o, filter) => runLifecycleFunnel(ds, lifecycleOptions(o), filter),
  pick(ds, o, { key, compare }: StagePick) {
    const opts = lifecycleOptions(o);
    const side = /^(from|to):(.+)$/.exec(key);
    const move = /^(.+)>(.+)$/.exec(key);
    if (side && compare) return { predicate: side[1] === 'from' ? transitionPredicate(ds, opts, side[2], null) : transitionPredicate(ds, opts, null, side[2]), kind: 'stage-change' };
    if (move && compare) return { predicate: transitionPredicate(ds, opts, move[1], move[2]), kind: 'stage-change' };
    return { predicate: stagePredicate(ds, opts, key), kind: 'stage', condition: { widget: 'lifecycle-funnel', options: plainOptions(opts), key } };
  },
  labels: [(ds) => ({ column: 'stage', query: sql`SELECT customer_id, stage FROM (${lifecycleAssignmentQuery(ds)})` })],
});
