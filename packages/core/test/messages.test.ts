/**
 * The message catalogues: every code has a headline and a message in every
 * language (the compiler holds each catalogue to every code; this checks it
 * at run time too), and every message is built from the code's facts: each
 * sample's file, column, value or number appears in the English, zh-Hant and
 * zh-Hans text. One sample per shape of each code's detail.
 */
import { describe, expect, it } from 'vitest';
import { CRM_ERROR_CODES, CrmError, ERROR_CATALOGUES, errorMessage, type CrmErrorCode, type CrmErrorData, type CrmErrorDetailOf } from '@crmkit/core';

/** A detail and the facts from it that every language's message must name. */
type Sample<C extends CrmErrorCode> = [detail: CrmErrorDetailOf<C>, names: string[]];

const SAMPLES: { [C in CrmErrorCode]: Sample<C>[] } = {
  'empty-file': [
    [{ file: 'leer.csv', size: 0 }, ['leer.csv', '0']],
    [{ file: 'blank.csv' }, ['blank.csv']],
  ],
  'no-rows': [
    [{ file: 'head.csv', columns: ['kunde', 'betrag'] }, ['head.csv', 'kunde', 'betrag']],
    [{ file: 'rows.json' }, ['rows.json']],
  ],
  'not-data': [
    [{ file: 'photo.png', looksLike: 'image' }, ['photo.png']],
    [{ file: 'report.pdf', looksLike: 'pdf' }, ['report.pdf', 'PDF']],
    [{ file: 'twice.gz', looksLike: 'gzip' }, ['twice.gz', 'gzip']],
    [{ file: 'reply.json', looksLike: 'json-without-rows' }, ['reply.json', 'JSON']],
    [{ file: 'rows.ndjson', looksLike: 'row-not-object', row: 7 }, ['rows.ndjson', '7']],
  ],
  'html-page': [[{ file: 'https://example.test/login' }, ['https://example.test/login', 'HTML']]],
  spreadsheet: [[{ file: 'book.xlsx' }, ['book.xlsx', 'CSV UTF-8']]],
  binary: [[{ file: 'blob.csv' }, ['blob.csv', 'CSV']]],
  unreadable: [
    [{ encoding: 'x-klingon' }, ['x-klingon']],
    [{ file: 'long.csv', format: 'csv', reason: 'line 3 is longer than 16,777,216 bytes', line: 3, size: 20_000_000, limit: 16_777_216 }, ['long.csv', '3', '16,777,216']],
    [{ file: 'quote.csv', format: 'csv', reason: 'unterminated quote', line: 12 }, ['quote.csv', '12', 'unterminated quote']],
    [{ file: 'bad.ndjson', format: 'json', line: 4, row: 4, value: '{"a": ' }, ['bad.ndjson', '4', '{"a": ']],
    [{ file: 'x.parquet', format: 'parquet', reason: 'bad magic' }, ['x.parquet', 'bad magic']],
    [{ file: 'x.parquet', format: 'parquet', reason: 'page header', decoding: true }, ['x.parquet', 'page header']],
    [{ file: 'x.arrow', format: 'arrow', reason: 'not IPC' }, ['x.arrow', 'not IPC']],
    [{ file: 'x.csv.gz', format: 'gzip', reason: 'incorrect header check' }, ['x.csv.gz', 'incorrect header check']],
    [{ file: 'y.csv.gz', format: 'gzip', reason: 'DecompressionStream is not available', unsupported: true }, ['y.csv.gz', 'DecompressionStream']],
    [{ file: 'gone.csv', reason: 'NotFoundError' }, ['gone.csv', 'NotFoundError']],
  ],
  'fetch-failed': [
    [{ file: 'https://example.test/a.csv', status: 404, statusText: 'Not Found' }, ['https://example.test/a.csv', '404 Not Found']],
    [{ file: 'https://example.test/b.csv', reason: 'Failed to fetch' }, ['https://example.test/b.csv', 'Failed to fetch']],
    [{ file: 'https://example.test/c.csv', reason: 'network error', interrupted: true }, ['https://example.test/c.csv', 'network error']],
    [{ file: 'https://crm.example.test/v1/query', server: 'https://crm.example.test', reason: 'ECONNREFUSED' }, ['https://crm.example.test', 'ECONNREFUSED']],
    [{ file: 'https://crm.example.test/v1/query', server: 'https://crm.example.test', status: 503, statusText: 'Unavailable' }, ['503 Unavailable']],
  ],
  'missing-column': [
    [{ file: 'orders.csv', column: 'amount', missing: ['amount', 'order_date'], columns: ['Kunde', 'Betrag'], attributes: ['map-amount', 'map-order-date'] }, ['orders.csv', 'amount', 'order_date', 'Kunde', 'Betrag', 'map-amount="…"']],
    [{ column: 'cost', attributes: ['map-cost'], option: 'by', value: 'profit' }, ['by="profit"', 'map-cost']],
    [{ column: 'orders', columns: ['customer_id', 'revenue'] }, ['orders', 'customer_id', 'revenue']],
  ],
  'mapped-column-missing': [[{ file: 'orders.csv', column: 'Umsatz', columns: ['Kunde', 'Betrag'], attributes: ['map-amount'] }, ['orders.csv', 'map-amount="Umsatz"', 'Kunde', 'Betrag']]],
  'unknown-mapping': [[{ file: 'orders.csv', column: 'colour', known: ['customer_id', 'amount'] }, ['colour', 'customer_id', 'amount']]],
  'invalid-value': [
    [{ file: 'orders.csv', column: 'Betrag', row: 3, value: 'zehn', expected: 'number', count: 2, rows: [3, 9] }, ['orders.csv', 'Betrag', 'zehn', '3', '9']],
    [{ file: 'orders.csv', column: 'Datum', row: 2, value: '31/12/2024', expected: 'date', hint: { kind: 'date-format', example: '31/12/2024' } }, ['orders.csv', 'Datum', '31/12/2024', '%d/%m/%Y', '%m/%d/%Y']],
    [{ file: 'orders.csv', column: 'Betrag', row: 5, value: '219,97', expected: 'number', hint: { kind: 'decimal', example: '219,97' } }, ['orders.csv', '219,97', 'decimal=","']],
    [{ file: 'orders.csv', column: 'id', row: 4, value: '', empty: true, expected: 'id', hint: { kind: 'delimiter', delimiter: ';' } }, ['orders.csv', 'id', '4', ';']],
    [{ file: 'orders.json', column: 'customer_id', row: 1, value: '1.5', expected: 'id', idProblem: 'fraction', unskippable: true }, ['orders.json', 'customer_id', '1.5']],
    [{ file: 'customer_facts.csv', column: 'customer_id', row: 7, value: 'c42', expected: 'id', idProblem: 'duplicate', count: 2 }, ['customer_facts.csv', 'c42', '7']],
    [{ file: 'orders.csv', column: 'amount', row: 8, value: '1e16', expected: 'number', beyond: 1e15, noRowReadable: true }, ['orders.csv', 'amount', '1e16', '10^15']],
    [{ file: 'orders.csv', column: 'column 4', row: 6, value: '000', expected: 'text', headerColumns: 3 }, ['orders.csv', '000', '3']],
    [{ total: 'profit', count: 12, value: '-40' }, ['12', '-40']],
    [{ file: 'facts.parquet', column: 'revenue', count: 3, rowCount: 50 }, ['facts.parquet', 'revenue', '3', '50']],
  ],
  'invalid-option': [
    [{ option: 'by', value: 'weight', accepts: { kind: 'choice', allowed: ['revenue', 'profit'] } }, ['by', 'weight', 'revenue', 'profit']],
    [{ option: 'columns', value: 'shoe_size', accepts: { kind: 'choice', allowed: ['customer_id', 'email'], many: true } }, ['columns', 'shoe_size', 'customer_id', 'email']],
    [{ option: 'as-of', value: '2024-13-01', accepts: { kind: 'date' } }, ['as-of', '2024-13-01', 'YYYY-MM-DD']],
    [{ option: 'window', value: '0', accepts: { kind: 'days', min: 1, max: 36_500 } }, ['window', '0', '36500']],
    [{ option: 'cut', value: '1.5', accepts: { kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true } }, ['cut', '1.5']],
    [{ option: 'time-zone', value: 'Mars/Olympus', accepts: { kind: 'time-zone' } }, ['time-zone', 'Mars/Olympus', 'UTC']],
    [{ option: 'search', value: 'x'.repeat(80), accepts: { kind: 'text', max: 200 } }, ['search', '200']],
    [{ option: 'rules[0].name', value: '', accepts: { kind: 'text', min: 1, max: 60 } }, ['rules[0].name', '60']],
    [{ option: 'server', value: 'ftp://crm', accepts: { kind: 'url' } }, ['server', 'ftp://crm', 'http(s)']],
    [{ option: 'labels', value: 'Bad Name', accepts: { kind: 'column-name' } }, ['Bad Name']],
    [{ option: 'steps', value: 'visit', accepts: { kind: 'event-steps', min: 2, max: 10 } }, ['steps', 'visit', '10']],
    [{ option: 'steps', value: 'a,a', accepts: { kind: 'event-steps', min: 2, max: 10, distinct: true } }, ['steps', 'a,a', 'order="any"']],
    [{ option: 'window', value: '9y', accepts: { kind: 'duration', maxDays: 3650 } }, ['window', '9y', '3650']],
    [{ option: 'step', value: '7', accepts: { kind: 'step', min: 2, max: 4 } }, ['step', '7', '4']],
    [{ option: 'pareto-curve', value: 'gold', accepts: { kind: 'rank-range' } }, ['pareto-curve']],
    [{ option: 'encoding', value: 'ebcdic', accepts: { kind: 'load-option', issue: 'Invalid option: expected one of "utf-8"|"big5"', allowed: ['utf-8', 'big5'] } }, ['encoding', 'utf-8', 'big5']],
    [{ option: 'maxBytes', value: '-1', accepts: { kind: 'load-option', issue: 'Too small: expected number to be >0' } }, ['maxBytes', 'Too small']],
    [{ option: 'tiers', value: 'gold:5,gold', tiers: { problem: 'twice', name: 'gold' } }, ['tiers', 'gold:5,gold']],
    [{ option: 'tiers', value: 'a:60,b:40,c', tiers: { problem: 'no-rest', total: 100 } }, ['a:60,b:40,c', '100']],
    [{ option: 'thresholds', thresholds: { newDays: 30, activeDays: 400, halfAsleepDays: 180, dormantDays: 365 } }, ['400', '180', '365']],
    [{ option: 'labels', value: 'a,b', expectedForm: 'four-names' }, ['labels', 'a,b']],
    [{ option: 'compare-to', value: '2024-01-01', expectedForm: 'date-other-than-as-of' }, ['compare-to', '2024-01-01', 'as-of']],
    [{ option: 'customer-id', value: '', expectedForm: 'customer-id' }, ['customer-id', '256']],
    [{ option: 'compare-to', value: '', expectedForm: 'compare-to' }, ['compare-to', 'as-of']],
    [{ needs: { kind: 'cost' }, column: 'cost' }, ['cost-per-order', 'map-cost']],
    [{ needs: { kind: 'quantity', for: 'price' }, column: 'quantity' }, ['x="price"', 'map-quantity']],
    [{ needs: { kind: 'quantity', for: 'cost-per-unit' }, column: 'quantity' }, ['cost-per-unit', 'map-quantity']],
    [{ needs: { kind: 'customer', id: 'C-4711' }, value: 'C-4711' }, ['C-4711']],
    [{ needs: { kind: 'events' }, option: 'events' }, ['events']],
    [{ option: 'segment', value: '{"name":1}', reason: 'no-name', why: 'no name' }, []],
    [{ option: 'clauses', value: '99', reason: 'at most 16 clauses' }, ['clauses', '99', 'at most 16 clauses']],
  ],
  'too-large': [
    [{ file: 'big.csv', size: 3_000_000_000, limit: 2_000_000_000 }, ['big.csv', '3.0 GB', '2.0 GB']],
    [{ file: 'big.json', size: 600_000_000, limit: 500_000_000, format: 'json' }, ['big.json', '600.0 MB', '500.0 MB', 'JSON']],
    [{ file: 'big.csv.gz', limit: 2_000_000_000, decompressed: true, read: 90_000_000 }, ['big.csv.gz', '2.0 GB']],
    [{ file: 'big.parquet', limit: 2_000_000_000, size: 4_000_000_000, decoded: true, rowCount: 20_000_000 }, ['big.parquet', '20,000,000', '4.0 GB']],
    [{ file: 'stream.csv', limit: 2_000_000_000 }, ['stream.csv', '2.0 GB']],
  ],
  'out-of-memory': [
    [{ file: 'huge.csv', size: 1_600_000_000 }, ['huge.csv', '1.6 GB']],
    [{ context: 'huge.csv', file: 'huge.csv' }, ['huge.csv']],
    [{}, []],
  ],
  cancelled: [
    [{ file: 'orders.csv' }, ['orders.csv']],
    [{ context: 'orders.csv', file: 'orders.csv' }, ['orders.csv']],
    [{ server: 'https://crm.example.test' }, []],
  ],
  engine: [
    [{ reason: 'remote', server: 'https://crm.example.test' }, ['SQL']],
    [{ reason: 'not-remote' }, ['crmkit']],
    [{ reason: 'remote-filter' }, ['SQL']],
    [{ reason: 'page-only', server: 'https://crm.example.test', analysis: 'data-quality' }, ['<crm-source src="…">']],
    [{ reason: 'page-only', analysis: 'conversion-funnel' }, ['events="…"']],
    [{ reason: 'url' }, []],
    [{ reason: 'arrow' }, ['Arrow', 'JSON']],
    [{ reason: 'file-name', value: '../etc' }, ['../etc']],
    [{ reason: 'worker crashed', stopped: true }, ['worker crashed']],
    [{ configured: false }, ['setAssetBase(url)', 'duckdb-eh.wasm']],
    [{ reason: '404', asset: 'duckdb-eh.wasm' }, ['404', 'duckdb-eh.wasm']],
  ],
  query: [
    [{ reason: 'Binder Error: column x', context: 'orders.csv', file: 'orders.csv' }, ['orders.csv', 'Binder Error: column x']],
    [{ reason: 'Conversion Error', file: 'events.csv', during: 'events' }, ['events.csv', 'Conversion Error']],
    [{ reason: 'Invalid Input Error' }, ['Invalid Input Error']],
  ],
  'model-fit': [
    [{ model: { name: 'bgnbd', problem: 'too-few-customers', count: 12, needed: 30 } }, ['12', '30', 'BG/NBD']],
    [{ model: { name: 'bgnbd', problem: 'too-few-repeat', count: 4, needed: 10 } }, ['4', '10', 'BG/NBD']],
    [{ model: { name: 'gamma-gamma', problem: 'too-few-repeat', count: 3, needed: 10 } }, ['3', '10', 'Gamma-Gamma']],
    [{ model: { name: 'bgnbd', problem: 'no-first-purchase' } }, ['BG/NBD']],
    [{ model: { name: 'bgnbd', problem: 'no-holdout' }, value: '1999-01-01', option: 'calibration-end', first: '1997-01-01', last: '1998-06-29' }, ['calibration-end', '1997-01-01', '1998-06-29']],
    [{ model: { name: 'bgnbd', problem: 'degenerate', reason: 'r = 1e9' } }, ['r = 1e9']],
    [{ model: { name: 'gamma-gamma', problem: 'degenerate', reason: 'q = 0.5' } }, ['q = 0.5']],
  ],
  'invalid-rule': [
    [{ value: 'revenue >> 5', rule: { problem: 'bad-operator', position: 8, token: '>>' } }, ['>>', '8']],
    [{ value: 'x', rule: { problem: 'too-long', limit: 2000 } }, ['2000']],
    [{ value: '{}', rule: { problem: 'bad-shape', path: '$.all[1]', token: 'foo' } }, ['$.all[1]', 'foo']],
  ],
  'invalid-row-rule': [
    [{ rowRule: { problem: 'unknown-op', action: 'exclude', index: 1, text: 'status like x', token: 'like' } }, ['2', 'status like x', 'like']],
    [{ rowRule: { problem: 'too-many', token: '51', limit: 50 } }, ['51', '50']],
    [{ file: 'orders.csv', rowRule: { problem: 'unknown-column', index: 0, column: 'Status', columns: ['state', 'amount'] } }, ['orders.csv', 'Status', 'state', 'amount']],
    [{ file: 'orders.csv', rowRule: { problem: 'removes-all', removed: [3, 7], texts: ['state = x', 'amount = 0'] } }, ['orders.csv', '3', '7']],
    [{ rowRule: { problem: 'bad-shape', index: 2, path: '$[2].op' } }, ['3', '$[2].op']],
  ],
  'needs-transactions': [
    [{ dataset: 'warehouse', analysis: 'lifecycle-funnel' }, ['warehouse', 'lifecycle-funnel']],
    [{ dataset: 'customer_facts.csv' }, ['customer_facts.csv']],
  ],
};

