import { formatBytes, type CrmErrorCode, type CrmErrorDetail, type IdProblem } from '@crmkit/core';
import type { Lang } from './locale.js';
import { ruleSentence } from '../tags/rule-errors.js';
import { rowRuleSentence } from './row-rules.js';

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
    engine: '分析引擎無法使用',
    query: '查詢失敗',
    'model-fit': '資料不足以建立潛在價值模型',
    'invalid-rule': '標籤規則不正確',
    'invalid-row-rule': '列規則不正確',
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
    engine: '分析引擎无法使用',
    query: '查询失败',
    'model-fit': '数据不足以建立潜在价值模型',
    'invalid-rule': '标签规则不正确',
    'invalid-row-rule': '行规则不正确',
  },
};

/** The summary for `code` in `lang`, or '' for English and unknown codes. */
export function errorHeadline(lang: Lang, code: string | undefined): string {
  if (lang === 'en' || !code) return '';
  return HEADLINES[lang][code as CrmErrorCode] ?? '';
}

/** What `localizedErrorMessage` needs: a CrmError, or a `crm-error` event's detail (its facts at the top level). */
export interface ErrorLike {
  code?: string;
  message: string;
  detail?: CrmErrorDetail;
}

type Zh = Exclude<Lang, 'en'>;

const HAN = /\p{Script=Han}/u;
const LATIN = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\x21-\x7e]/u;
const first = (s: string) => /^./su.exec(s)?.[0] ?? '';
const last = (s: string) => /.$/su.exec(s)?.[0] ?? '';
/** A space between a Chinese character and Latin text or digits (as in "第 2 列", "photo.csv 是圖片"). */
const gap = (a: string, b: string) => ((HAN.test(a) && LATIN.test(b)) || (LATIN.test(a) && HAN.test(b)) ? ' ' : '');

/**
 * A Chinese sentence with facts (file, column, value, numbers) put in as they
 * are; only a space is added where a fact meets a Chinese character.
 */
function zh(strings: TemplateStringsArray, ...facts: (string | number)[]): string {
  let out = strings[0];
  facts.forEach((f, i) => {
    const s = String(f);
    if (s) out += gap(last(out), first(s)) + s;
    const next = strings[i + 1];
    out += gap(last(out), first(next)) + next;
  });
  return out;
}

/** Words and punctuation that differ between the two scripts. */
interface Vocabulary {
  q: (s: string) => string;
  list: (items: readonly string[]) => string;
  /** "a", "b" or "c" */
  or: (items: readonly string[]) => string;
  /** Names the loader uses when the input has no file name. */
  unnamed: Record<string, string>;
  none: string;
  more: (n: number) => string;
  rows: (rows: readonly number[]) => string;
  system: (reason: string) => string;
}

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s);

const VOCAB: Record<Zh, Vocabulary> = {
  'zh-Hant': {
    q: (s) => `「${s}」`,
    list: (items) => items.join('、'),
    or: (items) => (items.length > 1 ? `${items.slice(0, -1).join('、')}或${items[items.length - 1]}` : items.join('')),
    unnamed: { 'the transactions': '交易資料', 'the customers': '顧客資料', 'the data': '資料' },
    none: '（無）',
    more: (n) => zh`，另有${n}個`,
    rows: (rows) => zh`第${rows.join('、')}列`,
    system: (reason) => `系統訊息：${reason}`,
  },
  'zh-Hans': {
    q: (s) => `“${s}”`,
    list: (items) => items.join('、'),
    or: (items) => (items.length > 1 ? `${items.slice(0, -1).join('、')}或${items[items.length - 1]}` : items.join('')),
    unnamed: { 'the transactions': '交易数据', 'the customers': '顾客数据', 'the data': '数据' },
    none: '（无）',
    more: (n) => zh`，另有${n}个`,
    rows: (rows) => zh`第${rows.join('、')}行`,
    system: (reason) => `系统信息：${reason}`,
  },
};

/** The input's column names as the loader lists them: the first 12, each cut at 40 characters. */
function headerList(v: Vocabulary, headers: readonly string[]): string {
  if (headers.length === 0) return v.none;
  const shown = v.list(headers.slice(0, 12).map((h) => v.q(clip(h, 40))));
  return shown + (headers.length > 12 ? v.more(headers.length - 12) : '');
}

/** Returns the sentence, or undefined when the facts it needs are missing. */
type Sentence = (d: CrmErrorDetail, f: string, v: Vocabulary) => string | undefined;

