/**
 * `<crm-customer-value>` described once: predicted value from the BG/NBD and Gamma-Gamma fits of
 * customer-value.ts (the holdout check is run apart, after the rest is drawn); a click on a value tier, a
 * P(alive) bin or the worth-winning-back bar selects those customers (kind `value-group`).
 */
import { analysis, option } from '../analysis.js';
import { CrmError } from '../errors.js';
import { VALUE_TIERS, type CustomerValueOptions, type ScoredValue, type ValueTier } from '../metrics/customer-value.js';
import { aliveBinPredicate, runCustomerValue, valueTierPredicate, winBackPredicate } from '../remote/runners.js';

/** `tier:<tier>`, `alive:<bin 0–9>` or `winback`, on the customers scored for the result shown. */
export interface ValuePick {
  key: string;
  scored: ScoredValue;
}

export const CUSTOMER_VALUE = analysis({
  name: 'customer-value',
  options: {
    asOf: option<string>({ default: '', effect: 'query' }),
    calibrationEnd: option<string>({ default: '', effect: 'query' }),
    unit: option<string>({ default: '', effect: 'query' }),
    days: option<number | string>({ default: '', effect: 'query' }),
    months: option<number | string>({ default: '', effect: 'query' }),
    discount: option<number | string>({ default: '', effect: 'query' }),
  },
  run: (ds, o, filter) => runCustomerValue(ds, o as CustomerValueOptions, filter, { validation: false }),
  pick(ds, _o, { key, scored }: ValuePick) {
    const tier = /^tier:(.+)$/.exec(key);
    const bin = /^alive:(\d)$/.exec(key);
    if (tier && (VALUE_TIERS as readonly string[]).includes(tier[1])) return { predicate: valueTierPredicate(scored, tier[1] as ValueTier), kind: 'value-group' };
    if (bin) return { predicate: aliveBinPredicate(scored, Number(bin[1]) / 10, (Number(bin[1]) + 1) / 10), kind: 'value-group' };
    if (key === 'winback') return { predicate: winBackPredicate(ds, scored), kind: 'value-group' };
    throw new CrmError('invalid-option', { option: 'value-group', value: key, accepts: { kind: 'choice', allowed: [...VALUE_TIERS.map((t) => `tier:${t}`), 'alive:0–9', 'winback'] } });
  },
});
