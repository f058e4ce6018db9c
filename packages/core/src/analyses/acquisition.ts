/** `<crm-acquisition>` described once: customers by first channel (acquisition.ts); a click on a channel selects its customers (kind `channel`). */
import { analysis, option } from '../analysis.js';
import { acquisitionChannelPredicate, runAcquisition } from '../remote/runners.js';

export const ACQUISITION = analysis({
  name: 'acquisition',
  options: {
    predictedValue: option<boolean>({ default: false, effect: 'query', kind: 'boolean' }),
  },
  run: (ds, o, filter) => runAcquisition(ds, { predictedValue: o.predictedValue }, filter),
  /** `=name`, or `?` for the customers with no known channel. */
  pick: (ds, _o, key: string) => ({ predicate: acquisitionChannelPredicate(ds, key === '?' ? null : key.slice(1)), kind: 'channel' }),
});
