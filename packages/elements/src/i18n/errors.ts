import { ERROR_CATALOGUES, CRM_ERROR_CODES, type CrmErrorCode, type CrmErrorDetail } from '@crmkit/core';
import type { Lang } from './locale.js';

/** What `localizedErrorMessage` needs: a CrmError, or a `crm-error` event's detail (its facts at the top level). */
export interface ErrorLike {
  code?: string;
  message: string;
  detail?: CrmErrorDetail;
}

const isCode = (code: string | undefined): code is CrmErrorCode => (CRM_ERROR_CODES as readonly string[]).includes(code ?? '');

/** The one-line summary of `code` in `lang` (from the language's catalogue), or '' for English and unknown codes. */
export function errorHeadline(lang: Lang, code: string | undefined): string {
  if (lang === 'en' || !isCode(code)) return '';
  return ERROR_CATALOGUES[lang].headline[code];
}

/**
 * The whole message in `lang`: what is wrong, where (file, column, row,
 * value, count) and what to do, built by the language's catalogue
 * (`@crmkit/core` messages/) from the error's code and detail. English pages
 * get the error's own message (which the English catalogue wrote).
 *
 * Facts from the input (file and column names, values) are put in as text;
 * render the result as text, never as HTML.
 */
export function localizedErrorMessage(lang: Lang, error: ErrorLike): string {
  if (lang === 'en' || !isCode(error.code)) return error.message;
  try {
    return ERROR_CATALOGUES[lang].message[error.code]((error.detail ?? {}) as never);
  } catch {
    // A detail without the facts its code names (an error built outside crmkit): its own message.
    return error.message;
  }
}

