/**
 * Answers kept by request: a served data set does not change while the
 * server runs (it is loaded once at start), so the same analysis with the same
 * options and clauses, for a caller with the same personal-data right, has the
 * same answer. Clearing a selection asks again what the first draw asked:
 * it is answered from here without a query.
 *
 * Least recently used answers are dropped beyond `maxBytes` (the encoded
 * Arrow bytes, and their gzip form once made).
 */
export interface KeptAnswer {
  bytes: Uint8Array;
  gzipped?: Uint8Array;
  /** Query time when it was worked out. */
  ms: number;
}

export class ResultCache {
  private readonly entries = new Map<string, KeptAnswer>();
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The request's key: data set, analysis, options, clauses and the PII right (masking differs). Keyed by
   * meaning: the clauses are an AND (also those a rank range or quadrant was taken under, `within`), so their
   * order does not count, nor does the order of an object's fields.
   */
  static key(dataset: string, analysis: string, options: unknown, clauses: readonly unknown[], pii: boolean): string {
    return JSON.stringify([dataset, analysis, canonical(options), clauseSet(clauses), pii]);
  }

  get(key: string): KeptAnswer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, answer: KeptAnswer): void {
    const old = this.entries.get(key);
    if (old) {
      this.size -= weight(old);
      this.entries.delete(key);
    }
    if (weight(answer) > this.maxBytes) return;
    this.entries.set(key, answer);
    this.size += weight(answer);
    for (const [k, e] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= weight(e);
    }
  }

  /** A kept answer's gzip form was made: count it. */
  grew(answer: KeptAnswer, gzipped: Uint8Array): void {
    answer.gzipped = gzipped;
    if ([...this.entries.values()].includes(answer)) this.size += gzipped.byteLength;
  }

  get bytes(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.size;
  }
}

function weight(a: KeptAnswer): number {
  return a.bytes.byteLength + (a.gzipped?.byteLength ?? 0);
}

/** A value with every object's fields in name order (arrays keep theirs). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/** An AND of clauses as its members' canonical texts in order: the same for any order of the same clauses. */
export function clauseSet(clauses: readonly unknown[]): string[] {
  return clauses.map(clauseKey).sort();
}

/** One clause's canonical text (its `within` clauses taken as a set). */
export function clauseKey(c: unknown): string {
  const o = c as Record<string, unknown>;
  return JSON.stringify(canonical(Array.isArray(o?.within) ? { ...o, within: clauseSet(o.within) } : o));
}
