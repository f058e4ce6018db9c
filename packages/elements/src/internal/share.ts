import type { Formatter } from '../i18n/format.js';

/** A share as a percentage with one decimal; a non-zero share that would round to 0 reads "<0.1%", undefined "–". */
export function share(fmt: Formatter, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v > 0 && v < 0.0005) return `<${fmt.percent(0.001)}`;
  return fmt.percent(v);
}
