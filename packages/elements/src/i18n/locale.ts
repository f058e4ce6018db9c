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

/** The BCP 47 tag in force for `el`: its own `lang`, else the nearest ancestor's (across shadow roots), else the page's. */
export function resolveTag(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.getAttribute('lang')) return node.getAttribute('lang')!.trim();
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang.trim();
}

/**
 * The Intl locale numbers, money and dates are written in: Chinese tags as our zh-Hant-TW / zh-Hans-CN, any
 * other tag Intl knows as it is (`de-DE` → 1.234,5 €, `fr` → 1 234,5 €), else en-US. Labels come from the
 * message catalogue (`normalizeLang`): a language without one reads English labels in its own number format.
 */
export function intlLocale(tag: string | null | undefined): string {
  const t = (tag ?? '').trim();
  if (!t || /^en$/i.test(t)) return 'en-US';
  if (/^zh\b/i.test(t)) return INTL_LOCALE[normalizeLang(t)];
  try {
    return Intl.getCanonicalLocales(t)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** Currency of a region (ISO 3166 → ISO 4217), for the regions crmkit's users are in; others fall back to USD. */
const REGION_CURRENCY: Record<string, string> = {
  US: 'USD', TW: 'TWD', CN: 'CNY', HK: 'HKD', MO: 'MOP', SG: 'SGD', JP: 'JPY', KR: 'KRW', GB: 'GBP', CH: 'CHF', LI: 'CHF',
  CA: 'CAD', AU: 'AUD', NZ: 'NZD', IN: 'INR', MY: 'MYR', TH: 'THB', VN: 'VND', ID: 'IDR', PH: 'PHP', SE: 'SEK', NO: 'NOK',
  DK: 'DKK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', BR: 'BRL', MX: 'MXN', ZA: 'ZAR', TR: 'TRY', IL: 'ILS', AE: 'AED',
  DE: 'EUR', AT: 'EUR', FR: 'EUR', IT: 'EUR', ES: 'EUR', PT: 'EUR', NL: 'EUR', BE: 'EUR', LU: 'EUR', IE: 'EUR', FI: 'EUR',
  GR: 'EUR', SK: 'EUR', SI: 'EUR', EE: 'EUR', LV: 'EUR', LT: 'EUR', MT: 'EUR', CY: 'EUR', HR: 'EUR',
};

/**
 * The currency a page in `tag` most likely counts in, when the widget is given none: by the tag's region,
 * or the region its language implies (`zh-Hant` → TW → TWD, `zh-Hans` → CN → CNY, `de` → DE → EUR, `en` → US → USD).
 */
export function defaultCurrency(tag: string | null | undefined): string {
  const loc = intlLocale(tag);
  let region = '';
  try {
    region = new Intl.Locale(loc).maximize().region ?? '';
  } catch {
    /* not a locale Intl knows */
  }
  return REGION_CURRENCY[region] ?? 'USD';
}

const pluralRules = new Map<string, Intl.PluralRules>();
/** The plural category of `n` in `locale` (`one`, `other`, …). */
export function pluralCategory(locale: string, n: number): Intl.LDMLPluralRule {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(locale)));
  return r.select(n);
}

/** A message table: one entry per key in each language. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

/**
 * Look up `key` and fill `{name}` placeholders. With a number `n` among the params, a message may have plural
 * forms as `key_one`, `key_two`, `key_few`, `key_many` beside `key` (the `other` form), chosen by the
 * language's plural rules (`Intl.PluralRules`): "1 customer", "2 customers".
 */
export function translate<K extends string>(messages: Messages<K>, lang: Lang, key: K, params: Record<string, string | number> = {}): string {
  const table = (messages[lang]?.[key] !== undefined ? messages[lang] : messages.en) as Record<string, string> | undefined;
  const form = typeof params.n === 'number' && table ? table[`${key}_${pluralCategory(INTL_LOCALE[lang], params.n)}`] : undefined;
  const text = form ?? messages[lang]?.[key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, p) => (p in params ? String(params[p]) : `{${p}}`));
}
