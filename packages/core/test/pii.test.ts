import { describe, expect, it } from 'vitest';
import { maskAddress, maskBirthday, maskEmail, maskName, maskPhone, maskRow } from '../src/pii.js';

describe('PII masking', () => {
  it('masks each field by its rule', () => {
    expect(maskEmail('alice@example.com')).toBe('a***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskPhone('0912-345-123')).toBe('09xx-xxx-123');
    expect(maskPhone('+886 912 345 678')).toBe('+88x xxx xxx 678');
    expect(maskAddress('台北市信義路五段7號')).toBe('台北市***');
    expect(maskBirthday('1990-05-17')).toBe('****-05-**');
    expect(maskBirthday(Date.UTC(1990, 4, 17))).toBe('****-05-**');
    expect(maskName('王小明')).toBe('王**');
    expect(maskEmail(null)).toBe(null);
  });
  it('masks a row and leaves other fields', () => {
    const r = maskRow({ customer_id: 'c1', email: 'bob@x.com', phone: '0912345678', revenue: 5 });
    expect(r).toEqual({ customer_id: 'c1', email: 'b***@x.com', phone: '09xxxxx678', revenue: 5 });
  });
  it('never shows a short value in full', () => {
    // phones: 5 digits → the last two; 4 or fewer → none; 9 → the last two; 10 → first two and last three
    expect(maskPhone('12345')).toBe('xxx45');
    expect(maskPhone('1234')).toBe('xxxx');
    expect(maskPhone('12')).toBe('xx');
    expect(maskPhone('2345-6789')).toBe('xxxx-xx89');
    expect(maskPhone('02-2345-6789')).toBe('02-xxxx-x789');
    // letters count as digits do: a phone field holding words is masked too
    expect(maskPhone('call me')).toBe('xxxx me');
    // a number (e.g. a numeric Parquet column) is masked, not thrown on
    expect(maskPhone(12345 as unknown as string)).toBe('xxx45');
    // e-mail names of one or two characters are hidden whole; three keep the first
    expect(maskEmail('a@x.io')).toBe('***@x.io');
    expect(maskEmail('ab@x.io')).toBe('***@x.io');
    expect(maskEmail('abc@x.io')).toBe('a***@x.io');
    // names: one character → *; two → the first and *
    expect(maskName('王')).toBe('*');
    expect(maskName('王明')).toBe('王*');
    // addresses of 6 characters or fewer are hidden whole
    expect(maskAddress('台北市')).toBe('***');
    expect(maskAddress('Main St')).toBe('Mai***');
    expect(maskAddress('Oak 12')).toBe('***');
    // whatever the value, no more than half of its characters (other than separators) are shown
    for (const v of ['1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '0912345678', '+886912345678']) {
      const shown = maskPhone(v)!.replace(/[^0-9]/g, '').length;
      expect(shown, v).toBeLessThanOrEqual(Math.floor(v.replace(/[^0-9]/g, '').length / 2));
    }
  });
});
