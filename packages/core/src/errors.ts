/** Machine-readable reason for a failure; elements translate by code. */
export type CrmErrorCode =
  | 'empty-file'
  | 'no-rows'
  | 'not-data'
  | 'html-page'
  | 'spreadsheet'
  | 'binary'
  | 'unreadable'
  | 'fetch-failed'
  | 'missing-column'
  | 'mapped-column-missing'
  | 'unknown-mapping'
  | 'invalid-value'
  | 'invalid-option'
  | 'too-large'
  | 'out-of-memory'
  | 'cancelled'
  | 'engine'
  | 'query';

export interface CrmErrorDetail {
  file?: string;
  column?: string;
  /** 1-based data row (the first row after the header is row 1). */
  row?: number;
  value?: string;
  /** How many rows have the same problem. */
  count?: number;
}

/**
 * An error a non-programmer can act on: what is wrong, where (file, column,
 * row, value) and what to do. `message` is complete English text.
 */
export class CrmError extends Error {
  override name = 'CrmError';
  constructor(
    readonly code: CrmErrorCode,
    message: string,
    readonly detail: CrmErrorDetail = {},
  ) {
    super(message);
  }
}

/** Any thrown value as a CrmError (engine messages kept, but prefixed with context). */
export function asCrmError(e: unknown, context?: string): CrmError {
  if (e instanceof CrmError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  // Engine (DuckDB "Out of Memory Error"), WebAssembly (OOM abort, memory.grow) and JS (allocation of a too-large buffer or string).
  if (/out of memory|memory limit|Aborted\(OOM\)|Array buffer allocation failed|Invalid (typed )?array length|Invalid string length|could not allocate|WebAssembly\.Memory/i.test(msg) || (e as Error)?.name === 'RangeError' && /alloc|length|memory/i.test(msg)) {
    return new CrmError('out-of-memory', `${context ? context + ': ' : ''}the data is too large for this browser tab's memory. Try a smaller file or fewer columns.`);
  }
  if ((e as Error)?.name === 'AbortError') return new CrmError('cancelled', `${context ? context + ': ' : ''}loading was cancelled.`);
  return new CrmError('query', context ? `${context}: ${msg}` : msg);
}