/** invalid-option in either script: "屬性 X 的值「v」不正確：需要 …。" */
function optionSentence(d: CrmErrorDetail, v: Vocabulary, t: OptionWords): string | undefined {
  /** "屬性 X 的值「v」不正確：" */
  const refused = (option: string, value: string) => zh`${t.attribute}${option}${t.valueOf}${v.q(clip(value, 60))}${t.wrong}`;
  if (d.thresholds) {
    const h = d.thresholds;
    return t.thresholds(h.newDays, h.activeDays, h.halfAsleepDays, h.dormantDays);
  }
  if (d.expectedForm && d.option && d.value !== undefined) {
    const need = d.expectedForm === 'four-names' ? t.fourNames : d.expectedForm === 'customer-id' ? t.customerId : t.otherDate;
    return zh`${refused(d.option, d.value)}${t.need}${need}。`;
  }
  if (d.tiers && d.value !== undefined) {
    const x = d.tiers;
    const w = t.tiers;
    let why: string;
    switch (x.problem) {
      case 'too-few':
        why = w.tooFew;
        break;
      case 'no-name':
        why = w.noName(x.tier);
        break;
      case 'no-rest':
        why = w.noRest(x.total);
        break;
      case 'not-a-percentage':
        why = w.notPercentage(v.q(x.percent), v.q(x.name));
        break;
      case 'decimals':
        why = w.decimals(x.percent, v.q(x.name));
        break;
      case 'bad-name':
        why = w.badName(v.q(x.name));
        break;
      case 'twice':
        why = w.twice(v.q(x.name));
        break;
      case 'last-has-percentage':
        why = w.lastHasPercentage(v.q(x.name));
        break;
      case 'no-percentage':
        why = w.noPercentage(v.q(x.name), x.name);
        break;
    }
    return zh`${refused('tiers', d.value)}${why}${t.tiers.example}`;
  }
  if (d.needs) {
    const n = d.needs;
    if (n.kind === 'customer') return t.noCustomer(v.q(clip(n.id, 60)));
    if (n.kind === 'cost') return t.noCost;
    return n.for === 'price' ? t.noQuantityForPrice : t.noQuantityForUnitCost;
  }
  const a = d.accepts;
  if (!d.option || d.value === undefined || !a) return undefined;
  let need: string;
  switch (a.kind) {
    case 'choice':
      need = zh`${t.oneOf}${v.or(a.allowed.map((x) => v.q(x)))}`;
      break;
    case 'date':
      need = t.date;
      break;
    case 'days':
      need = zh`${t.days(a.min, a.max)}`;
      break;
    case 'time-zone':
      need = t.timeZone;
      break;
    case 'number': {
      const range = [
        a.min !== undefined ? (a.exclusiveMin ? zh`${t.above}${a.min}` : zh`${t.atLeast}${a.min}`) : '',
        a.max !== undefined ? zh`${t.atMost}${a.max}` : '',
      ].filter(Boolean);
      need = zh`${a.integer ? t.integer : t.number}${range.length ? zh`（${range.join(t.and)}）` : ''}`;
      break;
    }
  }
  return zh`${refused(d.option, d.value)}${t.need}${need}。`;
}

interface TierWords {
  tooFew: string;
  noName: (n: number) => string;
  badName: (name: string) => string;
  twice: (name: string) => string;
  lastHasPercentage: (name: string) => string;
  noPercentage: (name: string, raw: string) => string;
  notPercentage: (value: string, name: string) => string;
  decimals: (value: string, name: string) => string;
  noRest: (total: number) => string;
  example: string;
}

interface OptionWords {
  tiers: TierWords;
  thresholds: (n: number, a: number, h: number, d: number) => string;
  fourNames: string;
  otherDate: string;
  customerId: string;
  noCustomer: (id: string) => string;
  noCost: string;
  noQuantityForUnitCost: string;
  noQuantityForPrice: string;
  attribute: string;
  valueOf: string;
  wrong: string;
  need: string;
  oneOf: string;
  date: string;
  days: (min: number, max: number) => string;
  timeZone: string;
  number: string;
  integer: string;
  above: string;
  atLeast: string;
  atMost: string;
  and: string;
}

