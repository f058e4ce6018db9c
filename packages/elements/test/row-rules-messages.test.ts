/** Bad row rules in English, zh-Hant and zh-Hans, from the real parser's and loader's errors. */
import { describe, expect, it } from 'vitest';
import { CrmError, loadData, parseRowRules, type RowRule } from '@crmkit/core';
import { engine } from '../../core/test/engine.js';
import { errorHeadline, localizedErrorMessage } from '../src/i18n/errors.js';

const CSV = new TextEncoder().encode('order_id,customer_id,order_date,amount\n1,A,2024-01-01,10\nC2,A,2024-01-02,-10\n');
let n = 0;
const caught = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    return e as CrmError;
  }
  throw new Error('must fail');
};
const load = (rules: unknown) => async () => loadData(await engine(), CSV, { table: `rm${++n}`, name: 'orders.csv', rules: rules as RowRule[] });
const say = (e: CrmError) => ({ en: localizedErrorMessage('en', e), hant: localizedErrorMessage('zh-Hant', e), hans: localizedErrorMessage('zh-Hans', e) });

describe('row rule messages', () => {
  it('an unknown operator, a bad date, an empty range', async () => {
    const op = await caught(() => parseRowRules('order_id like C%', 'exclude'));
    expect(errorHeadline('zh-Hant', op.code)).toBe('列規則不正確');
    expect(errorHeadline('zh-Hans', op.code)).toBe('行规则不正确');
    expect(say(op)).toEqual({
      en: 'exclude rule 1 ("order_id like C%"): "like" is not a rule; use =, in, starts-with, between, from or to.',
      hant: '第 1 條列規則（order_id like C%）的「like」不是可用的運算；請使用 =、in、starts-with、between、from 或 to。',
      hans: '第 1 条行规则（order_id like C%）的“like”不是可用的运算；请使用 =、in、starts-with、between、from 或 to。',
    });
    const date = await caught(() => parseRowRules('order_date from 2024-13-01', 'keep'));
    expect(say(date).hant).toBe('第 1 條列規則（order_date from 2024-13-01）的「2024-13-01」不是以 YYYY-MM-DD 寫成的日期。');
    expect(say(date).hans).toBe('第 1 条行规则（order_date from 2024-13-01）的“2024-13-01”不是以 YYYY-MM-DD 写成的日期。');
    const range = await caught(() => parseRowRules('order_date between 2024-05-01 and 2024-01-01', 'keep'));
    expect(say(range).hant).toBe('第 1 條列規則（order_date between 2024-05-01 and 2024-01-01）的日期範圍是空的（2024-05-01 > 2024-01-01）：開始日期在結束日期之後。');
  });

  it('an unknown column, a rule of the wrong shape, rules that leave nothing', async () => {
    const col = await caught(load([{ action: 'exclude', column: 'region', op: 'equals', value: 'N' }]));
    expect(say(col)).toEqual({
      en: 'Row rule 1: orders.csv has no column "region". Its columns: order_id, customer_id, order_date, amount.',
      hant: '第 1 條列規則：orders.csv 沒有「region」欄位。找到的欄位：order_id、customer_id、order_date、amount。',
      hans: '第 1 条行规则：orders.csv 没有“region”字段。找到的字段：order_id、customer_id、order_date、amount。',
    });
    const shape = await caught(load([{ action: 'exclude', column: 'order_id', op: 'starts-with' }]));
    expect(shape.detail.rowRule).toEqual({ problem: 'bad-shape', index: 0, path: '[0].value', issue: 'Invalid input: expected string, received undefined' });
    expect(shape.message).toBe('Row rule 1 is not a valid rule ([0].value: Invalid input: expected string, received undefined). A rule is { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }.');
    expect(say(shape).hans).toBe('第 1 条行规则不是有效的规则（[0].value）。规则的格式为 { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }。');
    // Row 2 starts with C; row 1 is not in 2023.
    const none = await caught(load([...parseRowRules('order_id starts-with C', 'exclude'), ...parseRowRules('order_date between 2023-01-01 and 2023-12-31', 'keep')]));
    expect(say(none)).toEqual({
      en: 'orders.csv: the row rules leave no rows ("order_id starts-with C" removes 1, "order_date between 2023-01-01 and 2023-12-31" removes 1).',
      hant: 'orders.csv：列規則排除了所有的列（各規則排除的列數：1、1）。',
      hans: 'orders.csv：行规则排除了所有的行（各规则排除的行数：1、1）。',
    });
  });
});