const LANGS = Object.keys(ERROR_CATALOGUES) as (keyof typeof ERROR_CATALOGUES)[];
const HAN = /\p{Script=Han}/u;

describe('message catalogues', () => {
  it('hold a headline and a message for every code in every language', () => {
    expect(LANGS).toEqual(['en', 'zh-Hant', 'zh-Hans']);
    for (const lang of LANGS) {
      const c = ERROR_CATALOGUES[lang];
      expect(Object.keys(c.headline).sort()).toEqual([...CRM_ERROR_CODES].sort());
      expect(Object.keys(c.message).sort()).toEqual([...CRM_ERROR_CODES].sort());
      for (const code of CRM_ERROR_CODES) expect(c.headline[code].length, `${lang} ${code}`).toBeGreaterThan(3);
    }
    expect(Object.keys(SAMPLES).sort()).toEqual([...CRM_ERROR_CODES].sort());
  });

  it('write every message from the detail: each language names the facts, Chinese in Chinese', () => {
    let n = 0;
    for (const code of CRM_ERROR_CODES) {
      for (const [detail, names] of SAMPLES[code] as Sample<CrmErrorCode>[]) {
        const data = { code, detail } as CrmErrorData;
        const en = errorMessage('en', data);
        // CrmError's message is the English catalogue's.
        expect(new CrmError(code, detail as never).message).toBe(en);
        const hant = errorMessage('zh-Hant', data);
        const hans = errorMessage('zh-Hans', data);
        for (const [lang, text] of [['en', en], ['zh-Hant', hant], ['zh-Hans', hans]] as const) {
          expect(text.length, `${lang} ${code}`).toBeGreaterThan(10);
          expect(text, `${lang} ${code}`).not.toMatch(/(?<!are )undefined|NaN|\[object Object\]/);
          for (const fact of names) expect.soft(text, `${lang} ${code} names ${fact}`).toContain(fact);
        }
        expect.soft(hant, code).toMatch(HAN);
        expect.soft(hans, code).toMatch(HAN);
        expect.soft(en, code).not.toMatch(HAN);
        // Each script writes its own words.
        for (const w of ['数据', '字段', '设置', '加载', '请']) expect.soft(hant, hant).not.toContain(w);
        for (const w of ['資料', '欄位', '設定', '載入', '檔', '請']) expect.soft(hans, hans).not.toContain(w);
        n++;
      }
    }
    expect(n).toBeGreaterThan(90);
  });

  it('keep the English wording the loader and the widgets have always used', () => {
    const say = (data: CrmErrorData) => errorMessage('en', data);
    expect(say({ code: 'invalid-option', detail: { option: 'by', value: 'weight', accepts: { kind: 'choice', allowed: ['revenue', 'profit', 'orders'] } } })).toBe('invalid by: weight (expected one of revenue, profit, orders)');
    expect(say({ code: 'invalid-option', detail: { option: 'window', value: '0', accepts: { kind: 'days', min: 1, max: 36_500 } } })).toBe('invalid window: 0 (expected a whole number of days from 1 to 36500)');
    expect(say({ code: 'invalid-option', detail: { option: 'target', value: '2', accepts: { kind: 'number', min: 0, max: 1, exclusiveMin: true } } })).toBe('invalid target: 2 (expected a number > 0 and ≤ 1)');
    expect(say({ code: 'empty-file', detail: { file: 'a.csv', size: 0 } })).toBe('a.csv is empty (0 bytes).');
    expect(say({ code: 'cancelled', detail: { file: 'a.csv' } })).toBe('Loading a.csv was cancelled.');
  });
});