const OPTION_WORDS: Record<Zh, OptionWords> = {
  'zh-Hant': {
    thresholds: (n, a, h, d) =>
      zh`生命週期的天數門檻順序不正確（new-days ${n}、active-days ${a}、half-asleep-days ${h}、dormant-days ${d}）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。`,
    fourNames: '以逗號分隔的四個名稱，依序為：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本',
    otherDate: '與 as-of 不同的日期（這個日期就是 as-of，請選另一個日期來比較）',
    customerId: ' 1 到 256 個字元的顧客編號',
    tiers: {
      tooFew: '至少需要兩個等級。',
      noName: (n) => zh`第${n}個等級沒有名稱。`,
      badName: (name) => `${name}不是等級名稱（可用文字、數字、空格、- 與 _，最多 40 個字元）。`,
      twice: (name) => `${name}出現了兩次。`,
      lastHasPercentage: (name) => `最後一個等級（${name}）包含其餘顧客，不要給它百分比。`,
      noPercentage: (name, raw) => zh`${name}需要百分比，例如 ${raw}:5。`,
      notPercentage: (value, name) => `${value}（${name}的）不是大於 0 的百分比。`,
      decimals: (value, name) => zh`${value}%（${name}的）超過兩位小數。`,
      noRest: (total) => zh`百分比加起來是${total}%，最後一個等級沒有顧客了。`,
      example: '正確的寫法例如 "diamond:5,gold:15,regular"：由上而下寫出每個等級的名稱與百分比，最後一個等級不寫百分比，包含其餘顧客。',
    },
    noCustomer: (id) => `這份資料中沒有編號為${id}的顧客。`,
    noCost: '服務成本未知：資料沒有成本欄位。請在元件上設定 cost-per-order（或 cost-per-unit），例如 cost-per-order="5"，或在 <crm-source> 上對應成本欄位（map-cost="…"）。',
    noQuantityForUnitCost: 'cost-per-unit 需要數量欄位，但資料沒有：請在 <crm-source> 上對應一個（map-quantity="…"），或改用 cost-per-order。',
    noQuantityForPrice: 'x="price"（平均實收單價）需要數量欄位，但資料沒有：請在 <crm-source> 上對應一個（map-quantity="…"），或改用 x="revenue"。',
    attribute: '屬性',
    valueOf: '的值',
    wrong: '不正確：',
    need: '需要',
    oneOf: '下列其中之一：',
    date: ' YYYY-MM-DD 格式的日期，例如 2024-03-31',
    days: (min, max) => zh`${min}到${max}之間的整數天數`,
    timeZone: '時區名稱，例如 "Asia/Taipei"、"America/New_York" 或 "UTC"',
    number: '數字',
    integer: '整數',
    above: '大於 ',
    atLeast: '至少 ',
    atMost: '至多 ',
    and: '，',
  },
  'zh-Hans': {
    thresholds: (n, a, h, d) =>
      zh`生命周期的天数门槛顺序不正确（new-days ${n}、active-days ${a}、half-asleep-days ${h}、dormant-days ${d}）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。`,
    fourNames: '以逗号分隔的四个名称，依次为：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本',
    otherDate: '与 as-of 不同的日期（这个日期就是 as-of，请选另一个日期来比较）',
    customerId: ' 1 到 256 个字符的顾客编号',
    tiers: {
      tooFew: '至少需要两个等级。',
      noName: (n) => zh`第${n}个等级没有名称。`,
      badName: (name) => `${name}不是等级名称（可用文字、数字、空格、- 和 _，最多 40 个字符）。`,
      twice: (name) => `${name}出现了两次。`,
      lastHasPercentage: (name) => `最后一个等级（${name}）包含其余顾客，不要给它百分比。`,
      noPercentage: (name, raw) => zh`${name}需要百分比，例如 ${raw}:5。`,
      notPercentage: (value, name) => `${value}（${name}的）不是大于 0 的百分比。`,
      decimals: (value, name) => zh`${value}%（${name}的）超过两位小数。`,
      noRest: (total) => zh`百分比加起来是${total}%，最后一个等级没有顾客了。`,
      example: '正确的写法例如 "diamond:5,gold:15,regular"：从上到下写出每个等级的名称和百分比，最后一个等级不写百分比，包含其余顾客。',
    },
    noCustomer: (id) => `这份数据中没有编号为${id}的顾客。`,
    noCost: '服务成本未知：数据没有成本字段。请在组件上设置 cost-per-order（或 cost-per-unit），例如 cost-per-order="5"，或在 <crm-source> 上映射成本字段（map-cost="…"）。',
    noQuantityForUnitCost: 'cost-per-unit 需要数量字段，但数据没有：请在 <crm-source> 上映射一个（map-quantity="…"），或改用 cost-per-order。',
    noQuantityForPrice: 'x="price"（平均实收单价）需要数量字段，但数据没有：请在 <crm-source> 上映射一个（map-quantity="…"），或改用 x="revenue"。',
    attribute: '属性',
    valueOf: '的值',
    wrong: '不正确：',
    need: '需要',
    oneOf: '下列其中之一：',
    date: ' YYYY-MM-DD 格式的日期，例如 2024-03-31',
    days: (min, max) => zh`${min}到${max}之间的整数天数`,
    timeZone: '时区名称，例如 "Asia/Shanghai"、"America/New_York" 或 "UTC"',
    number: '数字',
    integer: '整数',
    above: '大于 ',
    atLeast: '至少 ',
    atMost: '至多 ',
    and: '，',
  },
};

/** model-fit in either script: which model (購買次數 BG/NBD or 客單價 Gamma-Gamma) and why. */
function modelSentence(d: CrmErrorDetail, lang: Zh): string | undefined {
  const m = d.model;
  if (!m) return undefined;
  const hant = lang === 'zh-Hant';
  const name = m.name === 'bgnbd' ? (hant ? '購買次數模型（BG/NBD）' : '购买次数模型（BG/NBD）') : hant ? '客單價模型（Gamma-Gamma）' : '客单价模型（Gamma-Gamma）';
  const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
  switch (m.problem) {
    case 'too-few-customers':
      return hant ? `${name}在校準期內至少需要 ${n(m.needed)} 位顧客，目前只有 ${n(m.count)} 位。` : `${name}在校准期内至少需要 ${n(m.needed)} 位顾客，目前只有 ${n(m.count)} 位。`;
    case 'too-few-repeat':
      return hant
        ? `${name}在校準期內至少需要 ${n(m.needed)} 位回購的顧客，目前只有 ${n(m.count)} 位。`
        : `${name}在校准期内至少需要 ${n(m.needed)} 位回购的顾客，目前只有 ${n(m.count)} 位。`;
    case 'no-holdout':
      return hant ? '校準期結束後沒有資料可供驗證：請把 calibration-end 設在最後一筆訂單之前。' : '校准期结束后没有数据可供验证：请把 calibration-end 设在最后一笔订单之前。';
    case 'degenerate':
      if (m.name === 'gamma-gamma')
        return hant
          ? `${name}的估計沒有收斂到可用的參數${m.reason ? `（${m.reason}）` : ''}：顧客之間回購金額的差異太小或太大。`
          : `${name}的估计没有收敛到可用的参数${m.reason ? `（${m.reason}）` : ''}：顾客之间回购金额的差异太小或太大。`;
      return hant
        ? `${name}的估計沒有收斂到可用的參數${m.reason ? `（${m.reason}）` : ''}：資料對回購與流失的資訊不足。`
        : `${name}的估计没有收敛到可用的参数${m.reason ? `（${m.reason}）` : ''}：数据对回购与流失的信息不足。`;
  }
  return undefined;
}

