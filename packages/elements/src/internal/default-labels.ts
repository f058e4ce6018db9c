import { LIFECYCLE_FUNNEL, SEGMENT_PYRAMID } from '@crmkit/core';
import { registerAnalysisLabels } from './labels.js';

/**
 * The labels the customer list and card show, lent by the analyses' descriptions with their default
 * options: value tier (diamond 5 % / gold 15 % / regular by revenue) and RFM scores and segment, and
 * lifecycle stage at the data's as-of date. Each analysis lends them once, with or without its widget.
 */
export function registerDefaultLabels(): void {
  registerAnalysisLabels(SEGMENT_PYRAMID);
  registerAnalysisLabels(LIFECYCLE_FUNNEL);
}
