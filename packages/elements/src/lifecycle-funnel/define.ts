import { lifecycleAssignmentQuery, sql } from '@crmkit/core';
import { define } from '../internal/crm-element.js';
import { registerLabel } from '../internal/labels.js';
import { CrmLifecycleFunnel } from './lifecycle-funnel.js';

define('crm-lifecycle-funnel', CrmLifecycleFunnel);

// The customer list and card show each customer's lifecycle stage (default thresholds, at the data's as-of).
registerLabel((ds) => ({ column: 'stage', query: sql`SELECT customer_id, stage FROM (${lifecycleAssignmentQuery(ds)})` }));

declare global {
  interface HTMLElementTagNameMap {
    'crm-lifecycle-funnel': CrmLifecycleFunnel;
  }
}
