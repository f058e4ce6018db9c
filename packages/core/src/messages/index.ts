/**
 * The message catalogues, one a language. Adding a language: write
 * `messages/<lang>.ts` exporting an `ErrorCatalogue` (the compiler asks for a
 * headline and a message for every code) and list it here.
 */
import { formatError, type CrmErrorData, type ErrorCatalogue } from '../error-types.js';
import { en } from './en.js';
import { zhHans } from './zh-Hans.js';
import { zhHant } from './zh-Hant.js';

export const ERROR_CATALOGUES = { en, 'zh-Hant': zhHant, 'zh-Hans': zhHans } as const satisfies Record<string, ErrorCatalogue>;

/** A language with a catalogue. */
export type MessageLang = keyof typeof ERROR_CATALOGUES;

/** The whole message of `data` in `lang`. */
export function errorMessage(lang: MessageLang, data: CrmErrorData): string {
  return formatError(ERROR_CATALOGUES[lang], data);
}

/** The one-line summary of `code` in `lang`. */
export function errorHeadline(lang: MessageLang, code: CrmErrorData['code']): string {
  return ERROR_CATALOGUES[lang].headline[code];
}

export { en, zhHans, zhHant };
