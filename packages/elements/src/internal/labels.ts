import type { Analysis, Dataset, LabelSource } from '@crmkit/core';

/**
 * The per-customer labels the list and the card show (value tier, lifecycle
 * stage, RFM segment), each computed by its analysis with default options.
 * Analyses register here so the list and card need not know them.
 */
const providers: ((ds: Dataset) => LabelSource | undefined)[] = [];

export function registerLabel(p: (ds: Dataset) => LabelSource | undefined): void {
  providers.push(p);
}

const lent = new Set<string>();

/** The labels an analysis lends (its description's `labels`), once however often it is asked. */
export function registerAnalysisLabels(a: Pick<Analysis, 'name' | 'labels'>): void {
  const labels = a.labels;
  if (!labels || lent.has(a.name)) return;
  lent.add(a.name);
  // One provider per column: a column that does not apply to the data leaves the others.
  for (const label of labels) registerLabel(label);
}

export function labelSources(ds: Dataset): LabelSource[] {
  const out: LabelSource[] = [];
  for (const p of providers) {
    try {
      const l = p(ds);
      if (l) out.push(l);
    } catch {
      /* an analysis that does not apply to this data (e.g. profit without cost) adds no label */
    }
  }
  return out;
}
