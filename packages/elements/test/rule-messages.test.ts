import { describe, expect, it } from 'vitest';
import { CrmError, toRule } from '@crmkit/core';
import { errorHeadline, localizedErrorMessage } from '../src/i18n/errors.js';

const error = (input: unknown): CrmError => {
  try {
    toRule(input);
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('accepted');
};

describe('rule errors in zh-Hant and zh-Hans', () => {
  it('name the position and the bad token', () => {
    const e = error('orders >= 5; DROP TABLE x');
    expect(e.message).toBe('Invalid rule: unexpected character ";" at position 11.');
    expect(localizedErrorMessage('zh-Hant', e)).toBe('規則不正確：第 11 個字元處有無法辨識的字元「;」。');
    expect(localizedErrorMessage('zh-Hans', e)).toBe('规则不正确：第 11 个字符处有无法识别的字符「;」。');
    expect(errorHeadline('zh-Hant', e.code)).toBe('標籤規則不正確');
    expect(errorHeadline('zh-Hans', e.code)).toBe('标签规则不正确');
  });
  it('an unknown field in the JSON form names its path', () => {
    const e = error({ all: [{ field: 'email', op: '=', value: 1 }] });
    expect(localizedErrorMessage('zh-Hant', e)).toMatch(/^規則不正確：在 \$\.all\[0\]\.field 的欄位「email」不存在/);
    expect(localizedErrorMessage('zh-Hans', e)).toMatch(/^规则不正确：在 \$\.all\[0\]\.field 的字段「email」不存在/);
  });
  it('limits', () => {
    const e = error(Array.from({ length: 41 }, () => 'orders > 1').join(' or '));
    expect(localizedErrorMessage('zh-Hant', e)).toBe('規則不正確：規則的條件超過 40 個。');
  });
});
