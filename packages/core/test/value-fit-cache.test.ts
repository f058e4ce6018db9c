import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { buildDataset } from '../src/model.js';
import { cachedValue, dropCaches } from '../src/cache.js';
import { modelFit, runCustomerValue, runValidation, scoreCustomerValue } from '../src/metrics/customer-value.js';

const repo = (p: string) => new URL(`../../../${p}`, import.meta.url);
const sample = readFileSync(repo('datasets/cdnow/CDNOW_sample.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => l.trim().split(/\s+/))
  .map(([, id, date, cds, dollars]) => ({ customer_id: String(Number(id)), order_date: date, quantity: Number(cds), amount: Number(dollars) }));

describe('customer-value fits: one per load and option set', () => {
  it('scoring, the result, the list/card default and other horizons share one fit; another unit is another fit', async () => {
    const ds = await dataset(sample);
    const a = await scoreCustomerValue(ds);
    // the list and card score with the default options: the very same fit object, not a refit
    expect((await scoreCustomerValue(ds)).fit).toBe(a.fit);
    expect(await modelFit(ds, a.settings.scoreEnd, 'weeks')).toBe(a.fit);
    // the horizon, discount and validation window do not shape the scoring fit (only end and unit do)
    const r = await runCustomerValue(ds, { days: 30, months: 6, calibrationEnd: '1997-09-30' }, undefined, { validation: false });
    expect(r.fit).toBe(a.fit);
    expect(r.validation).toBeUndefined();
    const days = await scoreCustomerValue(ds, { unit: 'days' });
    expect(days.fit).not.toBe(a.fit);
    // the same data in days: α scales by 7 (the rate is per day instead of per week), r, a, b do not move
    expect(days.fit.bgnbd.params.alpha / a.fit.bgnbd.params.alpha).toBeCloseTo(7, 2);
    expect(days.fit.bgnbd.params.r).toBeCloseTo(a.fit.bgnbd.params.r, 3);
  });

  it('the holdout check is worked out once per load and calibration end, and is what a full run returns', async () => {
    const ds = await dataset(sample);
    const full = await runCustomerValue(ds, { calibrationEnd: '1997-09-30' });
    const v = await runValidation(ds, full.settings);
    expect(v).toBe(full.validation);
    // its fit is the calibration window's (the paper's figures), not the scoring fit
    expect(v.fit.end).toBe('1997-09-30');
    expect(v.fit.bgnbd.params.r.toFixed(3)).toBe('0.243');
    expect(full.fit.end).toBe('1998-06-30');
  });

  it('a reload under the same prefix fits afresh (same figures); dropping the tables keeps the fit', async () => {
    const ds = await dataset(sample);
    const first = await scoreCustomerValue(ds);
    await dropCaches(ds);
    expect((await scoreCustomerValue(ds)).fit).toBe(first.fit);
    // reloaded through the same cache, as a source's coordinator does
    const again = await buildDataset(ds.engine, { id: ds.id, transactions: ds.transactions, fields: ds.fields, version: ds.version + 1, cache: ds.cache });
    const second = await scoreCustomerValue(again);
    expect(second.fit).not.toBe(first.fit);
    expect(second.fit.bgnbd.params).toEqual(first.fit.bgnbd.params);
    expect(second.fit.gammaGamma.params).toEqual(first.fit.gammaGamma.params);
    // the replaced load keeps nothing: each call on it computes again
    expect(await modelFit(ds, first.settings.scoreEnd, 'weeks')).not.toBe(await modelFit(ds, first.settings.scoreEnd, 'weeks'));
  });

  it('cachedValue keeps a value per kind and key, and does not keep a failure', async () => {
    const ds = await dataset([{ customer_id: 'a', order_date: '2024-01-01', amount: 1 }]);
    let calls = 0;
    const one = () => cachedValue(ds, 'k', 'x', async () => ++calls);
    expect([await one(), await one()]).toEqual([1, 1]);
    expect(await cachedValue(ds, 'k', 'y', async () => ++calls)).toBe(2);
    expect(await cachedValue(ds, 'other', 'x', async () => ++calls)).toBe(3);
    await expect(cachedValue(ds, 'k', 'bad', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cachedValue(ds, 'k', 'bad', async () => ++calls)).toBe(4);
  });
});
