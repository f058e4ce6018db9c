import { scoreCustomerValue, valueLabel, type Dataset, type ScoredValue } from '@crmkit/core';
import { registerLabel } from '../internal/labels.js';

/**
 * Predicted value for the customer list and card, with the widget's default
 * options: P(alive), expected purchases in the next 90 days and the 12-month
 * CLV. `valueScores(ds)` fits (once per load, shared with the widget) and
 * resolves undefined when the data cannot support a fit — the list and card
 * then show no value columns, and the widget says why.
 */
const scores = new WeakMap<Dataset, Promise<ScoredValue | undefined>>();
const ready = new WeakMap<Dataset, ScoredValue>();

export function valueScores(ds: Dataset): Promise<ScoredValue | undefined> {
  let p = scores.get(ds);
  if (!p) {
    p = scoreCustomerValue(ds).then(
      (s) => (ready.set(ds, s), s),
      () => undefined,
    );
    scores.set(ds, p);
  }
  return p;
}

/** The list's and card's value columns, in order. */
export const VALUE_LABELS = ['p_alive', 'expected_purchases', 'clv'] as const;

let done = false;
export function registerValueLabels(): void {
  if (done) return;
  done = true;
  // On a served data set the label is sent by name and the server builds the same query (core's valueLabel).
  for (const label of VALUE_LABELS) {
    registerLabel((ds) => {
      const s = ready.get(ds);
      return s ? valueLabel(s, label) : undefined;
    });
  }
}
