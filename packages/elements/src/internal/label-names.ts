import { PYRAMID_MESSAGES } from '../segment-pyramid/segment-pyramid.messages.js';
import { FUNNEL_MESSAGES } from '../lifecycle-funnel/lifecycle-funnel.messages.js';
import type { Lang } from '../i18n/locale.js';

/**
 * A label value (tier, lifecycle stage, RFM segment) in the reader's language,
 * with the same names the pyramid and funnel use; a name they do not know
 * (e.g. a custom tier) is shown as written.
 */
export function labelName(lang: Lang, column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const v = String(value);
  const [table, key] =
    column === 'tier' ? [PYRAMID_MESSAGES, `tier_${v}`] : column === 'segment' ? [PYRAMID_MESSAGES, `rfm_${v}`] : column === 'stage' ? [FUNNEL_MESSAGES, `stage_${v}`] : [undefined, ''];
  const text = (table as Record<Lang, Record<string, string>> | undefined)?.[lang]?.[key];
  return text ?? v;
}
