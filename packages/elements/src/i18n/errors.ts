import type { CrmErrorCode } from '@crmkit/core';
import type { Lang } from './locale.js';

/**
 * A one-line summary of each kind of error in Chinese, shown above the full
 * message (which names file, column, row and value) so a reader of zh-Hant or
 * zh-Hans sees at once what is wrong. English messages are complete already.
 */
const HEADLINES: Record<Exclude<Lang, 'en'>, Record<CrmErrorCode, string>> = {
  'zh-Hant': {
    'empty-file': '檔案是空的',
    'no-rows': '檔案沒有資料列',
    'not-data': '這不是資料檔',
    'html-page': '網址指向網頁，而不是資料檔',
    spreadsheet: '這是 Excel 活頁簿，請另存為 CSV',
    binary: '這不是文字（CSV）檔',
    unreadable: '檔案無法讀取',
    'fetch-failed': '檔案無法下載',
    'missing-column': '缺少必要欄位',
    'mapped-column-missing': '對應的欄位不存在',
    'unknown-mapping': '不認得的欄位對應',
    'invalid-value': '有無法讀取的值',
    'invalid-option': '設定值不正確',
    'too-large': '檔案太大',
    'out-of-memory': '瀏覽器記憶體不足',
    cancelled: '已取消載入',
    engine: '分析引擎無法啟動',
    query: '查詢失敗',
  },
  'zh-Hans': {
    'empty-file': '文件是空的',
    'no-rows': '文件没有数据行',
    'not-data': '这不是数据文件',
    'html-page': '网址指向网页，而不是数据文件',
    spreadsheet: '这是 Excel 工作簿，请另存为 CSV',
    binary: '这不是文本（CSV）文件',
    unreadable: '文件无法读取',
    'fetch-failed': '文件无法下载',
    'missing-column': '缺少必要字段',
    'mapped-column-missing': '映射的字段不存在',
    'unknown-mapping': '无法识别的字段映射',
    'invalid-value': '有无法读取的值',
    'invalid-option': '设置值不正确',
    'too-large': '文件太大',
    'out-of-memory': '浏览器内存不足',
    cancelled: '已取消加载',
    engine: '分析引擎无法启动',
    query: '查询失败',
  },
};

/** The summary for `code` in `lang`, or '' for English and unknown codes. */
export function errorHeadline(lang: Lang, code: string | undefined): string {
  if (lang === 'en' || !code) return '';
  return HEADLINES[lang][code as CrmErrorCode] ?? '';
}
