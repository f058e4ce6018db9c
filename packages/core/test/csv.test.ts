import { describe, expect, it } from 'vitest';
import { toCSV } from '../src/export/csv.js';

describe('toCSV', () => {
  it('quotes, escapes and neutralises formulas', () => {
    const csv = toCSV([
      { id: '001', name: 'Ann, "A"', amount: -12.5, note: '=HYPERLINK("http://x")' },
      { id: '002', name: '+1 555', amount: 3, note: '@SUM(A1)' },
      { id: '003', name: '-2+3', amount: null, note: '\tcmd' },
      { id: '004', name: 'line\nbreak', amount: 0, note: '\rx' },
    ]);
    expect(csv).toBe(
      'id,name,amount,note\r\n' +
        '001,"Ann, ""A""",-12.5,"\'=HYPERLINK(""http://x"")"\r\n' +
        "002,'+1 555,3,'@SUM(A1)\r\n" +
        "003,'-2+3,,'\tcmd\r\n" +
        '004,"line\nbreak",0,"\'\rx"\r\n',
    );
  });
  it('takes an explicit column order', () => {
    expect(toCSV([{ a: 1, b: 2 }], ['b', 'a'])).toBe('b,a\r\n2,1\r\n');
  });
});
