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
});