const HANT: Partial<Record<CrmErrorCode, Sentence>> = {
  'invalid-rule': (d) => ruleSentence(d, 'zh-Hant'),
  'invalid-row-rule': (d, f) => rowRuleSentence(d, f, 'zh-Hant'),
  'model-fit': (d) => modelSentence(d, 'zh-Hant'),
  'invalid-option': (d, _f, v) => optionSentence(d, v, OPTION_WORDS['zh-Hant']),
  'empty-file': (d, f) => (d.size === 0 ? zh`${f}是空的（0 位元組）。請確認匯出的檔案含有資料。` : zh`${f}是空的。請確認匯出的檔案含有資料。`),
  'no-rows': (d, f) =>
    d.columns ? zh`${f}只有欄位名稱（${d.columns.slice(0, 6).join('、')}），沒有任何資料列。` : zh`${f}沒有任何資料列。`,
  'not-data': (d, f) => {
    switch (d.looksLike) {
      case 'image':
        return zh`${f}是圖片，不是資料檔。請使用 CSV、Parquet、JSON 或 Arrow 檔案。`;
      case 'pdf':
        return zh`${f}是 PDF 文件，不是資料檔。請將資料匯出為 CSV。`;
      case 'gzip':
        return zh`${f}經過兩次 gzip 壓縮（.gz 裡面還有 .gz）。請先解壓縮一次，再載入。`;
      case 'json-without-rows':
        return zh`${f}是 JSON，但不是資料列的清單。格式應為 [{"customer_id": …}, …] 或 {"data": [...]}。`;
      case 'row-not-object':
        return d.row === undefined ? undefined : zh`${f}：第${d.row}列不是帶有欄位名稱的物件。`;
    }
    return undefined;
  },
  'html-page': (d, f) => zh`${f}是網頁（HTML），不是資料。連結可能指向錯誤頁面或登入頁面，請檢查網址。`,
  spreadsheet: (d, f) => zh`${f}是 Excel 活頁簿或 zip 壓縮檔，不是 CSV。請在 Excel 中用「另存新檔」→「CSV UTF-8」儲存，再載入那個檔案。`,
  binary: (d, f) => zh`${f}不是文字（CSV）檔：其中含有二進位資料。請使用 CSV、Parquet、JSON 或 Arrow 檔案。`,
  unreadable: (d, f, v) => {
    if (d.encoding) return zh`這個瀏覽器無法解碼${v.q(d.encoding)}文字編碼。`;
    if (!f) return undefined;
    switch (d.format) {
      case 'csv':
        if (d.line !== undefined && d.size !== undefined && d.limit !== undefined) {
          return zh`${f}無法以 CSV 格式讀取：第${d.line}行長${d.size.toLocaleString('en-US')}位元組，CSV 每行最多${d.limit.toLocaleString('en-US')}位元組。請確認檔案是 CSV 匯出檔，而不是一個非常長的值。`;
        }
        return d.reason === undefined ? undefined : zh`${f}無法以 CSV 格式讀取${d.line ? zh`（第${d.line}行附近）` : ''}。${v.system(d.reason)}`;
      case 'json':
        return d.line === undefined || d.value === undefined ? undefined : zh`${f}不是有效的 JSON：第${d.line}行無法讀取（${v.q(d.value.slice(0, 60))}）。`;
      case 'parquet':
        return d.reason === undefined ? undefined : zh`${f}無法當作 Parquet 檔讀取（${v.system(d.reason)}）。`;
      case 'arrow':
        return d.reason === undefined ? undefined : zh`${f}不是可讀取的 Arrow IPC 檔（${v.system(d.reason)}）。`;
      case 'gzip':
        return d.reason === undefined ? undefined : zh`${f}不是可讀取的 gzip 檔（${v.system(d.reason)}）。檔案可能已損壞或不完整，請重新下載或匯出。`;
    }
    return d.reason === undefined ? undefined : zh`無法讀取${f}（${v.system(d.reason)}）。請重新選擇檔案；如果檔案很大，請匯出較小的檔案（較少月份或欄位）。`;
  },
  'fetch-failed': (d, f, v) => {
    if (d.status !== undefined) return zh`無法下載${f}：伺服器回應${d.statusText ? `${d.status} ${d.statusText}` : d.status}。`;
    if (d.reason === undefined) return undefined;
    if (d.interrupted) return zh`${f}下載到一半中斷了（${v.system(d.reason)}）。`;
    return zh`無法下載${f}（${v.system(d.reason)}）。請檢查網址，並確認伺服器允許這個頁面讀取它。`;
  },
  'missing-column': (d, f, v) =>
    d.missing?.length && d.columns && d.attributes?.length
      ? zh`${f}沒有${v.or(d.missing.map(v.q))}欄位。找到的欄位：${headerList(v, d.columns)}。請重新命名欄位，或設定對應，例如${d.attributes.map((a) => `${a}="…"`).join(' ')}。`
      : undefined,
  'mapped-column-missing': (d, f, v) =>
    d.column !== undefined && d.columns && d.attributes?.length
      ? zh`對應設定${`${d.attributes[0]}="${d.column}"`}指定的欄位，${f}裡沒有。找到的欄位：${headerList(v, d.columns)}。請把${d.attributes[0]}設為其中一個欄位名稱。`
      : undefined,
  'unknown-mapping': (d, f, v) =>
    d.column !== undefined && d.known ? zh`${v.q(d.column)}不是 crmkit 的欄位。可用的欄位：${d.known.join('、')}。` : undefined,
  'invalid-value': (d, f, v) => {
    const bad = badValue(d, v, {
      empty: '儲存格是空的',
      number: '不是數字',
      forAmount: '不是數字（計算金額需要這個欄位）',
      date: '不是日期',
      text: '無法讀取',
      tooLarge: '太大（crmkit 只讀取絕對值小於 10^15 的數字）',
      beyondHeader: (n) => zh`位於標題列的${n}個欄位之後：這一列的欄位比標題列多（含有分隔符號的值需要加上引號）`,
      id: {
        'control-character': '含有控制字元，編號不能包含控制字元（通常表示匯出的檔案已損壞）',
        fraction: '不能當作編號：當作編號的數字必須是整數',
        inexact: '不能當作編號：這是大於 9007199254740991（2^53 − 1）的浮點數，末幾位數可能已和檔案中的不同。請以文字或 64 位元整數儲存編號',
        boolean: '不能當作編號：true／false 不是編號',
      },
    });
    const hint = valueHint(d, {
      dateFormat: (ex) => zh`像${v.q(ex)}這樣的日期需要設定 date-format="${dateLayout(ex, 'dmy')}"（日在前）或 "${dateLayout(ex, 'mdy')}"（月在前）。`,
      delimiter: (row, del) => zh`第${row}列似乎使用了和標題列不同的分隔符號（${del === '\t' ? '定位字元 Tab' : v.q(del)}）。`,
      decimal: (ex) => zh`像${v.q(ex)}這樣以逗號為小數點的金額需要設定 decimal=","。`,
    });
    if (bad === undefined || hint === undefined) return undefined;
    if (d.noRowReadable) return zh`${f}：沒有任何一列可以讀取。欄位${v.q(d.column!)}，第${d.row!}列：${bad}。${hint}`;
    if ((d.count ?? 1) > 1 && !d.rows?.length) return undefined;
    const others = (d.count ?? 1) > 1 ? zh`這個欄位共有${d.count!}列無法讀取（前幾列：${v.rows(d.rows ?? [])}）。` : '';
    if (d.unskippable) return zh`${f}，欄位${v.q(d.column!)}，第${d.row!}列：${bad}。${others}請修正資料：這個欄位混用了文字與數字，無法略過個別的列。`;
    return zh`${f}，欄位${v.q(d.column!)}，第${d.row!}列：${bad}。${others}${hint}請修正檔案，或設定 on-invalid="skip" 以載入其他列。`;
  },
  'too-large': (d, f) => {
    if (d.limit === undefined) return undefined;
    if (d.format === 'json' && d.size !== undefined)
      return zh`${f}（${formatBytes(d.size)}）超過這個頁面可讀取的 JSON 大小（${formatBytes(d.limit)}）：讀取 JSON 需要檔案數倍大小的記憶體。請改匯出 CSV 或 Parquet，或較小的檔案。`;
    if (d.decompressed) return zh`${f}解壓縮後超過這個頁面可接受的大小（${formatBytes(d.limit)}）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。`;
    if (d.decoded && d.size !== undefined && d.rowCount !== undefined)
      return zh`${f}有${d.rowCount.toLocaleString('en-US')}列，解碼後約${formatBytes(d.size)}，超過這個頁面可接受的大小（${formatBytes(d.limit)}）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。`;
    const what = d.size !== undefined ? zh`${f}（${formatBytes(d.size)}）` : f;
    return zh`${what}超過這個頁面可接受的大小（${formatBytes(d.limit)}）。請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。`;
  },
  'out-of-memory': (d, f) => {
    const advice = '請使用較小的檔案或較少的欄位。';
    if (d.size !== undefined) return f ? zh`${f}（${formatBytes(d.size)}）太大，這個瀏覽器分頁的記憶體容納不下。${advice}` : undefined;
    return zh`${contextPrefix(d, f)}資料太大，這個瀏覽器分頁的記憶體容納不下。${advice}`;
  },
  cancelled: (d, f) => (d.context === undefined ? (f ? zh`已取消載入${f}。` : '已取消載入。') : zh`${contextPrefix(d, f)}已取消載入。`),
  engine: (d, f, v) => {
    if (d.reason === 'remote') return '這份資料由 crmkit 伺服器提供：頁面不送出 SQL，這項分析目前只能在頁面內的資料上執行。';
    if (d.stopped) return d.reason !== undefined ? zh`分析引擎已停止運作（${v.system(d.reason)}）。資料需要重新載入。` : undefined;
    if (d.configured === false)
      return '分析引擎（DuckDB）的檔案尚未設定。請匯入 "crmkit"（套件內附這些檔案，並會自動找到），或呼叫 setAssetBase(url) 指定存放 duckdb-eh.wasm 與 duckdb-browser-eh.worker.js 的資料夾。';
    return d.reason !== undefined && d.asset ? zh`DuckDB 分析引擎無法啟動（${v.system(d.reason)}）。請確認伺服器有提供${d.asset}。` : undefined;
  },
};

