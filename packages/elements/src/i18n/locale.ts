/** The three languages crmkit ships. */
export type Lang = 'en' | 'zh-Hant' | 'zh-Hans';
export const LANGS: readonly Lang[] = ['en', 'zh-Hant', 'zh-Hans'];

/** BCP 47 tag → one of ours: zh-TW / zh-HK / zh-MO / zh-Hant → zh-Hant; other zh → zh-Hans; else en. */
export function normalizeLang(tag: string | null | undefined): Lang {
  const t = (tag ?? '').trim().toLowerCase();
  if (!t.startsWith('zh')) return 'en';
  if (/hant|-tw|-hk|-mo/.test(t)) return 'zh-Hant';
  return 'zh-Hans';
}

/** The element's own `lang`, else the nearest ancestor's (across shadow roots), else the page's. */
export function resolveLang(el: Element): Lang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) return normalizeLang(node.getAttribute('lang'));
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return normalizeLang(document.documentElement.lang);
}

/** Intl locale for a language. */
export const INTL_LOCALE: Record<Lang, string> = { en: 'en-US', 'zh-Hant': 'zh-Hant-TW', 'zh-Hans': 'zh-Hans-CN' };

/** A message table: one entry per key in each language. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

/** Look up `key` and fill `{name}` placeholders. */
export function translate<K extends string>(messages: Messages<K>, lang: Lang, key: K, params: Record<string, string | number> = {}): string {
  const text = messages[lang]?.[key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, p) => (p in params ? String(params[p]) : `{${p}}`));
}
