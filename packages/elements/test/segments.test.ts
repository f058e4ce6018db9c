import { describe, expect, it } from 'vitest';
import { CrmError } from '@crmkit/core';
import { checkSegment, decodeSegment, deleteSegment, encodeSegment, saveSegment, savedSegments, segmentLink, type Segment } from '../src/tags/segments.js';

/** A Storage over a Map (Node has no localStorage). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return { get length() { return m.size; }, clear: () => m.clear(), getItem: (k) => m.get(k) ?? null, key: (i) => [...m.keys()][i] ?? null, removeItem: (k) => void m.delete(k), setItem: (k, v) => void m.set(k, String(v)) };
}
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const refusal = (text: string) => {
  try {
    decodeSegment(text);
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('accepted');
};

describe('segments', () => {
  const seg: Segment = { name: '忠誠但流失', tags: ['loyal', 'at-risk', 'rule:big'], mode: 'and', rules: [{ name: 'big', rule: { field: 'revenue', op: '>', value: 1000 } }] };

  it('round-trip through a link and through storage', () => {
    const link = segmentLink(seg, 'https://shop.example/crm?tab=2');
    const u = new URL(link);
    expect(u.searchParams.get('tab')).toBe('2');
    expect(decodeSegment(u.searchParams.get('segment')!)).toEqual(seg);
    const store = memoryStorage();
    saveSegment(seg, store);
    saveSegment({ ...seg, name: 'other', mode: 'or' }, store);
    saveSegment({ ...seg, tags: ['new'] }, store); // same name: replaced
    expect(savedSegments(store).map((s) => [s.name, s.tags])).toEqual([['other', ['loyal', 'at-risk', 'rule:big']], ['忠誠但流失', ['new']]]);
    expect(deleteSegment('other', store).map((s) => s.name)).toEqual(['忠誠但流失']);
    store.setItem('crmkit.segments', '{not json');
    expect(savedSegments(store)).toEqual([]);
  });

  it('refuses links that are not segments, or carry a bad mode or a bad rule', () => {
    expect(refusal('%%%').message).toBe('invalid segment: the link does not hold a segment');
    expect(refusal(b64(JSON.stringify({ ...seg, mode: "or'; DROP TABLE x; --" }))).message).toBe('invalid segment: mode must be one of or, and, not');
    expect(refusal(b64(JSON.stringify({ ...seg, tags: [] }))).message).toBe('invalid segment: tags must be 1 to 50 names');
    const bad = refusal(b64(JSON.stringify({ ...seg, rules: [{ name: 'big', rule: { field: 'revenue) OR (1=1', op: '>', value: 1 } }] })));
    expect(bad.code).toBe('invalid-rule');
    expect(bad.detail.rule).toEqual({ problem: 'unknown-field', path: '$.field', token: 'revenue) OR (1=1' });
    expect(refusal('A'.repeat(9000)).message).toBe('invalid segment: the link is too long');
    // A tag name is only ever a value (quoted by lit), so any text is kept as written.
    expect(checkSegment({ name: 'x', tags: ["loyal' OR 1=1 --"], mode: 'or' }).tags).toEqual(["loyal' OR 1=1 --"]);
  });

  it('carries other widgets\' conditions through a link, and refuses bad ones with the reason', () => {
    const withConditions: Segment = {
      name: 'Diamond carriage',
      tags: [],
      mode: 'or',
      rules: [],
      conditions: [
        { condition: { widget: 'profit-matrix', options: { x: 'revenue', costPerOrder: 5 }, key: 'carriage' }, label: 'Quadrant: carriage' },
        { condition: { widget: 'pareto-curve', options: {}, key: { from: 1, to: 100 } }, label: 'Ranks 1–100' },
      ],
    };
    const link = segmentLink(withConditions, 'https://shop.example/crm');
    expect(decodeSegment(new URL(link).searchParams.get('segment')!)).toEqual(withConditions);
    const reason = (x: unknown) => refusal(b64(JSON.stringify(x))).detail.reason;
    expect(reason({ ...withConditions, conditions: [{ condition: { widget: 'nope', options: {}, key: 'a' }, label: '' }] })).toBe('unknown-widget');
    expect(reason({ ...withConditions, conditions: [{ condition: { widget: 'profit-matrix', options: { x: ['a'] }, key: 'carriage' }, label: '' }] })).toBe('bad-condition');
    expect(reason({ ...withConditions, conditions: [withConditions.conditions![0], withConditions.conditions![0]] })).toBe('bad-condition');
    expect(reason({ ...withConditions, conditions: Array(21).fill(withConditions.conditions![0]) })).toBe('bad-condition');
    expect(reason({ name: 'x', tags: [], mode: 'or' })).toBe('bad-tags');
  });
});
