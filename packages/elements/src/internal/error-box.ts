import { css, html, nothing, type TemplateResult } from 'lit';
import { errorHeadline, localizedErrorMessage, type ErrorLike } from '../i18n/errors.js';
import type { Lang } from '../i18n/locale.js';

/** What the link to the English original says (the same words in both scripts). */
const ORIGINAL: Record<Exclude<Lang, 'en'>, string> = { 'zh-Hant': '英文原文', 'zh-Hans': '英文原文' };

/**
 * The error box of `<crm-source>` and of every widget: `role="alert"`,
 * `part="error"`, `data-code`. English pages show the message alone. zh-Hant
 * and zh-Hans pages show a one-line headline, the whole message in Chinese,
 * and the English original in a closed `<details>` (for searching and for a
 * support desk). Everything from the input (file and column names, values) is
 * inserted as text.
 */
export function errorBox(lang: Lang, error: ErrorLike, className?: string): TemplateResult {
  const code = error.code;
  const cls = className ?? nothing;
  if (lang === 'en') return html`<div class=${cls} part="error" role="alert" data-code=${code ?? nothing}>${error.message}</div>`;
  const head = errorHeadline(lang, code);
  const text = localizedErrorMessage(lang, error);
  // No whitespace between the tags: the box keeps the message's own line breaks (pre-wrap).
  // prettier-ignore
  return html`<div class=${cls} part="error" role="alert" data-code=${code ?? nothing}><div class="error-body">${head ? html`<strong part="error-headline">${head}</strong><br />` : nothing}<span part="error-message">${text}</span>${text !== error.message ? html`<details part="error-original" lang="en"><summary>${ORIGINAL[lang]}</summary>${error.message}</details>` : nothing}</div></div>`;
}

/** Styles of the error box's parts (the box itself is styled by each element). */
export const errorBoxStyles = css`
  [part='error-original'] {
    margin-block-start: 0.4em;
    font-size: 0.85em;
    opacity: 0.85;
  }
  [part='error-original'] summary {
    cursor: pointer;
    width: fit-content;
  }
`;
