/**
 * An attribute that holds a number: the number when it reads as one, the text
 * as written otherwise (so the analysis can refuse it with a message naming
 * the value), `undefined` when empty.
 */
export const numberish = {
  fromAttribute: (v: string | null): number | string | undefined => (v === null || v.trim() === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v),
};
