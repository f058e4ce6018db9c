import type { CrmErrorCode, CrmErrorDetail, FileOverlap, IdentityConflict, IdentityMerge, RejectedRows, RowRuleResult, SelectionClause } from '@crmkit/core';

/** `crm-load`: a source finished loading. */
export interface CrmLoadDetail {
  file: string;
  format: string;
  /** Transactions loaded. */
  rows: number;
  /** The input's column names. */
  columns: string[];
  /** canonical column → input column */
  mapping: Record<string, string | undefined>;
  customers: number;
  /** Rows left out (on-invalid="skip"), with the first few row numbers. */
  rejected: RejectedRows;
  /** Rows with negative amounts (returns), kept. */
  returns: number;
  /** Rows identical in every loaded column to an earlier row (kept unless on-duplicate="drop"). */
  duplicates: number;
  /** First few duplicate rows (data row numbers, 1 = first row after the header). */
  duplicateRows: number[];
  /** Each row rule (exclude / keep / rules), in order, with the rows it removed. */
  rules: RowRuleResult[];
  /**
   * Several transactions files (`<crm-file>` children or `files`): each file's own report, with the channel
   * it was given. The figures above are then the files' sums.
   */
  files?: { file: string; format: string; rows: number; inputRows: number; columns: string[]; mapping: Record<string, string | undefined>; rejected: RejectedRows; rules: RowRuleResult[]; duplicates: number; channel?: string }[];
  /** Several files: the rows each pair of files shares (equal in every crmkit column both have), among all rows read and among rows loaded. */
  overlaps?: FileOverlap[];
  /** merge-identities: register records and customers after merging, every merge made and every conflict (a link refused). */
  identity?: { records: number; customers: number; merges: IdentityMerge[]; conflicts: IdentityConflict[] };
  /** Text encoding the file was read in (CSV/JSON), e.g. utf-8, big5, gb18030. */
  encoding?: string;
  /** Wall time from start to ready. */
  ms: number;
}

/**
 * `crm-error`: something went wrong; `message` is plain language for the person at the screen.
 * The error's facts (file, column, row, value, count, and the others of `CrmErrorDetail`) are at the top level:
 * `code` with those facts is the error as data (`CrmErrorDetailOf<code>`), from which every language's
 * catalogue writes its message.
 */
export interface CrmErrorEventDetail extends CrmErrorDetail {
  /** The whole message in English (the English catalogue's; stable for searching and logs). */
  message: string;
  /**
   * The same message in the element's language (zh-Hant or zh-Hans), as the element shows it, written
   * by that language's catalogue from `code` and the facts; the English message on English pages.
   * Set by every crmkit element.
   */
  localizedMessage?: string;
  code: CrmErrorCode;
  /** Which element reported it (tag name). */
  source: string;
}

/** `crm-progress`: loading progress. */
export interface CrmProgressDetail {
  phase: string;
  loaded?: number;
  total?: number;
}

/** `crm-select`: a widget changed its part of the shared selection (clause null = cleared). */
export interface CrmSelectDetail {
  client: string;
  clause: SelectionClause | null;
  /** Every clause now in force. */
  clauses: SelectionClause[];
  /**
   * Why the source took clauses out, when it did: `new-data` (a load started; conditions are worked out
   * again on the new data, computed clauses are not) or `source-removed` (the source left the page).
   */
  reason?: 'new-data' | 'source-removed';
  /** The clauses taken out for good (with `reason`). */
  removed?: SelectionClause[];
}

declare global {
  interface HTMLElementEventMap {
    'crm-load': CustomEvent<CrmLoadDetail>;
    'crm-error': CustomEvent<CrmErrorEventDetail>;
    'crm-progress': CustomEvent<CrmProgressDetail>;
    'crm-select': CustomEvent<CrmSelectDetail>;
  }
}
