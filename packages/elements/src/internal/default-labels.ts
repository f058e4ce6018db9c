import { lifecycleAssignmentQuery, rfmScoresQuery, segmentAssignmentQuery, sql } from '@crmkit/core';
import { registerLabel } from './labels.js';

/**
 * The labels the customer list and card show, with each analysis's default
 * options: value tier (diamond 5 % / gold 15 % / regular by revenue), lifecycle
 * stage at the data's as-of date, and RFM scores and segment.
 */
let done = false;
export function registerDefaultLabels(): void {
  if (done) return;
  done = true;
  registerLabel((ds) => ({ column: 'tier', query: sql`SELECT customer_id, tier FROM (${segmentAssignmentQuery(ds)})` }));
  registerLabel((ds) => ({ column: 'stage', query: sql`SELECT customer_id, stage FROM (${lifecycleAssignmentQuery(ds)})` }));
  registerLabel((ds) => ({
    column: 'segment',
    query: sql`SELECT customer_id, r AS r_score, f AS f_score, m AS m_score, segment FROM (${rfmScoresQuery(ds)})`,
  }));
}
