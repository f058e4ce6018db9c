/** Option checking: one module, one kind of error (`invalid-option`, naming the attribute, the value and what it expects). */
import { describe, expect, it } from 'vitest';
import { choice, dateOption, daysOption, numberOption, windowOption } from '../src/index.js';
import { refusal } from './refusal.js';

describe('options', () => {
  it('choice: one of the allowed words', () => {
    expect(choice('profit', 'by', ['revenue', 'profit'] as const)).toBe('profit');
    const e = refusal(() => choice('margin; DROP TABLE t', 'by', ['revenue', 'profit'] as const));
    expect(e.code).toBe('invalid-option');
    expect(e.message).toContain('by');
    expect(e.message).toContain('margin; DROP TABLE t');
    expect(e.detail.value).toBe('margin; DROP TABLE t');
  });

  it('dateOption: ISO dates that exist; empty is undefined', () => {
    expect(dateOption(' 2024-02-29 ', 'as-of')).toBe('2024-02-29');
    expect(dateOption('', 'as-of')).toBeUndefined();
    expect(dateOption(undefined, 'as-of')).toBeUndefined();
    for (const bad of ['2023-02-29', '31/12/2024', "2024-01-01' OR 1=1 --"]) {
      const e = refusal(() => dateOption(bad, 'as-of'));
      expect(e.code).toBe('invalid-option');
      expect(e.message).toBe(`invalid as-of: ${bad} (expected a date as YYYY-MM-DD, e.g. 2024-03-31)`);
    }
  });

  it('daysOption and windowOption: whole days from 1 to 36 500; window also "all"', () => {
    expect(daysOption('90', 'new-days')).toBe(90);
    expect(daysOption(36_500, 'days')).toBe(36_500);
    for (const bad of ['0', '1.5', '36501', 'ninety', -3]) expect(refusal(() => daysOption(bad, 'days')).message).toBe(`invalid days: ${bad} (expected a whole number of days from 1 to 36500)`);
    expect(windowOption(' ALL ')).toBeUndefined();
    expect(windowOption('365')).toBe(365);
    expect(refusal(() => windowOption('forever')).message).toBe('invalid window: forever (expected a whole number of days from 1 to 36500)');
  });

  it('numberOption: finite, within bounds, integer when asked', () => {
    expect(numberOption('5', 'cost-per-order', { min: 0 })).toBe(5);
    expect(numberOption('', 'cost-per-order', { min: 0 })).toBeUndefined();
    expect(refusal(() => numberOption('-1', 'cost-per-order', { min: 0 })).message).toBe('invalid cost-per-order: -1 (expected a number ≥ 0)');
    expect(refusal(() => numberOption('0', 'cut', { min: 0, max: 1, exclusiveMin: true })).message).toBe('invalid cut: 0 (expected a number > 0 and ≤ 1)');
    expect(refusal(() => numberOption('2.5', 'points', { min: 2, integer: true })).message).toBe('invalid points: 2.5 (expected an integer ≥ 2)');
    expect(refusal(() => numberOption('Infinity', 'threshold', { min: 0 })).code).toBe('invalid-option');
  });
});
