import { INTL_LOCALE, type Lang } from './locale.js';

/** Number, money, percent and date formatting through Intl, in the widget's language. */
export interface Formatter {
  number(v: number | null | undefined, digits?: number): string;
  /** Compact: 1.2K / 1.2萬 / 1.2万 */
  compact(v: number | null | undefined): string;
  /**
   * Money: whole units from 10 up (`$1,234`, compact `$1.2K`); below 10 (and not 0) the currency's minor
   * units and at least two significant digits, so a small figure never reads as `$0` (`$0.45`, `$0.045`, `$9.99`).
   * Compact (axis ticks, figures in charts) keeps its one decimal: `$1.0`, `$1.5`, `$0.45`, as `$12.0`, `$1.2K`.
   */
  money(v: number | null | undefined, compact?: boolean): string;
  percent(share: number | null | undefined, digits?: number): string;
  /** Epoch ms or ISO date → localised date. */
  date(v: number | string | null | undefined): string;
}

const cache = new Map<string, Formatter>();

export function formatter(lang: Lang | string, currency = 'USD'): Formatter {
  const k = `${lang}|${currency}`;
  let f = cache.get(k);
  if (f) return f;
  // One of our languages, or an Intl locale (e.g. de-DE: the page's language for numbers, see intlLocale).
  const loc = INTL_LOCALE[lang as Lang] ?? lang;
  let cur = currency;
  try {
    new Intl.NumberFormat(loc, { style: 'currency', currency: cur });
  } catch {
    cur = 'USD';
  }
  const num = new Map<number, Intl.NumberFormat>();
  const pct = new Map<number, Intl.NumberFormat>();
  const money = new Intl.NumberFormat(loc, { style: 'currency', currency: cur, maximumFractionDigits: 0 });
  const moneyCompact = new Intl.NumberFormat(loc, { style: 'currency', currency: cur, notation: 'compact', maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(loc, { notation: 'compact', maximumFractionDigits: 1 });
  // Small amounts: fraction digits enough for two significant digits, never fewer than the currency's minor units.
  const minor = new Intl.NumberFormat(loc, { style: 'currency', currency: cur }).resolvedOptions().maximumFractionDigits ?? 2;
  const small = new Map<number, Intl.NumberFormat>();
  const smallMoney = (v: number, short: boolean) => {
    const digits = Math.min(20, Math.max(minor, 1 - Math.floor(Math.log10(Math.abs(v)))));
    const min = Math.min(short ? 1 : minor, digits);
    const k = digits * 100 + min;
    if (!small.has(k)) small.set(k, new Intl.NumberFormat(loc, { style: 'currency', currency: cur, minimumFractionDigits: min, maximumFractionDigits: digits }));
    return small.get(k)!.format(v);
  };
  const date = new Intl.DateTimeFormat(loc, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dash = '–';
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  f = {
    number(v, digits = 0) {
      if (!ok(v)) return dash;
      if (!num.has(digits)) num.set(digits, new Intl.NumberFormat(loc, { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
      return num.get(digits)!.format(v);
    },
    compact: (v) => (ok(v) ? compact.format(v) : dash),
    money: (v, c = false) => (!ok(v) ? dash : v !== 0 && Math.abs(v) < 10 ? smallMoney(v, c) : (c ? moneyCompact : money).format(v)),
    percent(v, digits = 1) {
      if (!ok(v)) return dash;
      if (!pct.has(digits)) pct.set(digits, new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }));
      return pct.get(digits)!.format(v);
    },
    date(v) {
      if (v === null || v === undefined || v === '') return dash;
      const d = typeof v === 'number' ? new Date(v) : new Date(`${v.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? dash : date.format(d);
    },
  };
  cache.set(k, f);
  return f;
}
