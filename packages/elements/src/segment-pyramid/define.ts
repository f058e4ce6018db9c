import { rfmScoresQuery, segmentAssignmentQuery, sql } from '@crmkit/core';
import { define } from '../internal/crm-element.js';
import { registerLabel } from '../internal/labels.js';
import { CrmSegmentPyramid } from './segment-pyramid.js';

define('crm-segment-pyramid', CrmSegmentPyramid);

// The customer list and card show each customer's value tier and RFM segment (default options).
registerLabel((ds) => ({ column: 'tier', query: sql`SELECT customer_id, tier FROM (${segmentAssignmentQuery(ds)})` }));
registerLabel((ds) => ({ column: 'segment', query: sql`SELECT customer_id, segment, r AS r_score, f AS f_score, m AS m_score FROM (${rfmScoresQuery(ds)})` }));

declare global {
  interface HTMLElementTagNameMap {
    'crm-segment-pyramid': CrmSegmentPyramid;
  }
}
