/** `crm-export`: a campaign export is ready: every selected customer, with the chosen columns. */
export interface CrmExportDetail {
  /** Column keys, in order. */
  columns: string[];
  /** One object per customer (numbers as numbers, dates as YYYY-MM-DD, PII masked when `mask-pii` is set). */
  rows: Record<string, unknown>[];
  /** rows.length */
  count: number;
  /** The rows as CSV text (formula-safe), as downloaded. */
  csv: string;
  /** Labels of the selection's clauses the customers were picked by. */
  filters: string[];
}

declare global {
  interface HTMLElementEventMap {
    'crm-export': CustomEvent<CrmExportDetail>;
  }
}
