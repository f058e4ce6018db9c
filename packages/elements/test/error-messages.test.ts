/**
 * Error messages in zh-Hant and zh-Hans: every error here is produced by the
 * real loader (Node DuckDB engine) on a file of the bad-input corpus
 * (test/fixtures/corpus), on a local HTTP server or on a real failure, then
 * put into words by localizedErrorMessage. English stays the loader's message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CrmError, WasmEngine, formatBytes, asCrmError, choice, costToServe, dateOption, daysOption, loadData, lifecycleSettings, matrixSettings, numberOption, parseTiers, runCustomerCard, runCustomerList, sql, toUtf8, type ColumnMapping, type Encoding, type LoadOptions } from '@crmkit/core';
import { dataset, engine } from '../../core/test/engine.js';
import { vanishingFile } from '../../core/test/vanishing-file.js';
import { refusal } from '../../core/test/refusal.js';
import { errorHeadline, localizedErrorMessage } from '../src/i18n/errors.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/corpus/', import.meta.url));
const corpus = (f: string) => new Uint8Array(readFileSync(dir + f));
let n = 0;

/** The CrmError the real loader throws for `input`. */
async function failure(input: Parameters<typeof loadData>[1], opts: Partial<LoadOptions> = {}): Promise<CrmError> {
  const e = await loadData(await engine(), input, { table: `msg${++n}`, ...opts }).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, 'must fail').toBeInstanceOf(CrmError);
  return e as CrmError;
}
const file = (f: string, opts: Partial<LoadOptions> = {}) => failure(corpus(f), { name: f, ...opts });

const said: { hant: string; hans: string }[] = [];
/** The English message unchanged, and both Chinese sentences (also from a crm-error event's flat detail). */
function say(e: CrmError) {
  expect(localizedErrorMessage('en', e)).toBe(e.message);
  const out = { hant: localizedErrorMessage('zh-Hant', e), hans: localizedErrorMessage('zh-Hans', e) };
  const event = { message: e.message, code: e.code, ...e.detail, source: 'crm-source' };
  expect(localizedErrorMessage('zh-Hant', { code: event.code, message: event.message, detail: event })).toBe(out.hant);
  said.push(out);
  return out;
}

