import { SEGMENT_PYRAMID } from '@crmkit/core';
import { define } from '../internal/crm-element.js';
import { registerAnalysisLabels } from '../internal/labels.js';
import { CrmSegmentPyramid } from './segment-pyramid.js';

define('crm-segment-pyramid', CrmSegmentPyramid);

// The customer list and card show each customer's value tier and RFM segment (default options).
registerAnalysisLabels(SEGMENT_PYRAMID);

declare global {
  interface HTMLElementTagNameMap {
    'crm-segment-pyramid': CrmSegmentPyramid;
  }
}
