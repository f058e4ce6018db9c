import type { Messages } from '../i18n/locale.js';

/** Messages of <crm-source> beyond the common ones: load phases and the load report. */
export const SOURCE_MESSAGES = {
  en: {
    phase_engine: 'Starting the analysis engine…',
    phase_fetch: 'Reading {file}…',
    phase_decode: 'Decoding text…',
    phase_load: 'Parsing rows…',
    phase_validate: 'Checking every value…',
    phase_model: 'Building the customer table…',
    bytes: '{loaded} of {total}',
    rejectedRows: '{count} rows could not be read and were left out (rows {rows}).',
    duplicates: '{count} rows repeat an earlier row exactly (rows {rows}); kept.',
    duplicatesDropped: '{count} rows repeat an earlier row exactly (rows {rows}); left out.',
    returns: '{count} returns (negative amounts) netted against revenue.',
    cancelledBy: 'Loading {file} was cancelled.',
  },
  'zh-Hant': {
    phase_engine: '正在啟動分析引擎…',
    phase_fetch: '正在讀取 {file}…',
    phase_decode: '正在解碼文字…',
    phase_load: '正在解析資料列…',
    phase_validate: '正在檢查每個值…',
    phase_model: '正在建立顧客資料表…',
    bytes: '{loaded} / {total}',
    rejectedRows: '{count} 列無法讀取，已略過（第 {rows} 列）。',
    duplicates: '{count} 列與前面的列完全相同（第 {rows} 列），已保留。',
    duplicatesDropped: '{count} 列與前面的列完全相同（第 {rows} 列），已略過。',
    returns: '{count} 筆退貨（負金額）已從營收中扣除。',
    cancelledBy: '已取消載入 {file}。',
  },
  'zh-Hans': {
    phase_engine: '正在启动分析引擎…',
    phase_fetch: '正在读取 {file}…',
    phase_decode: '正在解码文字…',
    phase_load: '正在解析数据行…',
    phase_validate: '正在检查每个值…',
    phase_model: '正在建立顾客数据表…',
    bytes: '{loaded} / {total}',
    rejectedRows: '{count} 行无法读取，已跳过（第 {rows} 行）。',
    duplicates: '{count} 行与前面的行完全相同（第 {rows} 行），已保留。',
    duplicatesDropped: '{count} 行与前面的行完全相同（第 {rows} 行），已跳过。',
    returns: '{count} 笔退货（负金额）已从营收中扣除。',
    cancelledBy: '已取消加载 {file}。',
  },
} satisfies Messages<string>;
export type SourceMessageKey = keyof (typeof SOURCE_MESSAGES)['en'];
