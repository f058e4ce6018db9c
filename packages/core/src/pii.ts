/**
 * Masking of personal data for `mask-pii`: applied to query results inside
 * core, so unmasked values never reach the DOM, tooltips, events or exports.
 * `maskRow` is the one entry the card, the list and their CSV exports use.
 *
 * Never more than half of a value is shown, and a value too short to hide
 * most of it is hidden whole:
 *
 * | field | rule | examples |
 * |---|---|---|
 * | email | the first character of the name, `***`, then the domain; a name of 1–2 characters is all `***` | `alice@example.com` → `a***@example.com`, `ab@x.io` → `***@x.io` |
 * | phone | digits and letters: with 10 or more, the first two and the last three kept; with 5–9, the last two; with 4 or fewer, none. Others → `x`; separators kept | `0912-345-123` → `09xx-xxx-123`, `12345` → `xxx45`, `1234` → `xxxx` |
 * | address | the first 3 characters, then `***`; an address of 6 characters or fewer is all `***` | `台北市信義路五段7號` → `台北市***`, `台北市` → `***` |
 * | birthday | the year and the day hidden, the month kept | `1990-05-17` → `****-05-**` |
 * | name | the first character, then `*` for each other character; a one-character name is `*` | `王小明` → `王**`, `王` → `*` |
 */

const empty = (v: unknown): v is null | undefined | '' => v === null || v === undefined || v === '';

export function maskEmail(v: string | null | undefined): string | null {
  if (empty(v)) return v ?? null;
  const s = String(v);
  const at = s.lastIndexOf('@');
  if (at < 1) return '***';
  const name = Array.from(s.slice(0, at));
  return `${name.length >= 3 ? name[0] : ''}***${s.slice(at)}`;
}

/** Digits and letters count; separators (spaces, `-`, `+`, brackets, dots) are kept as they are. */
const SIGNIFICANT = /[\p{L}\p{N}]/gu;

export function maskPhone(v: string | null | undefined): string | null {
  if (empty(v)) return v ?? null;
  const s = String(v);
  const n = (s.match(SIGNIFICANT) ?? []).length;
  const [head, tail] = n >= 10 ? [2, 3] : n >= 5 ? [0, 2] : [0, 0];
  let seen = 0;
  return s.replace(SIGNIFICANT, (c) => {
    seen++;
    return seen <= head || seen > n - tail ? c : 'x';
  });
}

export function maskAddress(v: string | null | undefined): string | null {
  if (empty(v)) return v ?? null;
  const chars = Array.from(String(v).trim());
  return (chars.length > 6 ? chars.slice(0, 3).join('') : '') + '***';
}

export function maskBirthday(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  const iso = typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : String(v).slice(0, 10);
  const m = /^\d{4}-(\d{2})-\d{2}$/.exec(iso);
  return m ? `****-${m[1]}-**` : '****';
}

export function maskName(v: string | null | undefined): string | null {
  if (empty(v)) return v ?? null;
  const chars = Array.from(String(v).trim());
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
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
