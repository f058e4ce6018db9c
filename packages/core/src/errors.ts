import { en } from './messages/en.js';
import { formatError, type CrmErrorCode, type CrmErrorData, type CrmErrorDetail, type CrmErrorDetailOf, type CrmErrorDetails } from './error-types.js';

export * from './error-types.js';

/**
 * An error a non-programmer can act on: what is wrong, where (file, column,
 * row, value) and what to do. `code` and `detail` are the data; `message` is
 * complete English text from the English catalogue (`messages/en.ts`).
 */
export class CrmError<C extends CrmErrorCode = CrmErrorCode> extends Error {
  override name = 'CrmError';
  /** The facts of the code, read as one record (every field of every code's facts optional). */
  readonly detail: CrmErrorDetail;
  readonly code: C;
  /** The error of `code` with its facts; `message` is the English catalogue's. */
  constructor(code: C, detail: CrmErrorDetailOf<C>);
  /**
   * An error whose English was written elsewhere and arrives with its facts: a crmkit server's reply,
   * a decoding worker's message. Other languages still write theirs from code and facts.
   */
  constructor(code: C, message: string, detail?: CrmErrorDetail);
  constructor(code: C, a: CrmErrorDetailOf<C> | string, b: CrmErrorDetail = {}) {
    const detail = (typeof a === 'string' ? b : a) as CrmErrorDetail;
    super(typeof a === 'string' ? a : englishMessage({ code, detail: a } as CrmErrorData));
    this.code = code;
    this.detail = detail;
  }
  /** Code and detail as the discriminated union, for code that narrows on `code`. */
  get data(): CrmErrorData {
    return { code: this.code, detail: this.detail } as CrmErrorData;
  }
}

function englishMessage(data: CrmErrorData): string {
  return formatError(en, data);
}

// Every code's facts are readable as the one record `CrmErrorDetail` (a compile error names a code whose are not).
type _Fits = { [C in CrmErrorCode]: CrmErrorDetails[C] extends CrmErrorDetail ? true : never }[CrmErrorCode];
const _fits: _Fits = true;
void _fits;

/** The error a load ends in when it is cancelled. */
export function loadCancelled(file: string): CrmError {
  return new CrmError('cancelled', { file });
}

/**
 * Any thrown value as a CrmError (engine messages kept, but prefixed with context).
 * `detail` is added to the result's detail (e.g. `{ file }` when the context is a file name).
 */
export function asCrmError(e: unknown, context?: string, detail: CrmErrorDetail = {}): CrmError {
  if (e instanceof CrmError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const where: CrmErrorDetail = context ? { ...detail, context } : { ...detail };
  // Engine (DuckDB "Out of Memory Error"), WebAssembly (OOM abort, memory.grow) and JS (allocation of a too-large buffer or string).
  if (/out of memory|memory limit|Aborted\(OOM\)|Array buffer allocation failed|Invalid (typed )?array length|Invalid string length|could not allocate|WebAssembly\.Memory/i.test(msg) || (e as Error)?.name === 'RangeError' && /alloc|length|memory/i.test(msg)) {
    return new CrmError('out-of-memory', where);
  }
  if ((e as Error)?.name === 'AbortError') return new CrmError('cancelled', where);
  return new CrmError('query', { ...where, reason: msg });
}
