import { describe, expect, it } from 'vitest';
import { formatter } from '../src/i18n/format.js';

describe('money formatting', () => {
  it('shows small amounts with their significant digits, large ones in whole units', () => {
    const en = formatter('en', 'USD');
    // under 10: the currency's 2 minor digits, at least two significant digits
    expect([0.45, 0.5, 0.045, 0.0045, 1.49, 9.99, -0.45].map((v) => en.money(v))).toEqual(['$0.45', '$0.50', '$0.045', '$0.0045', '$1.49', '$9.99', '-$0.45']);
    // 10 and up, and zero: whole units as before
    expect([0, 10, 25.71, 1234.5].map((v) => en.money(v))).toEqual(['$0', '$10', '$26', '$1,235']);
    // compact (axis ticks) keeps its one decimal, as for larger values ($12.0, $1.2K)
    expect([0.45, 0.5, 1, 1.5, 12, 1234].map((v) => en.money(v, true))).toEqual(['$0.45', '$0.5', '$1.0', '$1.5', '$12.0', '$1.2K']);
    expect(en.money(1234567, true)).toBe('$1.2M');
  });
  it('in Traditional and Simplified Chinese, and for a currency without minor units', () => {
    expect(formatter('zh-Hant', 'TWD').money(0.45)).toBe('$0.45');
    expect(formatter('zh-Hant', 'TWD').money(123456)).toBe('$123,456');
    expect(formatter('zh-Hans', 'CNY').money(0.45)).toBe('¥0.45');
    expect(formatter('zh-Hans', 'CNY').money(123456)).toBe('¥123,456');
    // yen has no minor unit: two significant digits still show
    expect(formatter('en', 'JPY').money(0.45)).toBe('¥0.45');
    expect(formatter('en', 'JPY').money(5)).toBe('¥5');
    expect(formatter('en', 'JPY').money(1234)).toBe('¥1,234');
  });
});
