import { CrmError } from '../errors.js';

/**
 * The time zone in which an instant (a Parquet or Arrow timestamp that is
 * UTC-adjusted or has a zone, a JS `Date`) becomes an order date. Text dates
 * never use it: their date is the one written. See the README's "Data rules".
 */
export const DEFAULT_TIME_ZONE = 'UTC';

/** The zone's canonical IANA name; `invalid-option` (option `time-zone`) when this browser does not know it. */
export function timeZoneOption(zone: string | undefined): string {
  if (zone === undefined || zone === '') return DEFAULT_TIME_ZONE;
  let canonical: string | undefined;
  try {
    canonical = /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone) ? new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone : undefined;
  } catch {
    canonical = undefined;
  }
  if (!canonical) {
    throw new CrmError('invalid-option', { option: 'time-zone', value: zone, accepts: { kind: 'time-zone' } });
  }
  return canonical;
}

const DAY = 86_400_000;
const BUCKET = 900_000; // 15 minutes: zone offsets change at most once in such a span

/**
 * A function from an instant (epoch milliseconds) to the wall-clock time in
 * `zone`, also as epoch milliseconds (so its UTC calendar date is the date in
 * `zone`). Offsets are looked up once per 15 minutes of time, not per value.
 */
export function wallClock(zone: string): (ms: number) => number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return (ms) => ms;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (ms: number): number => {
    const p: Record<string, string> = {};
    for (const { type, value } of format.formatToParts(ms)) p[type] = value;
    const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
    const wall = Date.UTC(2000, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    const at = new Date(wall);
    at.setUTCFullYear(year);
    return at.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
  };
  const cache = new Map<number, number | null>();
  return (ms) => {
    const b = Math.floor(ms / BUCKET);
    let off = cache.get(b);
    if (off === undefined) {
      const start = offsetAt(b * BUCKET);
      off = start === offsetAt(b * BUCKET + BUCKET - 1) ? start : null;
      if (cache.size > 200_000) cache.clear();
      cache.set(b, off);
    }
    return ms + (off ?? offsetAt(ms));
  };
}

/** Epoch milliseconds → the start of that UTC day (floored, so times before 1970 keep their day). */
export const startOfDay = (ms: number): number => Math.floor(ms / DAY) * DAY;

/** Wall-clock milliseconds → ISO text without an offset (`2024-03-31T12:30:00.000`), as a date in a text column reads. */
export const wallClockText = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '');