// A local server: 404, a body cut off half-way, and a body sent without a length.
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/cut.csv') {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '100000' });
      res.write('customer_id,order_date,amount\nC1,2024-01-01,5\n');
      setTimeout(() => res.destroy(), 50);
    } else if (req.url === '/chunked.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('customer_id,order_date,amount\n');
      res.end('C1,2024-01-01,5\n'.repeat(200));
    } else {
      res.writeHead(404, 'Not Found');
      res.end('no such file');
    }
  });
  // Idle connections stay open: with the default 5 s, a slow run can send a request on a connection the server
  // is closing at that moment ("fetch failed"), a race of the test, not of the loader.
  server.keepAliveTimeout = 0;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('localizedErrorMessage on real loader errors', () => {
  it('empty-file: 0 bytes, and blank lines only', async () => {
    expect(say(await file('empty.csv'))).toEqual({
      hant: 'empty.csv 是空的（0 位元組）。請確認匯出的檔案含有資料。',
      hans: 'empty.csv 是空的（0 字节）。请确认导出的文件包含数据。',
    });
    expect(say(await file('whitespace-only.csv'))).toEqual({
      hant: 'whitespace-only.csv 是空的。請確認匯出的檔案含有資料。',
      hans: 'whitespace-only.csv 是空的。请确认导出的文件包含数据。',
    });
  });

  it('no-rows: a header only, and JS rows without a name', async () => {
    expect(say(await file('header-only.csv'))).toEqual({
      hant: 'header-only.csv 只有欄位名稱（customer_id、order_date、amount），沒有任何資料列。',
      hans: 'header-only.csv 只有字段名称（customer_id、order_date、amount），没有任何数据行。',
    });
    // The loader calls unnamed rows "the transactions".
    expect(say(await failure([]))).toEqual({ hant: '交易資料沒有任何資料列。', hans: '交易数据没有任何数据行。' });
  });

  it('not-data: an image, a JSON object, gzip, PDF, rows that are not objects', async () => {
    expect(say(await file('photo.csv'))).toEqual({
      hant: 'photo.csv 是圖片，不是資料檔。請使用 CSV、Parquet、JSON 或 Arrow 檔案。',
      hans: 'photo.csv 是图片，不是数据文件。请使用 CSV、Parquet、JSON 或 Arrow 文件。',
    });
    expect(say(await file('not-rows.json'))).toEqual({
      hant: 'not-rows.json 是 JSON，但不是資料列的清單。格式應為 [{"customer_id": …}, …] 或 {"data": [...]}。',
      hans: 'not-rows.json 是 JSON，但不是数据行的列表。格式应为 [{"customer_id": …}, …] 或 {"data": [...]}。',
    });
    // gzip is decompressed as it is read; gzip inside gzip is refused.
    expect(say(await failure(gzipSync(gzipSync(corpus('ok-basic.csv'))), { name: 'ok-basic.csv.gz.gz' }))).toEqual({
      hant: 'ok-basic.csv.gz.gz 經過兩次 gzip 壓縮（.gz 裡面還有 .gz）。請先解壓縮一次，再載入。',
      hans: 'ok-basic.csv.gz.gz 经过两次 gzip 压缩（.gz 里面还有 .gz）。请先解压缩一次，再加载。',
    });
    // A damaged gzip file (cut short), and one that decompresses past max-bytes.
    const gz = gzipSync(corpus('ok-basic.csv'));
    const cut = await failure(gz.subarray(0, gz.length - 12), { name: 'cut.csv.gz' });
    expect(cut.code).toBe('unreadable');
    expect(cut.detail.format).toBe('gzip');
    expect(say(cut).hant).toMatch(/^cut\.csv\.gz 不是可讀取的 gzip 檔（.+）。檔案可能已損壞或不完整，請重新下載或匯出。$/);
    expect(say(cut).hans).toMatch(/^cut\.csv\.gz 不是可读取的 gzip 文件（.+）。文件可能已损坏或不完整，请重新下载或导出。$/);
    const bomb = await failure(gzipSync(new Uint8Array(5_000_000).fill(0x30)), { name: 'bomb.csv.gz', maxBytes: 1_000_000 });
    expect(bomb.code).toBe('too-large');
    expect(bomb.detail).toMatchObject({ decompressed: true, limit: 1_000_000 });
    expect(say(bomb)).toEqual({
      hant: `bomb.csv.gz 解壓縮後超過這個頁面可接受的大小（${formatBytes(1_000_000)}）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。`,
      hans: `bomb.csv.gz 解压缩后超过此页面可接受的大小（${formatBytes(1_000_000)}）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。`,
    });
    expect(say(await failure(new TextEncoder().encode('%PDF-1.4\n1 0 obj\n'), { name: 'report.pdf' }))).toEqual({
      hant: 'report.pdf 是 PDF 文件，不是資料檔。請將資料匯出為 CSV。',
      hans: 'report.pdf 是 PDF 文档，不是数据文件。请将数据导出为 CSV。',
    });
    expect(say(await failure(new TextEncoder().encode('[1, 2]'), { name: 'numbers.json' }))).toEqual({
      hant: 'numbers.json：第 1 列不是帶有欄位名稱的物件。',
      hans: 'numbers.json：第 1 行不是带有字段名称的对象。',
    });
  });

  it('html-page, spreadsheet and binary', async () => {
    expect(say(await file('error-page.csv'))).toEqual({
      hant: 'error-page.csv 是網頁（HTML），不是資料。連結可能指向錯誤頁面或登入頁面，請檢查網址。',
      hans: 'error-page.csv 是网页（HTML），不是数据。链接可能指向错误页面或登录页面，请检查网址。',
    });
    expect(say(await file('workbook.csv'))).toEqual({
      hant: 'workbook.csv 是 Excel 活頁簿或 zip 壓縮檔，不是 CSV。請在 Excel 中用「另存新檔」→「CSV UTF-8」儲存，再載入那個檔案。',
      hans: 'workbook.csv 是 Excel 工作簿或 zip 压缩文件，不是 CSV。请在 Excel 中用“另存为”→“CSV UTF-8”保存，再加载那个文件。',
    });
    expect(say(await file('binary.csv'))).toEqual({
      hant: 'binary.csv 不是文字（CSV）檔：其中含有二進位資料。請使用 CSV、Parquet、JSON 或 Arrow 檔案。',
      hans: 'binary.csv 不是文本（CSV）文件：其中包含二进制数据。请使用 CSV、Parquet、JSON 或 Arrow 文件。',
    });
  });

  it('unreadable: a CSV read as Parquet, Arrow and JSON; a picked file that went away; an unknown encoding', async () => {
    expect(say(await file('ok-basic.csv', { format: 'parquet' }))).toEqual({
      hant: 'ok-basic.csv 無法當作 Parquet 檔讀取（系統訊息：parquet file invalid (footer != PAR1)）。',
      hans: 'ok-basic.csv 无法作为 Parquet 文件读取（系统信息：parquet file invalid (footer != PAR1)）。',
    });
    const arrow = await file('ok-basic.csv', { format: 'arrow' });
    expect(say(arrow)).toEqual({
      hant: `ok-basic.csv 不是可讀取的 Arrow IPC 檔（系統訊息：${arrow.detail.reason}）。`,
      hans: `ok-basic.csv 不是可读取的 Arrow IPC 文件（系统信息：${arrow.detail.reason}）。`,
    });
    expect(arrow.detail.reason).toMatch(/metadata bytes/);
    expect(say(await file('ok-basic.csv', { format: 'json' }))).toEqual({
      hant: 'ok-basic.csv 不是有效的 JSON：第 1 行無法讀取（「customer_id,order_date,amount」）。',
      hans: 'ok-basic.csv 不是有效的 JSON：第 1 行无法读取（“customer_id,order_date,amount”）。',
    });
    expect(say(await failure(vanishingFile(corpus('ok-basic.csv'), 'gone.csv')))).toEqual({
      hant: '無法讀取 gone.csv（系統訊息：The requested file could not be read）。請重新選擇檔案；如果檔案很大，請匯出較小的檔案（較少月份或欄位）。',
      hans: '无法读取 gone.csv（系统信息：The requested file could not be read）。请重新选择文件；如果文件很大，请导出较小的文件（较少的月份或字段）。',
    });
    let enc: unknown;
    try {
      toUtf8(corpus('big5.csv'), 'ebcdic' as Encoding);
    } catch (e) {
      enc = e;
    }
    expect(enc).toBeInstanceOf(CrmError);
    expect(say(enc as CrmError)).toEqual({ hant: '這個瀏覽器無法解碼「ebcdic」文字編碼。', hans: '此浏览器无法解码“ebcdic”文本编码。' });
    // DuckDB's CSV reader accepts every corpus file; this is the loader's message for one it refuses.
    const csv = new CrmError('unreadable', 'x.csv could not be read as CSV near line 7: Value with unterminated quote found.', {
      file: 'x.csv',
      row: 6,
      format: 'csv',
      reason: 'Value with unterminated quote found.',
      line: 7,
    });
    expect(say(csv)).toEqual({
      hant: 'x.csv 無法以 CSV 格式讀取（第 7 行附近）。系統訊息：Value with unterminated quote found.',
      hans: 'x.csv 无法按 CSV 格式读取（第 7 行附近）。系统信息：Value with unterminated quote found.',
    });
  });

  it('fetch-failed: HTTP 404, a refused connection, a download cut off', async () => {
    expect(say(await failure(`${base}/does-not-exist.csv`))).toEqual({
      hant: '無法下載 does-not-exist.csv：伺服器回應 404 Not Found。',
      hans: '无法下载 does-not-exist.csv：服务器返回 404 Not Found。',
    });
    const refused = await failure('http://127.0.0.1:1/orders.csv');
    expect(say(refused)).toEqual({
      hant: `無法下載 orders.csv（系統訊息：${refused.detail.reason}）。請檢查網址，並確認伺服器允許這個頁面讀取它。`,
      hans: `无法下载 orders.csv（系统信息：${refused.detail.reason}）。请检查网址，并确认服务器允许此页面读取它。`,
    });
    const cut = await failure(`${base}/cut.csv`);
    expect(cut.detail.interrupted).toBe(true);
    expect(say(cut)).toEqual({
      hant: `cut.csv 下載到一半中斷了（系統訊息：${cut.detail.reason}）。`,
      hans: `cut.csv 下载到一半中断了（系统信息：${cut.detail.reason}）。`,
    });
  });

  it('missing-column: one, two, and a hostile header listed as text', async () => {
    expect(say(await file('missing-amount.csv'))).toEqual({
      hant: 'missing-amount.csv 沒有「amount」欄位。找到的欄位：「customer_id」、「order_date」。請重新命名欄位，或設定對應，例如 map-amount="…"。',
      hans: 'missing-amount.csv 没有“amount”字段。找到的字段：“customer_id”、“order_date”。请重命名字段，或设置映射，例如 map-amount="…"。',
    });
    expect(say(await file('missing-date-and-amount.csv'))).toEqual({
      hant: 'missing-date-and-amount.csv 沒有「order_date」或「amount」欄位。找到的欄位：「customer_id」、「product」。請重新命名欄位，或設定對應，例如 map-order-date="…" map-amount="…"。',
      hans: 'missing-date-and-amount.csv 没有“order_date”或“amount”字段。找到的字段：“customer_id”、“product”。请重命名字段，或设置映射，例如 map-order-date="…" map-amount="…"。',
    });
    expect(say(await file('sql-header.csv'))).toEqual({
      hant: 'sql-header.csv 沒有「amount」欄位。找到的欄位：「customer_id」、「order_date」、「x"; DROP TABLE t; --」。請重新命名欄位，或設定對應，例如 map-amount="…"。',
      hans: 'sql-header.csv 没有“amount”字段。找到的字段：“customer_id”、“order_date”、“x"; DROP TABLE t; --”。请重命名字段，或设置映射，例如 map-amount="…"。',
    });
  });

  it('mapped-column-missing and unknown-mapping', async () => {
    expect(say(await file('ok-basic.csv', { mapping: { amount: 'Total' } }))).toEqual({
      hant: '對應設定 map-amount="Total" 指定的欄位，ok-basic.csv 裡沒有。找到的欄位：「customer_id」、「order_date」、「amount」。請把 map-amount 設為其中一個欄位名稱。',
      hans: '映射设置 map-amount="Total" 指定的字段，ok-basic.csv 中没有。找到的字段：“customer_id”、“order_date”、“amount”。请把 map-amount 设为其中一个字段名称。',
    });
    expect(say(await file('ok-basic.csv', { mapping: { revenue: 'amount' } as ColumnMapping }))).toEqual({
      hant: '「revenue」不是 crmkit 的欄位。可用的欄位：customer_id、order_date、amount、order_id、quantity、unit_price、product、channel、cost。',
      hans: '“revenue”不是 crmkit 的字段。可用的字段：customer_id、order_date、amount、order_id、quantity、unit_price、product、channel、cost。',
    });
  });

  it('invalid-value: a value past the header\'s columns (an unquoted 1,000)', async () => {
    const e = await file('unquoted-thousands.csv');
    expect(e.detail).toMatchObject({ column: 'column3', row: 2, value: '000', headerColumns: 3, rows: [2] });
    expect(say(e)).toEqual({
      hant: 'unquoted-thousands.csv，欄位「column3」，第 2 列：「000」位於標題列的 3 個欄位之後：這一列的欄位比標題列多（含有分隔符號的值需要加上引號）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'unquoted-thousands.csv，字段“column3”，第 2 行：“000”位于标题行的 3 个字段之后：这一行的字段比标题行多（包含分隔符的值需要加上引号）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
  });

  it('unreadable: a CSV line longer than the reader takes, with its number and length', async () => {
    const e = await file('long-line.csv');
    expect(e.detail).toMatchObject({ file: 'long-line.csv', format: 'csv', line: 3002, size: 2_100_015, limit: 2_000_000 });
    expect(say(e)).toEqual({
      hant: 'long-line.csv 無法以 CSV 格式讀取：第 3002 行長 2,100,015 位元組，CSV 每行最多 2,000,000 位元組。請確認檔案是 CSV 匯出檔，而不是一個非常長的值。',
      hans: 'long-line.csv 无法按 CSV 格式读取：第 3002 行长 2,100,015 字节，CSV 每行最多 2,000,000 字节。请确认文件是 CSV 导出文件，而不是一个非常长的值。',
    });
  });

  it('invalid-value: not a number (first rows), day-first dates (date-format), another delimiter, empty cells, no row readable', async () => {
    expect(say(await file('amount-text.csv'))).toEqual({
      hant: 'amount-text.csv，欄位「amount」，第 2 列：「ten」不是數字。這個欄位共有 2 列無法讀取（前幾列：第 2、4 列）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'amount-text.csv，字段“amount”，第 2 行：“ten”不是数字。此字段共有 2 行无法读取（前几行：第 2、4 行）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
    const dmy = await file('date-dmy.csv');
    expect(dmy.detail.hint).toEqual({ kind: 'date-format', example: '05/01/2024' });
    expect(say(dmy)).toEqual({
      hant: 'date-dmy.csv，欄位「order_date」，第 1 列：「05/01/2024」不是日期。這個欄位共有 2 列無法讀取（前幾列：第 1、2 列）。像「05/01/2024」這樣的日期需要設定 date-format="%d/%m/%Y"（日在前）或 "%m/%d/%Y"（月在前）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'date-dmy.csv，字段“order_date”，第 1 行：“05/01/2024”不是日期。此字段共有 2 行无法读取（前几行：第 1、2 行）。像“05/01/2024”这样的日期需要设置 date-format="%d/%m/%Y"（日在前）或 "%m/%d/%Y"（月在前）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
    const mixed = await file('mixed-delimiters.csv');
    expect(mixed.detail.hint).toEqual({ kind: 'delimiter', delimiter: ';' });
    expect(say(mixed)).toEqual({
      hant: 'mixed-delimiters.csv，欄位「order_date」，第 2 列：儲存格是空的。第 2 列似乎使用了和標題列不同的分隔符號（「;」）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'mixed-delimiters.csv，字段“order_date”，第 2 行：单元格为空。第 2 行似乎使用了与标题行不同的分隔符（“;”）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
    expect(say(await file('date-empty.csv'))).toEqual({
      hant: 'date-empty.csv，欄位「order_date」，第 2 列：儲存格是空的。這個欄位共有 2 列無法讀取（前幾列：第 2、4 列）。請修正檔案，或設定 on-invalid="skip" 以載入其他列。',
      hans: 'date-empty.csv，字段“order_date”，第 2 行：单元格为空。此字段共有 2 行无法读取（前几行：第 2、4 行）。请修正文件，或设置 on-invalid="skip" 以加载其他行。',
    });
    expect(say(await file('date-not-dates.csv', { onInvalid: 'skip' }))).toEqual({
      hant: 'date-not-dates.csv：沒有任何一列可以讀取。欄位「order_date」，第 1 列：「yesterday」不是日期。',
      hans: 'date-not-dates.csv：没有任何一行可以读取。字段“order_date”，第 1 行：“yesterday”不是日期。',
    });
  });

  it('too-large: a known size, and a download without a length', async () => {
    // long-strings.csv is 102,077 bytes: 103 kB (rounded up, as the English message does) against 50 kB.
    expect(say(await file('long-strings.csv', { maxBytes: 50_000 }))).toEqual({
      hant: 'long-strings.csv（103 kB）超過這個頁面可接受的大小（50 kB）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。',
      hans: 'long-strings.csv（103 kB）超过此页面可接受的大小（50 kB）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。',
    });
    expect(say(await failure(`${base}/chunked.csv`, { maxBytes: 1000 }))).toEqual({
      hant: 'chunked.csv 超過這個頁面可接受的大小（1 kB）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。',
      hans: 'chunked.csv 超过此页面可接受的大小（1 kB）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。',
    });
  });

  it('too-large: JSON above a quarter of max-bytes', async () => {
    const json = new TextEncoder().encode(JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ customer_id: `C${i}`, order_date: '2024-01-01', amount: i }))));
    const e = await failure(json, { name: 'orders.json', maxBytes: json.byteLength * 2 });
    const size = formatBytes(json.byteLength);
    const limit = formatBytes(Math.floor(json.byteLength / 2));
    expect(say(e)).toEqual({
      hant: `orders.json（${size}）超過這個頁面可讀取的 JSON 大小（${limit}）：讀取 JSON 需要檔案數倍大小的記憶體。請改匯出 CSV 或 Parquet，或較小的檔案。`,
      hans: `orders.json（${size}）超过此页面可读取的 JSON 大小（${limit}）：读取 JSON 需要文件数倍大小的内存。请改为导出 CSV 或 Parquet，或较小的文件。`,
    });
  });

  it('too-large: a Parquet file that would decode to more than the page accepts', async () => {
    // 20,000 rows of one repeated order: a few kB compressed, about 0.6 MB once decoded.
    const n = 20_000;
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'customer_id', data: Array.from({ length: n }, () => 'C1'), type: 'STRING' },
          { name: 'order_date', data: Array.from({ length: n }, () => new Date('2024-01-05T00:00:00Z')), type: 'TIMESTAMP' },
          { name: 'amount', data: new Float64Array(n).fill(5), type: 'DOUBLE' },
        ],
      }),
    );
    const e = await failure(bytes, { name: 'orders.parquet', maxBytes: bytes.byteLength + 1 });
    expect(e.detail).toMatchObject({ decoded: true, rowCount: n });
    const size = formatBytes(e.detail.size!);
    const limit = formatBytes(bytes.byteLength + 1);
    expect(say(e)).toEqual({
      hant: `orders.parquet 有 20,000 列，解碼後約 ${size}，超過這個頁面可接受的大小（${limit}）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。`,
      hans: `orders.parquet 有 20,000 行，解码后约 ${size}，超过此页面可接受的大小（${limit}）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。`,
    });
  });

  it('out-of-memory: a real allocation failure, for a file, without context and while exporting', () => {
    let caught: unknown;
    try {
      new ArrayBuffer(Number.MAX_SAFE_INTEGER);
    } catch (e) {
      caught = e;
    }
    expect(say(asCrmError(caught, 'huge.csv', { file: 'huge.csv' }))).toEqual({
      hant: 'huge.csv：資料太大，這個瀏覽器分頁的記憶體容納不下。請使用較小的檔案或較少的欄位。',
      hans: 'huge.csv：数据太大，此浏览器标签页的内存容纳不下。请使用较小的文件或较少的字段。',
    });
    expect(say(asCrmError(caught))).toEqual({
      hant: '資料太大，這個瀏覽器分頁的記憶體容納不下。請使用較小的檔案或較少的欄位。',
      hans: '数据太大，此浏览器标签页的内存容纳不下。请使用较小的文件或较少的字段。',
    });
    expect(say(asCrmError(caught, 'Export'))).toEqual({
      hant: '匯出：資料太大，這個瀏覽器分頁的記憶體容納不下。請使用較小的檔案或較少的欄位。',
      hans: '导出：数据太大，此浏览器标签页的内存容纳不下。请使用较小的文件或较少的字段。',
    });
  });

  it('cancelled: a load stopped by its signal', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(say(await file('ok-basic.csv', { signal: ac.signal }))).toEqual({ hant: '已取消載入 ok-basic.csv。', hans: '已取消加载 ok-basic.csv。' });
  });

  it('engine: no engine files configured', async () => {
    const e = await WasmEngine.create().then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CrmError);
    expect((e as CrmError).code).toBe('engine');
    expect(say(e as CrmError)).toEqual({
      hant: '分析引擎（DuckDB）的檔案尚未設定。請匯入 "crmkit"（套件內附這些檔案，並會自動找到），或呼叫 setAssetBase(url) 指定存放 duckdb-eh.wasm 與 duckdb-browser-eh.worker.js 的資料夾。',
      hans: '分析引擎（DuckDB）的文件尚未设置。请导入 "crmkit"（包内附带这些文件，并会自动找到），或调用 setAssetBase(url) 指定存放 duckdb-eh.wasm 和 duckdb-browser-eh.worker.js 的文件夹。',
    });
    const start = new CrmError('engine', 'crmkit: the DuckDB engine could not start (the worker script /x.js could not be loaded). Check that /d/duckdb-eh.wasm is served.', {
      reason: 'the worker script /x.js could not be loaded',
      asset: '/d/duckdb-eh.wasm',
    });
    expect(say(start)).toEqual({
      hant: 'DuckDB 分析引擎無法啟動（系統訊息：the worker script /x.js could not be loaded）。請確認伺服器有提供 /d/duckdb-eh.wasm。',
      hans: 'DuckDB 分析引擎无法启动（系统信息：the worker script /x.js could not be loaded）。请确认服务器提供了 /d/duckdb-eh.wasm。',
    });
  });

  it('invalid-option: the attribute, the value and what it takes', () => {
    expect(say(refusal(() => dateOption('31/12/2024', 'as-of')))).toEqual({
      hant: '屬性 as-of 的值「31/12/2024」不正確：需要 YYYY-MM-DD 格式的日期，例如 2024-03-31。',
      hans: '属性 as-of 的值“31/12/2024”不正确：需要 YYYY-MM-DD 格式的日期，例如 2024-03-31。',
    });
    expect(say(refusal(() => choice('margin', 'by', ['revenue', 'profit', 'orders'] as const)))).toEqual({
      hant: '屬性 by 的值「margin」不正確：需要下列其中之一：「revenue」、「profit」或「orders」。',
      hans: '属性 by 的值“margin”不正确：需要下列其中之一：“revenue”、“profit”或“orders”。',
    });
    expect(say(refusal(() => daysOption('0', 'new-days')))).toEqual({
      hant: '屬性 new-days 的值「0」不正確：需要 1 到 36500 之間的整數天數。',
      hans: '属性 new-days 的值“0”不正确：需要 1 到 36500 之间的整数天数。',
    });
    expect(say(refusal(() => numberOption('1.5', 'cut', { min: 0, max: 1, exclusiveMin: true })))).toEqual({
      hant: '屬性 cut 的值「1.5」不正確：需要數字（大於 0，至多 1）。',
      hans: '属性 cut 的值“1.5”不正确：需要数字（大于 0，至多 1）。',
    });
    expect(say(refusal(() => numberOption('2.5', 'points', { min: 2, integer: true })))).toEqual({
      hant: '屬性 points 的值「2.5」不正確：需要整數（至少 2）。',
      hans: '属性 points 的值“2.5”不正确：需要整数（至少 2）。',
    });
  });

  it('invalid-option: data an analysis needs and the input lacks (cost, quantity, the customer)', async () => {
    const noCost = { fields: new Set(['customer_id', 'order_date', 'amount']) };
    expect(say(refusal(() => costToServe(noCost, {})))).toEqual({
      hant: '服務成本未知：資料沒有成本欄位。請在元件上設定 cost-per-order（或 cost-per-unit），例如 cost-per-order="5"，或在 <crm-source> 上對應成本欄位（map-cost="…"）。',
      hans: '服务成本未知：数据没有成本字段。请在组件上设置 cost-per-order（或 cost-per-unit），例如 cost-per-order="5"，或在 <crm-source> 上映射成本字段（map-cost="…"）。',
    });
    expect(say(refusal(() => costToServe(noCost, { costPerUnit: 2 })))).toEqual({
      hant: 'cost-per-unit 需要數量欄位，但資料沒有：請在 <crm-source> 上對應一個（map-quantity="…"），或改用 cost-per-order。',
      hans: 'cost-per-unit 需要数量字段，但数据没有：请在 <crm-source> 上映射一个（map-quantity="…"），或改用 cost-per-order。',
    });
    expect(say(refusal(() => matrixSettings(noCost, { x: 'price', costPerOrder: 5 })))).toEqual({
      hant: 'x="price"（平均實收單價）需要數量欄位，但資料沒有：請在 <crm-source> 上對應一個（map-quantity="…"），或改用 x="revenue"。',
      hans: 'x="price"（平均实收单价）需要数量字段，但数据没有：请在 <crm-source> 上映射一个（map-quantity="…"），或改用 x="revenue"。',
    });
    const ds = await dataset([{ customer_id: 'C1', order_date: '2024-01-01', amount: 5 }]);
    const missing = await runCustomerCard(ds, '王小明').then(
      () => undefined,
      (e: unknown) => e as CrmError,
    );
    expect(missing!.message).toBe('No customer has the id "王小明" in this data.');
    const empty = await runCustomerCard(ds, ' ').then(
      () => undefined,
      (e: unknown) => e as CrmError,
    );
    expect(empty!.message).toBe('invalid customer-id:   (expected a customer id of 1 to 256 characters)');
    expect(say(empty!)).toEqual({
      hant: '屬性 customer-id 的值「 」不正確：需要 1 到 256 個字元的顧客編號。',
      hans: '属性 customer-id 的值“ ”不正确：需要 1 到 256 个字符的顾客编号。',
    });
    const pageSize = await runCustomerList(ds, { pageSize: 1000 }).then(
      () => undefined,
      (e: unknown) => e as CrmError,
    );
    expect(say(pageSize!)).toEqual({
      hant: '屬性 page-size 的值「1000」不正確：需要整數（至少 1，至多 500）。',
      hans: '属性 page-size 的值“1000”不正确：需要整数（至少 1，至多 500）。',
    });
    expect(say(missing!)).toEqual({ hant: '這份資料中沒有編號為「王小明」的顧客。', hans: '这份数据中没有编号为“王小明”的顾客。' });
  });

  it('invalid-option: what is wrong with a tiers list, in the tier names people write', () => {
    const refused = (text: string) => refusal(() => parseTiers(text));
    const example = {
      hant: '正確的寫法例如 "diamond:5,gold:15,regular"：由上而下寫出每個等級的名稱與百分比，最後一個等級不寫百分比，包含其餘顧客。',
      hans: '正确的写法例如 "diamond:5,gold:15,regular"：从上到下写出每个等级的名称和百分比，最后一个等级不写百分比，包含其余顾客。',
    };
    expect(say(refused('鑽石:5,黃金:15,一般:80'))).toEqual({
      hant: `屬性 tiers 的值「鑽石:5,黃金:15,一般:80」不正確：最後一個等級（「一般」）包含其餘顧客，不要給它百分比。${example.hant}`,
      hans: `属性 tiers 的值“鑽石:5,黃金:15,一般:80”不正确：最后一个等级（“一般”）包含其余顾客，不要给它百分比。${example.hans}`,
    });
    expect(say(refused('鑽石:60,黃金:40,一般'))).toEqual({
      hant: `屬性 tiers 的值「鑽石:60,黃金:40,一般」不正確：百分比加起來是 100%，最後一個等級沒有顧客了。${example.hant}`,
      hans: `属性 tiers 的值“鑽石:60,黃金:40,一般”不正确：百分比加起来是 100%，最后一个等级没有顾客了。${example.hans}`,
    });
    expect(say(refused('gold:abc,regular'))).toEqual({
      hant: `屬性 tiers 的值「gold:abc,regular」不正確：「abc」（「gold」的）不是大於 0 的百分比。${example.hant}`,
      hans: `属性 tiers 的值“gold:abc,regular”不正确：“abc”（“gold”的）不是大于 0 的百分比。${example.hans}`,
    });
    expect(say(refused('gold'))).toEqual({
      hant: `屬性 tiers 的值「gold」不正確：至少需要兩個等級。${example.hant}`,
      hans: `属性 tiers 的值“gold”不正确：至少需要两个等级。${example.hans}`,
    });
    expect(say(refused('gold:5,gold'))).toEqual({
      hant: `屬性 tiers 的值「gold:5,gold」不正確：「gold」出現了兩次。${example.hant}`,
      hans: `属性 tiers 的值“gold:5,gold”不正确：“gold”出现了两次。${example.hans}`,
    });
  });

  it('invalid-option: lifecycle thresholds out of order, compare-to equal to as-of', () => {
    const ds = { asOf: '1998-07-01' };
    expect(say(refusal(() => lifecycleSettings(ds, { activeDays: 400 })))).toEqual({
      hant: '生命週期的天數門檻順序不正確（new-days 30、active-days 400、half-asleep-days 180、dormant-days 365）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。',
      hans: '生命周期的天数门槛顺序不正确（new-days 30、active-days 400、half-asleep-days 180、dormant-days 365）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。',
    });
    expect(say(refusal(() => lifecycleSettings(ds, { compareTo: '1998-07-01' })))).toEqual({
      hant: '屬性 compare-to 的值「1998-07-01」不正確：需要與 as-of 不同的日期（這個日期就是 as-of，請選另一個日期來比較）。',
      hans: '属性 compare-to 的值“1998-07-01”不正确：需要与 as-of 不同的日期（这个日期就是 as-of，请选另一个日期来比较）。',
    });
  });

  it('options the loader refuses, engine queries and details short of facts are in Chinese too, from the detail alone', async () => {
    const option = await file('ok-basic.csv', { encoding: 'ebcdic' as Encoding });
    expect(option.code).toBe('invalid-option');
    expect(option.detail).toMatchObject({ option: 'encoding', value: 'ebcdic', accepts: { kind: 'load-option' } });
    expect(option.message).toMatch(/^Invalid load option: encoding: /);
    const opt = say(option);
    expect(opt.hant).toMatch(/^屬性 encoding 的值「ebcdic」不正確：需要下列其中之一：/);
    expect(opt.hans).toMatch(/^属性 encoding 的值“ebcdic”不正确：需要下列其中之一：/);
    const query = await (await engine()).query(sql`SELECT * FROM no_such_table`).then(
      () => undefined,
      (e: unknown) => asCrmError(e, 'orders.csv', { file: 'orders.csv' }),
    );
    expect(query?.code).toBe('query');
    const q = say(query!);
    expect(q.hant.startsWith('orders.csv：查詢失敗（系統訊息：Catalog Error: Table with name no_such_table does not exist!')).toBe(true);
    expect(q.hans.startsWith('orders.csv：查询失败（系统信息：Catalog Error: Table with name no_such_table does not exist!')).toBe(true);
    // A detail without the column list still names the file and the column.
    expect(say(new CrmError('missing-column', 'orders.csv has no "amount" column.', { file: 'orders.csv', column: 'amount' }))).toEqual({
      hant: 'orders.csv 沒有「amount」欄位。找到的欄位：（無）。',
      hans: 'orders.csv 没有“amount”字段。找到的字段：（无）。',
    });
  });

  it('each script keeps its own words, and every code has a headline', () => {
    expect(said.length).toBeGreaterThan(30);
    for (const { hant, hans } of said) {
      for (const w of ['数据', '字段', '设置', '加载', '文件夹', '检查', '请']) expect(hant, hant).not.toContain(w);
      for (const w of ['資料', '欄位', '設定', '載入', '檔', '檢查', '請']) expect(hans, hans).not.toContain(w);
    }
    for (const code of ['empty-file', 'no-rows', 'not-data', 'html-page', 'spreadsheet', 'binary', 'unreadable', 'fetch-failed', 'missing-column', 'mapped-column-missing', 'unknown-mapping', 'invalid-value', 'too-large', 'out-of-memory', 'cancelled', 'engine']) {
      expect(errorHeadline('zh-Hant', code)).not.toBe('');
      expect(errorHeadline('zh-Hans', code)).not.toBe('');
    }
  });
});