const HANS: Partial<Record<CrmErrorCode, Sentence>> = {
  'invalid-rule': (d) => ruleSentence(d, 'zh-Hans'),
  'invalid-row-rule': (d, f) => rowRuleSentence(d, f, 'zh-Hans'),
  'model-fit': (d) => modelSentence(d, 'zh-Hans'),
  'invalid-option': (d, _f, v) => optionSentence(d, v, OPTION_WORDS['zh-Hans']),
  'empty-file': (d, f) => (d.size === 0 ? zh`${f}是空的（0 字节）。请确认导出的文件包含数据。` : zh`${f}是空的。请确认导出的文件包含数据。`),
  'no-rows': (d, f) => (d.columns ? zh`${f}只有字段名称（${d.columns.slice(0, 6).join('、')}），没有任何数据行。` : zh`${f}没有任何数据行。`),
  'not-data': (d, f) => {
    switch (d.looksLike) {
      case 'image':
        return zh`${f}是图片，不是数据文件。请使用 CSV、Parquet、JSON 或 Arrow 文件。`;
      case 'pdf':
        return zh`${f}是 PDF 文档，不是数据文件。请将数据导出为 CSV。`;
      case 'gzip':
        return zh`${f}经过两次 gzip 压缩（.gz 里面还有 .gz）。请先解压缩一次，再加载。`;
      case 'json-without-rows':
        return zh`${f}是 JSON，但不是数据行的列表。格式应为 [{"customer_id": …}, …] 或 {"data": [...]}。`;
      case 'row-not-object':
        return d.row === undefined ? undefined : zh`${f}：第${d.row}行不是带有字段名称的对象。`;
    }
    return undefined;
  },
  'html-page': (d, f) => zh`${f}是网页（HTML），不是数据。链接可能指向错误页面或登录页面，请检查网址。`,
  spreadsheet: (d, f) => zh`${f}是 Excel 工作簿或 zip 压缩文件，不是 CSV。请在 Excel 中用“另存为”→“CSV UTF-8”保存，再加载那个文件。`,
  binary: (d, f) => zh`${f}不是文本（CSV）文件：其中包含二进制数据。请使用 CSV、Parquet、JSON 或 Arrow 文件。`,
  unreadable: (d, f, v) => {
    if (d.encoding) return zh`此浏览器无法解码${v.q(d.encoding)}文本编码。`;
    if (!f) return undefined;
    switch (d.format) {
      case 'csv':
        if (d.line !== undefined && d.size !== undefined && d.limit !== undefined) {
          return zh`${f}无法按 CSV 格式读取：第${d.line}行长${d.size.toLocaleString('en-US')}字节，CSV 每行最多${d.limit.toLocaleString('en-US')}字节。请确认文件是 CSV 导出文件，而不是一个非常长的值。`;
        }
        return d.reason === undefined ? undefined : zh`${f}无法按 CSV 格式读取${d.line ? zh`（第${d.line}行附近）` : ''}。${v.system(d.reason)}`;
      case 'json':
        return d.line === undefined || d.value === undefined ? undefined : zh`${f}不是有效的 JSON：第${d.line}行无法读取（${v.q(d.value.slice(0, 60))}）。`;
      case 'parquet':
        return d.reason === undefined ? undefined : zh`${f}无法作为 Parquet 文件读取（${v.system(d.reason)}）。`;
      case 'arrow':
        return d.reason === undefined ? undefined : zh`${f}不是可读取的 Arrow IPC 文件（${v.system(d.reason)}）。`;
      case 'gzip':
        return d.reason === undefined ? undefined : zh`${f}不是可读取的 gzip 文件（${v.system(d.reason)}）。文件可能已损坏或不完整，请重新下载或导出。`;
    }
    return d.reason === undefined ? undefined : zh`无法读取${f}（${v.system(d.reason)}）。请重新选择文件；如果文件很大，请导出较小的文件（较少的月份或字段）。`;
  },
  'fetch-failed': (d, f, v) => {
    if (d.status !== undefined) return zh`无法下载${f}：服务器返回${d.statusText ? `${d.status} ${d.statusText}` : d.status}。`;
    if (d.reason === undefined) return undefined;
    if (d.interrupted) return zh`${f}下载到一半中断了（${v.system(d.reason)}）。`;
    return zh`无法下载${f}（${v.system(d.reason)}）。请检查网址，并确认服务器允许此页面读取它。`;
  },
  'missing-column': (d, f, v) =>
    d.missing?.length && d.columns && d.attributes?.length
      ? zh`${f}没有${v.or(d.missing.map(v.q))}字段。找到的字段：${headerList(v, d.columns)}。请重命名字段，或设置映射，例如${d.attributes.map((a) => `${a}="…"`).join(' ')}。`
      : undefined,
  'mapped-column-missing': (d, f, v) =>
    d.column !== undefined && d.columns && d.attributes?.length
      ? zh`映射设置${`${d.attributes[0]}="${d.column}"`}指定的字段，${f}中没有。找到的字段：${headerList(v, d.columns)}。请把${d.attributes[0]}设为其中一个字段名称。`
      : undefined,
  'unknown-mapping': (d, f, v) =>
    d.column !== undefined && d.known ? zh`${v.q(d.column)}不是 crmkit 的字段。可用的字段：${d.known.join('、')}。` : undefined,
  'invalid-value': (d, f, v) => {
    const bad = badValue(d, v, {
      empty: '单元格为空',
      number: '不是数字',
      forAmount: '不是数字（计算金额需要此字段）',
      date: '不是日期',
      text: '无法读取',
      tooLarge: '太大（crmkit 只读取绝对值小于 10^15 的数字）',
      beyondHeader: (n) => zh`位于标题行的${n}个字段之后：这一行的字段比标题行多（包含分隔符的值需要加上引号）`,
      id: {
        'control-character': '含有控制字符，编号不能包含控制字符（通常表示导出的文件已损坏）',
        fraction: '不能作为编号：作为编号的数字必须是整数',
        inexact: '不能作为编号：这是大于 9007199254740991（2^53 − 1）的浮点数，最后几位数字可能已与文件中的不同。请以文本或 64 位整数存储编号',
        boolean: '不能作为编号：true／false 不是编号',
      },
    });
    const hint = valueHint(d, {
      dateFormat: (ex) => zh`像${v.q(ex)}这样的日期需要设置 date-format="${dateLayout(ex, 'dmy')}"（日在前）或 "${dateLayout(ex, 'mdy')}"（月在前）。`,
      delimiter: (row, del) => zh`第${row}行似乎使用了与标题行不同的分隔符（${del === '\t' ? '制表符 Tab' : v.q(del)}）。`,
      decimal: (ex) => zh`像${v.q(ex)}这样以逗号为小数点的金额需要设置 decimal=","。`,
    });
    if (bad === undefined || hint === undefined) return undefined;
    if (d.noRowReadable) return zh`${f}：没有任何一行可以读取。字段${v.q(d.column!)}，第${d.row!}行：${bad}。${hint}`;
    if ((d.count ?? 1) > 1 && !d.rows?.length) return undefined;
    const others = (d.count ?? 1) > 1 ? zh`此字段共有${d.count!}行无法读取（前几行：${v.rows(d.rows ?? [])}）。` : '';
    if (d.unskippable) return zh`${f}，字段${v.q(d.column!)}，第${d.row!}行：${bad}。${others}请修正数据：此字段混用了文本和数字，无法跳过个别的行。`;
    return zh`${f}，字段${v.q(d.column!)}，第${d.row!}行：${bad}。${others}${hint}请修正文件，或设置 on-invalid="skip" 以加载其他行。`;
  },
  'too-large': (d, f) => {
    if (d.limit === undefined) return undefined;
    if (d.format === 'json' && d.size !== undefined)
      return zh`${f}（${formatBytes(d.size)}）超过此页面可读取的 JSON 大小（${formatBytes(d.limit)}）：读取 JSON 需要文件数倍大小的内存。请改为导出 CSV 或 Parquet，或较小的文件。`;
    if (d.decompressed) return zh`${f}解压缩后超过此页面可接受的大小（${formatBytes(d.limit)}）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。`;
    if (d.decoded && d.size !== undefined && d.rowCount !== undefined)
      return zh`${f}有${d.rowCount.toLocaleString('en-US')}行，解码后约${formatBytes(d.size)}，超过此页面可接受的大小（${formatBytes(d.limit)}）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。`;
    const what = d.size !== undefined ? zh`${f}（${formatBytes(d.size)}）` : f;
    return zh`${what}超过此页面可接受的大小（${formatBytes(d.limit)}）。请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。`;
  },
  'out-of-memory': (d, f) => {
    const advice = '请使用较小的文件或较少的字段。';
    if (d.size !== undefined) return f ? zh`${f}（${formatBytes(d.size)}）太大，此浏览器标签页的内存容纳不下。${advice}` : undefined;
    return zh`${contextPrefix(d, f)}数据太大，此浏览器标签页的内存容纳不下。${advice}`;
  },
  cancelled: (d, f) => (d.context === undefined ? (f ? zh`已取消加载${f}。` : '已取消加载。') : zh`${contextPrefix(d, f)}已取消加载。`),
  engine: (d, f, v) => {
    if (d.reason === 'remote') return '这份数据由 crmkit 服务器提供：页面不发送 SQL，这项分析目前只能在页面内的数据上运行。';
    if (d.stopped) return d.reason !== undefined ? zh`分析引擎已停止运行（${v.system(d.reason)}）。数据需要重新加载。` : undefined;
    if (d.configured === false)
      return '分析引擎（DuckDB）的文件尚未设置。请导入 "crmkit"（包内附带这些文件，并会自动找到），或调用 setAssetBase(url) 指定存放 duckdb-eh.wasm 和 duckdb-browser-eh.worker.js 的文件夹。';
    return d.reason !== undefined && d.asset ? zh`DuckDB 分析引擎无法启动（${v.system(d.reason)}）。请确认服务器提供了${d.asset}。` : undefined;
  },
};

