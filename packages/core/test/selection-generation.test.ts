import { describe, expect, it } from 'vitest';
import { Selection, sql } from '../src/index.js';

/** A selection's clauses belong to the data generation they were worked out on. */
describe('Selection generations', () => {
  const clause = (client: string, min: number) => ({ client, predicate: sql`revenue >= ${min}`, label: `Revenue ≥ ${min}` });

  it('puts a clause of the current generation in force and refuses one of another', () => {
    const s = new Selection();
    const g0 = s.generation;
    expect(s.update(clause('a', 100), g0)).toBe(true);
    expect(s.predicate().text).toBe('(revenue >= 100)');
    // Worked out before other data came in: refused, nothing changes.
    const taken = s.renew();
    expect(taken.map((c) => c.client)).toEqual(['a']);
    expect(s.generation).toBe(g0 + 1);
    expect(s.size).toBe(0);
    expect(s.update(clause('b', 5), g0)).toBe(false);
    expect(s.size).toBe(0);
    expect(s.predicate().text).toBe('TRUE');
    expect(s.update(clause('b', 5), g0 + 1)).toBe(true);
    expect(s.list().map((c) => c.client)).toEqual(['b']);
  });

  it('tells its listeners when a renewal takes clauses out, and only then', () => {
    const s = new Selection();
    let heard = 0;
    s.subscribe(() => heard++);
    s.renew(); // nothing in force: no change to tell
    expect(heard).toBe(0);
    s.update(clause('a', 1), s.generation);
    expect(heard).toBe(1);
    s.renew();
    expect(heard).toBe(2);
    expect(s.key()).toBe('TRUE');
  });
});
