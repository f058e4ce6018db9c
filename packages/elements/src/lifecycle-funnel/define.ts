import { LIFECYCLE_FUNNEL } from '@crmkit/core';
import { define } from '../internal/crm-element.js';
import { registerAnalysisLabels } from '../internal/labels.js';
import { CrmLifecycleFunnel } from './lifecycle-funnel.js';

define('crm-lifecycle-funnel', CrmLifecycleFunnel);

// The customer list and card show each customer's lifecycle stage (default thresholds, at the data's as-of).
registerAnalysisLabels(LIFECYCLE_FUNNEL);

declare global {
  interface HTMLElementTagNameMap {
    'crm-lifecycle-funnel': CrmLifecycleFunnel;
  }
}