/** Sentinel: the context is text we cannot translate (e.g. "Export"). */
const UNTRANSLATABLE = '\u0000';

/** "orders.csv：" when the message starts with the file's name; '' without context; the sentinel for other (English) context. */
function contextPrefix(d: CrmErrorDetail, f: string): string {
  if (d.context === undefined) return '';
  if (d.file !== undefined && d.context === d.file && f) return `${f}：`;
  return UNTRANSLATABLE;
}

/** "「ten」不是數字" / "儲存格是空的", or undefined when the detail does not say. */
function badValue(
  d: CrmErrorDetail,
  v: Vocabulary,
  words: { empty: string; number: string; forAmount: string; date: string; text: string; tooLarge: string; beyondHeader: (columns: number) => string; id: Record<IdProblem, string> },
): string | undefined {
  if (d.column === undefined || d.row === undefined) return undefined;
  if (d.empty) return words.empty;
  if (d.value === undefined) return undefined;
  const value = v.q(clip(d.value, 60));
  if (d.headerColumns !== undefined) return value + words.beyondHeader(d.headerColumns);
  switch (d.expected) {
    case 'number':
      return value + (d.beyond !== undefined ? words.tooLarge : d.forAmount ? words.forAmount : words.number);
    case 'date':
    case 'timestamp':
      return value + words.date;
    case 'text':
      return value + words.text;
    case 'id':
      return d.idProblem ? value + words.id[d.idProblem] : undefined;
  }
  return undefined;
}

