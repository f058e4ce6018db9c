/**
 * Refused ids and an unknown time-zone in zh-Hant and zh-Hans: the errors come from the real loader
 * (Node DuckDB engine) on the corpus files and inputs built here, then localizedErrorMessage puts them
 * into words. English stays the loader's message.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CrmError, loadData, type LoadOptions } from '@crmkit/core';
import { engine } from '../../core/test/engine.js';
import { localizedErrorMessage } from '../src/i18n/errors.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/corpus/', import.meta.url));
let n = 0;

async function failure(input: Parameters<typeof loadData>[1], opts: Partial<LoadOptions> = {}): Promise<CrmError> {
  const e = await loadData(await engine(), input, { table: `idmsg${++n}`, ...opts }).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, 'must fail').toBeInstanceOf(CrmError);
  return e as CrmError;
}
const file = (f: string) => failure(new Uint8Array(readFileSync(dir + f)), { name: f });
const say = (e: CrmError) => {
  expect(localizedErrorMessage('en', e)).toBe(e.message);
  return { hant: localizedErrorMessage('zh-Hant', e), hans: localizedErrorMessage('zh-Hans', e) };
};

describe('refused ids in Chinese', () => {
  it('a number above 2^53 (JSON)', async () => {
    expect(say(await file('ids-big-number.json'))).toEqual({
      hant: 'ids-big-number.json，欄位「customer_id」，第 1 列：「9007199254740992」不能當作編號：這是大於 9007199254740991（2^53 − 1）的浮點數，末幾位數可能已和檔案中的不同。請以文字或 64 位元整數儲存編號。這個欄位共有 2 列無法讀取（前幾列：第 1、2 列）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'ids-big-number.json，字段“customer_id”，第 1 行：“9007199254740992”不能作为编号：这是大于 9007199254740991（2^53 − 1）的浮点数，最后几位数字可能已与文件中的不同。请以文本或 64 位整数存储编号。此字段共有 2 行无法读取（前几行：第 1、2 行）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
  });

  it('a fraction, true/false and a control character', async () => {
    expect(say(await file('ids-fraction.json')).hans).toBe(
      'ids-fraction.json，字段“customer_id”，第 2 行：“1.5”不能作为编号：作为编号的数字必须是整数。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    );
    expect(say(await file('ids-bool.json')).hant).toBe(
      'ids-bool.json，欄位「customer_id」，第 1 列：「false」不能當作編號：true／false 不是編號。這個欄位共有 2 列無法讀取（前幾列：第 1、2 列）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
    );
    expect(say(await file('id-control.csv'))).toEqual({
      hant: 'id-control.csv，欄位「customer_id」，第 2 列：「C\\u00072」含有控制字元，編號不能包含控制字元（通常表示匯出的檔案已損壞）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'id-control.csv，字段“customer_id”，第 2 行：“C\\u00072”含有控制字符，编号不能包含控制字符（通常表示导出的文件已损坏）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
  });

  it('a refused number in an id column that mixes text and numbers: no skip advice', async () => {
    const e = await failure([{ customer_id: 'A1', order_date: '2024-01-01', amount: 1 }, { customer_id: 2.5, order_date: '2024-01-01', amount: 1 }], { name: 'rows' });
    expect(e.message).toBe('rows, column "customer_id", row 2: "2.5" is not a usable id: a number used as an id must be a whole number. Fix the data: this column mixes text and numbers, and such a column cannot skip rows.');
    expect(say(e)).toEqual({
      hant: 'rows，欄位「customer_id」，第 2 列：「2.5」不能當作編號：當作編號的數字必須是整數。請修正資料：這個欄位混用了文字與數字，無法略過個別的列。',
      hans: 'rows，字段“customer_id”，第 2 行：“2.5”不能作为编号：作为编号的数字必须是整数。请修正数据：此字段混用了文本和数字，无法跳过个别的行。',
    });
  });
});

describe('an unknown time-zone in Chinese', () => {
  it('names the attribute and what it takes', async () => {
    const e = await failure(new TextEncoder().encode('customer_id,order_date,amount\nA,2024-01-01,1\n'), { name: 'x.csv', timeZone: 'Asia/Taipie' });
    expect(say(e)).toEqual({
      hant: '屬性 time-zone 的值「Asia/Taipie」不正確：需要時區名稱，例如 "Asia/Taipei"、"America/New_York" 或 "UTC"。',
      hans: '属性 time-zone 的值“Asia/Taipie”不正确：需要时区名称，例如 "Asia/Shanghai"、"America/New_York" 或 "UTC"。',
    });
  });
});
