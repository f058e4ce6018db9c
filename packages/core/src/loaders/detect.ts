import { CrmError } from '../errors.js';
import type { Encoding, Format } from '../schema.js';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Work out the format from bytes first, then the file name. Throws for things that are not data. */
export function detectFormat(bytes: Uint8Array, fileName: string, hint: Format = 'auto'): Exclude<Format, 'auto'> {
  if (bytes.byteLength === 0) throw new CrmError('empty-file', { file: fileName, size: 0 });
  if (startsWith(bytes, ascii('PAR1'))) return 'parquet';
  if (startsWith(bytes, ascii('ARROW1')) || startsWith(bytes, [0xff, 0xff, 0xff, 0xff])) return 'arrow';
  if (hint !== 'auto') return hint;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, ascii('GIF8')))
    throw new CrmError('not-data', { file: fileName, looksLike: 'image' });
  if (startsWith(bytes, ascii('%PDF')))
    throw new CrmError('not-data', { file: fileName, looksLike: 'pdf' });
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new CrmError('spreadsheet', { file: fileName });
  // The loader decompresses gzip before this (loaders/gzip.ts): gzip here is compressed twice.
  if (startsWith(bytes, [0x1f, 0x8b]))
    throw new CrmError('not-data', { file: fileName, looksLike: 'gzip' });
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, '').trimStart();
  if (/^<(!doctype\s+html|html|head|body)/i.test(head))
    throw new CrmError('html-page', { file: fileName });
  // data.csv.gz is named by what it holds.
  fileName = fileName.replace(/\.gz$/i, '');
  if (/\.parquet$/i.test(fileName)) return 'parquet';
  if (/\.(arrow|feather|ipc|arrows)$/i.test(fileName)) return 'arrow';
  if (/\.(json|ndjson|jsonl)$/i.test(fileName)) return 'json';
  if (head.startsWith('[') || head.startsWith('{')) return 'json';
  return 'csv';
}

/** Guess a text encoding from the BOM and the bytes (UTF-8 if valid, else Big5 / GB18030 by their byte patterns). */
export function detectEncoding(bytes: Uint8Array): Exclude<Encoding, 'auto'> {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  const sample = bytes.subarray(0, Math.min(bytes.byteLength, 1 << 20));
  // UTF-16 without a BOM: many NULs at odd or even positions.
  let evenNul = 0, oddNul = 0;
  for (let i = 0; i < Math.min(sample.length, 4096); i++) if (sample[i] === 0) (i % 2 ? oddNul++ : evenNul++);
  if (oddNul > 64 && evenNul < oddNul / 8) return 'utf-16le';
  if (evenNul > 64 && oddNul < evenNul / 8) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(sample));
    return 'utf-8';
  } catch {
    /* not UTF-8 */
  }
  return big5Score(sample) > gbkScore(sample) ? 'big5' : 'gb18030';
}

/** A sample cut mid-character must not count as invalid UTF-8. */
function trimPartialUtf8(b: Uint8Array): Uint8Array {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i];
    if ((c & 0xc0) === 0x80) continue;
    if (c >= 0xc0) end -= i;
    break;
  }
  return b.subarray(0, end);
}

/**
 * Decode as Big5 and as GB18030 and count characters in the common CJK range
 * each gives; the wrong guess produces replacement characters and rare glyphs.
 */
function scoreAs(b: Uint8Array, enc: string): number {
  let text: string;
  try {
    text = new TextDecoder(enc).decode(b);
  } catch {
    return -Infinity;
  }
  let score = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd) score -= 20;
    else if (COMMON.has(ch)) score += 3;
    else if (c >= 0x4e00 && c <= 0x9fff) score += 1;
    else if (c >= 0xe000 && c <= 0xf8ff) score -= 5; // private use: a wrong decode
  }
  return score;
}
// Frequent characters in CRM exports, in both scripts.
const COMMON = new Set(
  Array.from('的一是不了人我在有他這这中大來来上國国個个到說说們们為为子和你地出道也時时年得就那要下以生會会自著着去之過过家學学對对可她裡里後后小麼么心多天而能好都然沒没日於于起還还發发成事只作當当想看文無无開开手十用主行方又如前所本見见經经頭头面公同三已老從从動动兩两長长客戶户編编號号金額额期訂订單单價价數数量名稱称電电話话地址會员員顧顾費费消售銷成本台北市新區区路段號')
);
const big5Score = (b: Uint8Array) => scoreAs(b, 'big5');
const gbkScore = (b: Uint8Array) => scoreAs(b, 'gb18030');

/** Bytes in any supported encoding → UTF-8 bytes without BOM (for DuckDB's CSV reader). */
export function toUtf8(bytes: Uint8Array, encoding: Encoding = 'auto'): { bytes: Uint8Array; encoding: string } {
  const enc = encoding === 'auto' ? detectEncoding(bytes) : encoding;
  if (enc === 'utf-8') {
    const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
    return { bytes: body, encoding: enc };
  }
  let text: string;
  try {
    text = new TextDecoder(enc).decode(bytes);
  } catch {
    throw new CrmError('unreadable', { encoding: enc });
  }
  return { bytes: new TextEncoder().encode(text.replace(/^\uFEFF/, '')), encoding: enc };
}

/** Delimiters a CSV header is looked at for (DuckDB's sniffer tries the same four). */
const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter of a CSV file from its header (first line; quoted names skipped): the one of `,` `;`
 * tab `|` that occurs most often outside quotes, or `undefined` when none occurs or two tie. DuckDB's
 * sniffer judges by the rows as well, and a value such as an unquoted 1,000,000 in a ";" file can
 * make it choose ","; the header, written by the exporting program, says which it used.
 */
export function headerDelimiter(utf8: Uint8Array): string | undefined {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;
  const end = Math.min(utf8.length, 1 << 16);
  for (let i = 0; i < end; i++) {
    const b = utf8[i];
    if (b === 34) quoted = !quoted;
    else if (!quoted && (b === 10 || b === 13)) break;
    else if (!quoted && counts.has(b)) counts.set(b, counts.get(b)! + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (ranked[0][1] === 0 || ranked[0][1] === ranked[1][1]) return undefined;
  return String.fromCharCode(ranked[0][0]);
}

/**
 * How many columns the header line names with this delimiter (counted outside quotes), or undefined
 * when the delimiter is not known.
 */
export function headerFieldCount(utf8: Uint8Array, delimiter: string | undefined): number | undefined {
  if (delimiter === undefined) return undefined;
  const head = new TextDecoder().decode(utf8.subarray(0, 1 << 16));
  let quoted = false;
  let fields = 1;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return fields;
    else if (!quoted && head.startsWith(delimiter, i)) {
      fields++;
      i += delimiter.length - 1;
    }
  }
  // The whole file is one line, or the header runs past 64 kB (not counted).
  return utf8.length <= 1 << 16 ? fields : undefined;
}