/** The hint sentence, '' when there is none, undefined when the English message has one the detail does not carry. */
/** The date-format for a day-first or month-first example, with the example's own separator (31.12.2024 → %d.%m.%Y). */
function dateLayout(example: string, order: 'dmy' | 'mdy'): string {
  const sep = /\d([/.-])/.exec(example)?.[1] ?? '/';
  return order === 'dmy' ? `%d${sep}%m${sep}%Y` : `%m${sep}%d${sep}%Y`;
}

function valueHint(
  d: CrmErrorDetail,
  say: { dateFormat: (example: string) => string; delimiter: (row: number, delimiter: string) => string; decimal: (example: string) => string },
): string | undefined {
  if (d.hint?.kind === 'date-format') return say.dateFormat(d.hint.example);
  if (d.hint?.kind === 'decimal') return say.decimal(d.hint.example);
  if (d.hint?.kind === 'delimiter') return say.delimiter(d.row!, d.hint.delimiter);
  return '';
}

/** The sentences of each code; codes without one (invalid-option, query) stay English. */
const SENTENCES: Record<Zh, Partial<Record<CrmErrorCode, Sentence>>> = { 'zh-Hant': HANT, 'zh-Hans': HANS };

/**
 * The whole message in `lang`: what is wrong, where (file, column, row,
 * value, count) and what to do, built from the error's code and detail. For
 * English, and for any error whose detail does not carry every fact its
 * English message names (e.g. options and engine queries), the English
 * message itself: never half a translation.
 *
 * Facts from the input (file and column names, values) are put in as text;
 * render the result as text, never as HTML.
 */
export function localizedErrorMessage(lang: Lang, error: ErrorLike): string {
  if (lang === 'en' || !error.code) return error.message;
  const sentence = SENTENCES[lang]?.[error.code as CrmErrorCode];
  if (!sentence) return error.message;
  const d = error.detail ?? {};
  const v = VOCAB[lang];
  // The loader's English wording for inputs without a name ("the transactions") has a Chinese counterpart.
  const f = d.file === undefined ? '' : (v.unnamed[d.file] ?? d.file);
  // Sentences that name the file need it.
  const needsFile = !['unknown-mapping', 'engine', 'cancelled', 'out-of-memory', 'unreadable', 'invalid-option', 'model-fit', 'invalid-rule', 'invalid-row-rule'].includes(error.code);
  if (needsFile && !f) return error.message;
  // The English message adds a hint the detail does not describe: keep the English.
  if (error.code === 'invalid-value' && !error.detail?.hint && /date-format=|different delimiter/.test(error.message)) return error.message;
  let text: string | undefined;
  try {
    text = sentence(d, f, v);
  } catch {
    text = undefined;
  }
  if (!text || text.includes(UNTRANSLATABLE)) return error.message;
  return text;
}
