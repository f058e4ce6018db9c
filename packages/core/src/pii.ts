/**
 * Masking of personal data for `mask-pii`: applied to query results inside
 * core, so unmasked values never reach the DOM, tooltips, events or exports.
 *
 * | field | rule | example |
 * |---|---|---|
 * | email | first character, `***`, then the domain | `alice@example.com` → `a***@example.com` |
 * | phone | digits kept: the first two and the last three; others → `x`; separators kept | `0912-345-123` → `09xx-xxx-123` |
 * | address | the first 3 characters, then `***` | `台北市信義路五段7號` → `台北市***` |
 * | birthday | the year and the day hidden, the month kept | `1990-05-17` → `****-05-**` |
 * | name | the first character, then `*` for each other character | `王小明` → `王**` |
 */

export function maskEmail(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return v ?? null;
  const at = v.lastIndexOf('@');
  if (at < 1) return '***';
  return `${Array.from(v)[0]}***${v.slice(at)}`;
}

export function maskPhone(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return v ?? null;
  const digits = (v.match(/\d/g) ?? []).length;
  let seen = 0;
  return v.replace(/\d/g, (d) => {
    seen++;
    return seen <= 2 || seen > digits - 3 ? d : 'x';
  });
}

export function maskAddress(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return v ?? null;
  return Array.from(v).slice(0, 3).join('') + '***';
}

export function maskBirthday(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  const iso = typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : String(v).slice(0, 10);
  const m = /^\d{4}-(\d{2})-\d{2}$/.exec(iso);
  return m ? `****-${m[1]}-**` : '****';
}

export function maskName(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return v ?? null;
  const chars = Array.from(v.trim());
  return chars[0] + '*'.repeat(Math.max(0, chars.length - 1));
}

const MASKS: Record<string, (v: never) => string | null> = {
  email: maskEmail,
  phone: maskPhone,
  address: maskAddress,
  birthday: maskBirthday,
};

/** Mask the PII fields of a row (email, phone, address, birthday; `name` too when `names` is set). */
export function maskRow<T extends Record<string, unknown>>(row: T, opts: { names?: boolean } = {}): T {
  const out: Record<string, unknown> = { ...row };
  for (const [k, fn] of Object.entries(MASKS)) if (k in out) out[k] = fn(out[k] as never);
  if (opts.names && 'name' in out) out.name = maskName(out.name as string);
  return out as T;
}
