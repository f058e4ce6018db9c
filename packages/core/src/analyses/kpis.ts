/** `<crm-kpis>` described once: the headline figures of kpis.ts for a window of `days` ending at `as-of`, against the window before. */
import { analysis, option } from '../analysis.js';
import { runKpis } from '../remote/runners.js';

export const KPIS = analysis({
  name: 'kpis',
  options: {
    days: option<number>({ default: 365, effect: 'query', kind: 'number' }),
    asOf: option<string>({ default: '', effect: 'query' }),
  },
  run: (ds, o, filter) => runKpis(ds, { days: o.days, asOf: o.asOf || undefined }, filter),
});
