import { describe, expect, it } from 'vitest';
import { CrmError } from '@crmkit/core';
import { fitBgNbd } from '../../core/src/models/bgnbd.js';
import { fitGammaGamma } from '../../core/src/models/gamma-gamma.js';
import { errorHeadline, localizedErrorMessage } from '../src/i18n/errors.js';

const caught = (f: () => unknown): CrmError => {
  try {
    f();
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('expected an error');
};

describe('model-fit messages', () => {
  it('say which model and why, in full, in English, zh-Hant and zh-Hans', () => {
    const few = caught(() => fitBgNbd({ x: [1, 0], tx: [3, 0], T: [10, 10], n: [5, 7] }));
    expect(localizedErrorMessage('en', few)).toBe('The BG/NBD model needs at least 30 customers in the calibration period; there are 12.');
    expect(localizedErrorMessage('zh-Hant', few)).toBe('購買次數模型（BG/NBD）在校準期內至少需要 30 位顧客，目前只有 12 位。');
    expect(localizedErrorMessage('zh-Hans', few)).toBe('购买次数模型（BG/NBD）在校准期内至少需要 30 位顾客，目前只有 12 位。');
    const gg = caught(() => fitGammaGamma({ x: [1, 2, 3], m: [5, 6, 7] }));
    expect(localizedErrorMessage('zh-Hant', gg)).toBe('客單價模型（Gamma-Gamma）在校準期內至少需要 10 位回購的顧客，目前只有 3 位。');
    expect(localizedErrorMessage('zh-Hans', gg)).toBe('客单价模型（Gamma-Gamma）在校准期内至少需要 10 位回购的顾客，目前只有 3 位。');
    const flat = new CrmError('model-fit', 'The Gamma-Gamma fit did not settle on usable parameters (q = 0.5 ≤ 1, so the mean spend is infinite): …', {
      model: { name: 'gamma-gamma', problem: 'degenerate', reason: 'q = 0.5 ≤ 1, so the mean spend is infinite' },
    });
    expect(localizedErrorMessage('zh-Hant', flat)).toBe('客單價模型（Gamma-Gamma）的估計沒有收斂到可用的參數（q = 0.5 ≤ 1, so the mean spend is infinite）：顧客之間回購金額的差異太小或太大。');
    const hold = new CrmError('model-fit', 'The holdout check needs calibration-end …', { model: { name: 'bgnbd', problem: 'no-holdout' } });
    expect(localizedErrorMessage('zh-Hans', hold)).toBe('校准期结束后没有数据可供验证：请把 calibration-end 设在最后一笔订单之前。');
    expect(errorHeadline('zh-Hant', 'model-fit')).toBe('資料不足以建立潛在價值模型');
    expect(errorHeadline('zh-Hans', 'model-fit')).toBe('数据不足以建立潜在价值模型');
  });
});
