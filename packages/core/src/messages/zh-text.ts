/**
 * Helpers the Chinese catalogues share: facts put into a Chinese sentence
 * with a space where Latin text or digits meet a Chinese character.
 */
import type { CrmErrorDetail, IdProblem } from '../error-types.js';

const HAN = /\p{Script=Han}/u;
const LATIN = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\x21-\x7e]/u;
const first = (s: string) => /^./su.exec(s)?.[0] ?? '';
const last = (s: string) => /.$/su.exec(s)?.[0] ?? '';
/** A space between a Chinese character and Latin text or digits (as in "第 2 列", "photo.csv 是圖片"). */
const gap = (a: string, b: string) => ((HAN.test(a) && LATIN.test(b)) || (LATIN.test(a) && HAN.test(b)) ? ' ' : '');

/**
 * A Chinese sentence with facts (file, column, value, numbers) put in as they
 * are; only a space is added where a fact meets a Chinese character.
 */
export function zh(strings: TemplateStringsArray, ...facts: (string | number)[]): string {
  let out = strings[0];
  facts.forEach((f, i) => {
    const s = String(f);
    if (s) out += gap(last(out), first(s)) + s;
    const next = strings[i + 1];
    out += gap(last(out), first(next)) + next;
  });
  return out;
}

export const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s);

/** Words and punctuation that differ between the two scripts. */
export interface Vocabulary {
  q: (s: string) => string;
  list: (items: readonly string[]) => string;
  /** "a", "b" or "c" */
  or: (items: readonly string[]) => string;
  /** Names the loader uses when the input has no file name. */
  unnamed: Record<string, string>;
  none: string;
  more: (n: number) => string;
  rows: (rows: readonly number[]) => string;
  system: (reason: string) => string;
}

/** The file name as the sentence names it (the loader's "the transactions" in Chinese). */
export const fileName = (v: Vocabulary, file: string | undefined): string => (file === undefined ? v.unnamed['the data'] : (v.unnamed[file] ?? file));

/** The input's column names as the loader lists them: the first 12, each cut at 40 characters. */
export function headerList(v: Vocabulary, headers: readonly string[]): string {
  if (headers.length === 0) return v.none;
  const shown = v.list(headers.slice(0, 12).map((h) => v.q(clip(h, 40))));
  return shown + (headers.length > 12 ? v.more(headers.length - 12) : '');
}

/** "「ten」不是數字" / "儲存格是空的". */
export function badValue(
  d: CrmErrorDetail,
  v: Vocabulary,
  words: { empty: string; number: string; forAmount: string; date: string; text: string; tooLarge: string; beyondHeader: (columns: number) => string; id: Record<IdProblem, string>; notId: string },
): string {
  if (d.empty) return words.empty;
  const value = v.q(clip(d.value ?? '', 60));
  if (d.headerColumns !== undefined) return value + words.beyondHeader(d.headerColumns);
  if (d.idProblem) return value + words.id[d.idProblem];
  switch (d.expected) {
    case 'number':
      return value + (d.beyond !== undefined ? words.tooLarge : d.forAmount ? words.forAmount : words.number);
    case 'date':
    case 'timestamp':
      return value + words.date;
    case 'id':
      return value + words.notId;
  }
  return value + words.text;
}

/** The date-format for a day-first or month-first example, with the example's own separator (31.12.2024 → %d.%m.%Y). */
export function dateLayout(example: string, order: 'dmy' | 'mdy'): string {
  const sep = /\d([/.-])/.exec(example)?.[1] ?? '/';
  return order === 'dmy' ? `%d${sep}%m${sep}%Y` : `%m${sep}%d${sep}%Y`;
}

/** The hint sentence, '' when there is none. */
export function valueHint(
  d: CrmErrorDetail,
  say: { dateFormat: (example: string) => string; delimiter: (row: number, delimiter: string) => string; decimal: (example: string) => string },
): string {
  if (d.hint?.kind === 'date-format') return say.dateFormat(d.hint.example);
  if (d.hint?.kind === 'decimal') return say.decimal(d.hint.example);
  if (d.hint?.kind === 'delimiter') return say.delimiter(d.row ?? 0, d.hint.delimiter);
  return '';
}
