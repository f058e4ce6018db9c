/**
 * `<crm-conversion-funnel>` described once: the event funnel of conversion-funnel.ts; a click on a step
 * selects who reached it (`converted:<k>`) or dropped off before it (`dropped:<k>`) (kind `funnel-step`).
 * `breakdown` splits the figures without changing who a step holds: it re-queries but keeps the selection.
 */
import { analysis, option } from '../analysis.js';
import { CrmError } from '../errors.js';
import { pageOnly } from '../engines/remote.js';
import { funnelGroupPredicate, runConversionFunnel, type ConversionFunnelOptions } from '../metrics/conversion-funnel.js';

type Values = Partial<Record<'steps' | 'window' | 'order' | 'breakdown' | 'purchases', string>>;

function funnelOptions(o: Values): ConversionFunnelOptions {
  return { steps: o.steps, window: o.window, order: o.order, breakdown: o.breakdown || 'none', purchases: o.purchases } as ConversionFunnelOptions;
}

export const CONVERSION_FUNNEL = analysis({
  name: 'conversion-funnel',
  options: {
    steps: option<string>({ default: 'visit,add_to_cart,purchase', effect: 'query' }),
    window: option<string>({ default: '14d', effect: 'query' }),
    order: option<string>({ default: 'sequential', effect: 'query' }),
    breakdown: option<string>({ default: '', effect: 'query', resets: false }),
    purchases: option<string>({ default: 'auto', effect: 'query' }),
  },
  // The events file is loaded in the page: a served data set is refused with what to do instead.
  run: async (ds, o, filter) => {
    pageOnly(ds, 'conversion-funnel');
    return runConversionFunnel(ds, funnelOptions(o), filter);
  },
  async pick(ds, o, key: string) {
    const m = /^(converted|dropped):(\d+)$/.exec(key);
    if (!m) throw new CrmError('invalid-option', { option: 'step', value: key, accepts: { kind: 'step', min: 1, max: 10 } });
    const predicate = await funnelGroupPredicate(ds, funnelOptions(o), { step: Number(m[2]), group: m[1] as 'converted' | 'dropped' });
    return { predicate, kind: 'funnel-step' };
  },
});
