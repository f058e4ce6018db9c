/** `<crm-customer-card>` described once: one customer's 360° card (customer-card.ts), whatever the others select. */
import { analysis, option } from '../analysis.js';
import type { LabelSource } from '../metrics/customer-list.js';
import { runCustomerCard } from '../remote/runners.js';

export const CUSTOMER_CARD = analysis({
  name: 'customer-card',
  options: {
    customerId: option<string>({ default: '', effect: 'query', reflect: true }),
    maskPii: option<boolean>({ default: false, effect: 'query', kind: 'boolean', reflect: true }),
  },
  // The labels the list and the card show come from the page (the analyses it has).
  run: async (ds, o: { customerId?: string; maskPii?: boolean; labels?: LabelSource[] }) =>
    o.customerId ? runCustomerCard(ds, o.customerId, { labels: o.labels, maskPii: o.maskPii }) : null,
});
