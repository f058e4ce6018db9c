/**
 * Traditional Chinese (zh-Hant): every code's headline and message, built
 * from the code's facts. Facts from the input (file and column names, values)
 * are put in as text; render the result as text, never as HTML.
 */
import type { ErrorCatalogue, OptionAccepts, SegmentProblem, RowRuleFacts, RowRuleProblem, RuleProblem, TiersProblem } from '../error-types.js';
import { formatBytes } from '../loaders/bytes.js';
import { badValue, clip, dateLayout, fileName, headerList, valueHint, zh, type Vocabulary } from './zh-text.js';

const v: Vocabulary = {
  q: (s) => `「${s}」`,
  list: (items) => items.join('、'),
  or: (items) => (items.length > 1 ? `${items.slice(0, -1).join('、')}或${items[items.length - 1]}` : items.join('')),
  unnamed: { 'the transactions': '交易資料', 'the customers': '顧客資料', 'the events': '事件資料', 'the data': '資料' },
  none: '（無）',
  more: (n) => zh`，另有${n}個`,
  rows: (rows) => zh`第${rows.join('、')}列`,
  system: (reason) => `系統訊息：${reason}`,
};
const f = (d: { file?: string }) => fileName(v, d.file);
const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');

/** "屬性 X 的值「v」不正確：" */
const refused = (option: string, value: string) => zh`屬性${option}的值${v.q(clip(value, 60))}不正確：`;

function accepts(a: OptionAccepts): string {
  switch (a.kind) {
    case 'choice':
      return a.many ? zh`下列一個或多個（以逗號分隔）：${v.list(a.allowed.map((x) => v.q(x)))}` : zh`下列其中之一：${v.or(a.allowed.map((x) => v.q(x)))}`;
    case 'date':
      return ' YYYY-MM-DD 格式的日期，例如 2024-03-31';
    case 'days':
      return zh`${a.min}到${a.max}之間的整數天數`;
    case 'time-zone':
      return '時區名稱，例如 "Asia/Taipei"、"America/New_York" 或 "UTC"';
    case 'number': {
      const range = [
        a.min !== undefined ? (a.exclusiveMin ? zh`大於 ${a.min}` : zh`至少 ${a.min}`) : '',
        a.max !== undefined ? (a.exclusiveMax ? zh`小於 ${a.max}` : zh`至多 ${a.max}`) : '',
      ].filter(Boolean);
      return zh`${a.integer ? '整數' : '數字'}${range.length ? `（${range.join('，')}）` : ''}`;
    }
    case 'text':
      return a.min ? zh`${a.min}到${a.max}個字元的文字` : zh`最多${a.max}個字元的文字`;
    case 'url':
      return ' http(s) 網址';
    case 'column-name':
      return '欄位名稱：小寫英文字母開頭，其後為小寫英文字母、數字或 _（最多 31 個字元），且不能與清單已有的欄位同名';
    case 'event-steps':
      return a.distinct ? 'order="any" 時各步驟的事件名稱不能重複' : zh`以逗號分隔的${a.min}到${a.max}個事件名稱，例如 visit,add_to_cart,purchase`;
    case 'duration':
      return zh`時間長度，例如 30m、24h、7d 或 2w，最長${a.maxDays}天`;
    case 'step':
      return zh`第${a.min}到第${a.max}個步驟`;
    case 'rank-range':
      return '排名範圍';
    case 'load-option':
      return a.allowed ? zh`下列其中之一：${v.or(a.allowed.map((x) => v.q(x)))}` : v.system(a.issue);
  }
}

function tiers(t: TiersProblem): string {
  switch (t.problem) {
    case 'too-few':
      return '至少需要兩個等級。';
    case 'no-name':
      return zh`第${t.tier}個等級沒有名稱。`;
    case 'bad-name':
      return `${v.q(t.name)}不是等級名稱（可用文字、數字、空格、- 與 _，最多 40 個字元）。`;
    case 'twice':
      return `${v.q(t.name)}出現了兩次。`;
    case 'last-has-percentage':
      return `最後一個等級（${v.q(t.name)}）包含其餘顧客，不要給它百分比。`;
    case 'no-percentage':
      return zh`${v.q(t.name)}需要百分比，例如 ${t.name}:5。`;
    case 'not-a-percentage':
      return `${v.q(t.percent)}（${v.q(t.name)}的）不是大於 0 的百分比。`;
    case 'decimals':
      return zh`${t.percent}%（${v.q(t.name)}的）超過兩位小數。`;
    case 'no-rest':
      return zh`百分比加起來是${t.total}%，最後一個等級沒有顧客了。`;
  }
}
const TIERS_EXAMPLE = '正確的寫法例如 "diamond:5,gold:15,regular"：由上而下寫出每個等級的名稱與百分比，最後一個等級不寫百分比，包含其餘顧客。';

const SEGMENT: Record<SegmentProblem, string> = {
  'not-a-segment': '這不是儲存的區隔',
  'too-long': '儲存的區隔太長',
  'no-name': '儲存的區隔沒有名稱',
  'bad-tags': '區隔的標籤清單不正確（需要 1 到 50 個名稱）',
  'bad-mode': '區隔的比對方式不正確',
  'bad-rule': '區隔的規則不正確',
  'bad-condition': '區隔的條件不正確（可能來自舊版或被改動的連結）',
  'unknown-widget': '區隔的條件指向不認得的元件',
};

const RULE: Record<RuleProblem, (t: string, at: string, n: string) => string> = {
  empty: () => '規則是空的',
  'too-long': (_t, _a, n) => `規則超過 ${n} 個字元`,
  'too-deep': (_t, at, n) => `規則${at}巢狀超過 ${n} 層`,
  'too-many': (_t, _a, n) => `規則的條件超過 ${n} 個`,
  'bad-character': (t, at) => `${at}有無法辨識的字元「${t}」`,
  'unclosed-string': (_t, at) => `${at}的引號沒有結束`,
  'unexpected-token': (t, at) => `${at}出現不該有的「${t}」`,
  'unexpected-end': () => '規則提早結束（缺少條件或右括號）',
  'unknown-field': (t, at) => `${at}的欄位「${t}」不存在（可用欄位：orders、lines、revenue、cost、profit、quantity、first_order、last_order、days_since_last、tenure_days、average_order）`,
  'bad-operator': (t, at) => `${at}的運算子「${t}」不正確（可用：> >= < <= = !=）`,
  'bad-value': (t, at) => `${at}的值「${t}」不符合欄位（數值欄位需要小於 10^15 的數字，日期欄位需要 YYYY-MM-DD）`,
  'bad-shape': (t, at) => `${at}${t ? `有不該有的鍵「${t}」` : '不是規則'}（需要 all、any、not，或 field + op + value）`,
};

const ROW_RULE: Record<RowRuleProblem, (r: RowRuleFacts, file: string, rule: string) => string> = {
  syntax: (_f, _file, r) => `${r}無法解讀：請寫成「欄位 運算 值」，例如 order_id starts-with C；日期範圍寫成 between YYYY-MM-DD and YYYY-MM-DD，引號要成對。`,
  'unknown-op': (x, _file, r) => `${r}的「${x.token}」不是可用的運算；請使用 =、in、starts-with、between、from 或 to。`,
  'empty-value': (x, _file, r) => `${r}在「${x.token}」之後沒有值。`,
  'bad-date': (x, _file, r) => `${r}的「${x.token}」不是以 YYYY-MM-DD 寫成的日期。`,
  'empty-range': (x, _file, r) => `${r}的日期範圍是空的（${x.token}）：開始日期在結束日期之後。`,
  'bad-shape': (x, _file, r) => `${r}不是有效的規則（${x.path}）。規則的格式為 { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }。`,
  'too-many': (x) => `列規則太多（${x.token} 條）；最多 ${x.limit ?? 50} 條。`,
  'unknown-column': (x, file, r) => `${r}：${file ? `${file} ` : ''}沒有「${x.column}」欄位。找到的欄位：${(x.columns ?? []).slice(0, 20).join('、')}。`,
  'removes-all': (x, file) => `${file ? `${file}：` : ''}列規則排除了所有的列（各規則排除的列數：${(x.removed ?? []).join('、')}）。`,
};

const ENGINE_REFUSAL: Record<string, string> = {
  remote: '這份資料由 crmkit 伺服器提供：頁面不送出 SQL，這項分析目前只能在頁面內的資料上執行。',
  'not-remote': '這份資料不是由 crmkit 伺服器提供。',
  'remote-filter': '這個篩選不是這份資料上的 crmkit 元件建立的，無法送到伺服器（伺服器只接受條件，不接受 SQL）。',
  url: '伺服器只讀取設定檔列出的檔案，不會下載網址。',
  arrow: '伺服器的引擎讀取 CSV、Parquet 與 DuckDB 檔；Arrow 與 JSON 資料請在頁面中載入。',
};

/** "orders.csv：" / "匯出：" … the context the English message starts with, in Chinese when known. */
function context(d: { context?: string; file?: string }): string {
  if (d.context === undefined) return '';
  if (d.context === d.file) return `${f(d)}：`;
  if (d.context === 'Export') return '匯出：';
  const filter = /^The filter "(.*)" cannot be applied$/s.exec(d.context);
  if (filter) return `無法套用篩選${v.q(filter[1])}：`;
  return `${d.context}：`;
}

export const zhHant: ErrorCatalogue = {
  lang: 'zh-Hant',
  headline: {
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
    'needs-transactions': '這項分析需要原始交易資料',
  },
  message: {
    'empty-file': (d) => (d.size === 0 ? zh`${f(d)}是空的（0 位元組）。請確認匯出的檔案含有資料。` : zh`${f(d)}是空的。請確認匯出的檔案含有資料。`),
    'no-rows': (d) => (d.columns ? zh`${f(d)}只有欄位名稱（${d.columns.slice(0, 6).join('、')}），沒有任何資料列。` : zh`${f(d)}沒有任何資料列。`),
    'not-data': (d) => {
      switch (d.looksLike) {
        case 'image':
          return zh`${f(d)}是圖片，不是資料檔。請使用 CSV、Parquet、JSON 或 Arrow 檔案。`;
        case 'pdf':
          return zh`${f(d)}是 PDF 文件，不是資料檔。請將資料匯出為 CSV。`;
        case 'gzip':
          return zh`${f(d)}經過兩次 gzip 壓縮（.gz 裡面還有 .gz）。請先解壓縮一次，再載入。`;
        case 'json-without-rows':
          return zh`${f(d)}是 JSON，但不是資料列的清單。格式應為 [{"customer_id": …}, …] 或 {"data": [...]}。`;
        case 'row-not-object':
          return zh`${f(d)}：第${d.row}列不是帶有欄位名稱的物件。`;
      }
    },
    'html-page': (d) => zh`${f(d)}是網頁（HTML），不是資料。連結可能指向錯誤頁面或登入頁面，請檢查網址。`,
    spreadsheet: (d) => zh`${f(d)}是 Excel 活頁簿或 zip 壓縮檔，不是 CSV。請在 Excel 中用「另存新檔」→「CSV UTF-8」儲存，再載入那個檔案。`,
    binary: (d) => zh`${f(d)}不是文字（CSV）檔：其中含有二進位資料。請使用 CSV、Parquet、JSON 或 Arrow 檔案。`,
    unreadable: (d) => {
      if ('encoding' in d) return zh`這個瀏覽器無法解碼${v.q(d.encoding)}文字編碼。`;
      if (!('format' in d)) return zh`無法讀取${f(d)}（${v.system(d.reason)}）。請重新選擇檔案；如果檔案很大，請匯出較小的檔案（較少月份或欄位）。`;
      switch (d.format) {
        case 'csv':
          if ('size' in d)
            return zh`${f(d)}無法以 CSV 格式讀取：第${d.line}行長${n(d.size)}位元組，CSV 每行最多${n(d.limit)}位元組。請確認檔案是 CSV 匯出檔，而不是一個非常長的值。`;
          return zh`${f(d)}無法以 CSV 格式讀取${d.line ? zh`（第${d.line}行附近）` : ''}。${v.system(d.reason)}`;
        case 'json':
          return zh`${f(d)}不是有效的 JSON：第${d.line}行無法讀取（${v.q(d.value.slice(0, 60))}）。`;
        case 'parquet':
          return zh`${f(d)}無法當作 Parquet 檔讀取（${v.system(d.reason)}）。`;
        case 'arrow':
          return zh`${f(d)}不是可讀取的 Arrow IPC 檔（${v.system(d.reason)}）。`;
        case 'gzip':
          return d.unsupported
            ? zh`${f(d)}經過 gzip 壓縮，而這個瀏覽器無法解壓縮（沒有 DecompressionStream）。請先解壓縮，或改用較新的瀏覽器。`
            : zh`${f(d)}不是可讀取的 gzip 檔（${v.system(d.reason)}）。檔案可能已損壞或不完整，請重新下載或匯出。`;
      }
    },
    'fetch-failed': (d) => {
      if ('status' in d) {
        const status = d.statusText ? `${d.status} ${d.statusText}` : String(d.status);
        return d.server ? zh`crmkit 伺服器回應${status}。` : zh`無法下載${f(d)}：伺服器回應${status}。`;
      }
      if (d.server) return zh`無法連線到${d.server}的 crmkit 伺服器（${v.system(d.reason)}）。`;
      if (d.interrupted) return zh`${f(d)}下載到一半中斷了（${v.system(d.reason)}）。`;
      return zh`無法下載${f(d)}（${v.system(d.reason)}）。請檢查網址，並確認伺服器允許這個頁面讀取它。`;
    },
    'missing-column': (d) => {
      if ('missing' in d)
        return zh`${f(d)}沒有${v.or(d.missing.map(v.q))}欄位。找到的欄位：${headerList(v, d.columns ?? [])}。請重新命名欄位，或設定對應，例如${d.attributes.map((a) => `${a}="…"`).join(' ')}。`;
      if ('option' in d) return 'by="profit" 需要成本欄位，但載入的資料沒有。請在 <crm-source> 上對應成本欄位（例如 map-cost="Cost"），或改用 by="revenue"。';
      return zh`${d.file === undefined ? '顧客彙總表' : f(d)}沒有${v.q(d.column)}欄位。找到的欄位：${headerList(v, d.columns ?? [])}。`;
    },
    'mapped-column-missing': (d) =>
      zh`對應設定${`${d.attributes[0]}="${d.column}"`}指定的欄位，${f(d)}裡沒有。找到的欄位：${headerList(v, d.columns ?? [])}。請把${d.attributes[0]}設為其中一個欄位名稱。`,
    'unknown-mapping': (d) => zh`${v.q(d.column)}不是 crmkit 的欄位。可用的欄位：${d.known.join('、')}。`,
    'invalid-value': (d) => {
      if ('total' in d) return zh`畫面上${d.count}位顧客的${d.total === 'profit' ? '利潤' : d.total === 'orders' ? '訂單數' : '營收'}總和是${d.value}，不是正數，無法計算占比：柏拉圖曲線需要正的總和。`;
      if (!('row' in d)) return zh`${f(d)}的欄位${v.q(d.column)}：${n(d.rowCount)}列中有${n(d.count)}列是空的或無法讀取。`;
      const bad = badValue(d, v, {
        empty: '儲存格是空的',
        number: '不是數字',
        forAmount: '不是數字（計算金額需要這個欄位）',
        date: '不是日期',
        text: '無法讀取',
        notId: '不能當作編號',
        tooLarge: '太大（crmkit 只讀取絕對值小於 10^15 的數字）',
        beyondHeader: (k) => zh`位於標題列的${k}個欄位之後：這一列的欄位比標題列多（含有分隔符號的值需要加上引號）`,
        id: {
          'control-character': '含有控制字元，編號不能包含控制字元（通常表示匯出的檔案已損壞）',
          fraction: '不能當作編號：當作編號的數字必須是整數',
          duplicate: '出現在不止一列：顧客彙總表每位顧客只有一列',
          inexact: '不能當作編號：這是大於 9007199254740991（2^53 − 1）的浮點數，末幾位數可能已和檔案中的不同。請以文字或 64 位元整數儲存編號',
          boolean: '不能當作編號：true／false 不是編號',
        },
      });
      const hint = valueHint(d, {
        dateFormat: (ex) => zh`像${v.q(ex)}這樣的日期需要設定 date-format="${dateLayout(ex, 'dmy')}"（日在前）或 "${dateLayout(ex, 'mdy')}"（月在前）。`,
        delimiter: (row, del) => zh`第${row}列似乎使用了和標題列不同的分隔符號（${del === '\t' ? '定位字元 Tab' : v.q(del)}）。`,
        decimal: (ex) => zh`像${v.q(ex)}這樣以逗號為小數點的金額需要設定 decimal=","。`,
      });
      if (d.noRowReadable) return zh`${f(d)}：沒有任何一列可以讀取。欄位${v.q(d.column)}，第${d.row}列：${bad}。${hint}`;
      const others = (d.count ?? 1) > 1 ? zh`這個欄位共有${d.count!}列無法讀取${d.rows?.length ? zh`（前幾列：${v.rows(d.rows)}）` : ''}。` : '';
      if (d.unskippable) return zh`${f(d)}，欄位${v.q(d.column)}，第${d.row}列：${bad}。${others}請修正資料：這個欄位混用了文字與數字，無法略過個別的列。`;
      return zh`${f(d)}，欄位${v.q(d.column)}，第${d.row}列：${bad}。${others}${hint}請修正檔案，或設定 on-invalid="skip" 以載入其他列。`;
    },
    'invalid-option': (d) => {
      if ('thresholds' in d) {
        const h = d.thresholds;
        return zh`生命週期的天數門檻順序不正確（new-days ${h.newDays}、active-days ${h.activeDays}、half-asleep-days ${h.halfAsleepDays}、dormant-days ${h.dormantDays}）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。`;
      }
      if ('tiers' in d) return zh`${refused('tiers', d.value)}${tiers(d.tiers)}${TIERS_EXAMPLE}`;
      if ('needs' in d) {
        const x = d.needs;
        switch (x.kind) {
          case 'customer':
            return `這份資料中沒有編號為${v.q(clip(x.id, 60))}的顧客。`;
          case 'cost':
            return '服務成本未知：資料沒有成本欄位。請在元件上設定 cost-per-order（或 cost-per-unit），例如 cost-per-order="5"，或在 <crm-source> 上對應成本欄位（map-cost="…"）。';
          case 'quantity':
            return x.for === 'price'
              ? 'x="price"（平均實收單價）需要數量欄位，但資料沒有：請在 <crm-source> 上對應一個（map-quantity="…"），或改用 x="revenue"。'
              : 'cost-per-unit 需要數量欄位，但資料沒有：請在 <crm-source> 上對應一個（map-quantity="…"），或改用 cost-per-order。';
          case 'events':
            return '沒有載入事件資料：轉換漏斗需要事件檔（<crm-source events="…">）。';
        }
      }
      if ('expectedForm' in d) {
        switch (d.expectedForm) {
          case 'four-names':
            return zh`${refused(d.option, d.value)}需要以逗號分隔的四個名稱，依序為：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本。`;
          case 'date-other-than-as-of':
            return zh`${refused(d.option, d.value)}需要與 as-of 不同的日期（這個日期就是 as-of，請選另一個日期來比較）。`;
          case 'customer-id':
            return zh`${refused(d.option, d.value)}需要 1 到 256 個字元的顧客編號。`;
          case 'compare-to':
            return '顯示轉換（transitions）需要設定 compare-to：一個用來和 as-of 比較的日期。';
        }
      }
      if ('why' in d) return zh`區隔${v.q(clip(d.value, 60))}無法使用：${SEGMENT[d.reason]}。`;
      if ('accepts' in d) {
        if (d.accepts.kind === 'load-option' && !d.accepts.allowed) return zh`載入設定${d.option}不正確（${accepts(d.accepts)}）。`;
        return zh`${refused(d.option, d.value)}需要${accepts(d.accepts)}。`;
      }
      return zh`${refused(d.option, d.value)}${v.system(d.reason)}。`;
    },
    'too-large': (d) => {
      const advice = '請載入較小的匯出檔（較少月份或欄位），或改用伺服器端的引擎。';
      if (d.format === 'json' && d.size !== undefined)
        return zh`${f(d)}（${formatBytes(d.size)}）超過這個頁面可讀取的 JSON 大小（${formatBytes(d.limit)}）：讀取 JSON 需要檔案數倍大小的記憶體。請改匯出 CSV 或 Parquet，或較小的檔案。`;
      if (d.decompressed) return zh`${f(d)}解壓縮後超過這個頁面可接受的大小（${formatBytes(d.limit)}）。${advice}`;
      if (d.decoded && d.size !== undefined && d.rowCount !== undefined)
        return zh`${f(d)}有${n(d.rowCount)}列，解碼後約${formatBytes(d.size)}，超過這個頁面可接受的大小（${formatBytes(d.limit)}）。${advice}`;
      const what = d.size !== undefined ? zh`${f(d)}（${formatBytes(d.size)}）` : f(d);
      return zh`${what}超過這個頁面可接受的大小（${formatBytes(d.limit)}）。${advice}`;
    },
    'out-of-memory': (d) => {
      const advice = '請使用較小的檔案或較少的欄位。';
      if (d.file && d.size !== undefined) return zh`${f(d)}（${formatBytes(d.size)}）太大，這個瀏覽器分頁的記憶體容納不下。${advice}`;
      return zh`${context(d)}資料太大，這個瀏覽器分頁的記憶體容納不下。${advice}`;
    },
    cancelled: (d) => {
      if (d.server !== undefined) return '已取消送往伺服器的請求。';
      if (d.context !== undefined) return zh`${context(d)}已取消載入。`;
      return d.file ? zh`已取消載入${f(d)}。` : '已取消載入。';
    },
    engine: (d) => {
      if ('configured' in d)
        return '分析引擎（DuckDB）的檔案尚未設定。請匯入 "crmkit"（套件內附這些檔案，並會自動找到），或呼叫 setAssetBase(url) 指定存放 duckdb-eh.wasm 與 duckdb-browser-eh.worker.js 的資料夾。';
      if ('stopped' in d) return zh`分析引擎已停止運作（${v.system(d.reason)}）。資料需要重新載入。`;
      if ('asset' in d) return zh`DuckDB 分析引擎無法啟動（${v.system(d.reason)}）。請確認伺服器有提供${d.asset}。`;
      if (d.reason === 'file-name') return zh`檔案名稱${v.q(d.value)}不正確。`;
      if (d.reason === 'page-only')
        return d.analysis === 'data-quality'
          ? '資料品質報告檢查的是頁面載入檔案時的結果（重複、錯誤的值、被排除的列）；這份資料由 crmkit 伺服器提供，並未載入頁面。要檢查檔案，請在頁面中載入它：<crm-source src="…">。'
          : '轉換漏斗讀取在頁面中載入的事件檔；這份資料由 crmkit 伺服器提供，伺服器不提供事件資料。請在頁面中載入訂單與事件：<crm-source src="…" events="…">。';
      return ENGINE_REFUSAL[d.reason] ?? zh`分析引擎發生錯誤（${v.system(d.reason)}）。`;
    },
    query: (d) => (d.during === 'events' ? zh`${f(d)}：無法準備事件資料（${v.system(d.reason)}）。` : zh`${context(d)}查詢失敗（${v.system(d.reason)}）。`),
    'model-fit': (d) => {
      const m = d.model;
      const name = m.name === 'bgnbd' ? '購買次數模型（BG/NBD）' : '客單價模型（Gamma-Gamma）';
      switch (m.problem) {
        case 'too-few-customers':
          return `${name}在校準期內至少需要 ${n(m.needed)} 位顧客，目前只有 ${n(m.count)} 位。`;
        case 'too-few-repeat':
          return `${name}在校準期內至少需要 ${n(m.needed)} 位回購的顧客，目前只有 ${n(m.count)} 位。`;
        case 'no-first-purchase':
          return `${name}需要在校準期結束前已首次購買的顧客。`;
        case 'no-holdout':
          return d.first && d.last
            ? zh`校準期結束後沒有資料可供驗證：請把 calibration-end 設在第一個訂單日（${d.first}）與最後一天的前一天（${d.last}）之間${d.value ? zh`，目前是 ${d.value}` : ''}。`
            : '校準期結束後沒有資料可供驗證：請把 calibration-end 設在最後一筆訂單之前。';
        case 'degenerate':
          return m.name === 'gamma-gamma'
            ? `${name}的估計沒有收斂到可用的參數${m.reason ? `（${m.reason}）` : ''}：顧客之間回購金額的差異太小或太大。`
            : `${name}的估計沒有收斂到可用的參數${m.reason ? `（${m.reason}）` : ''}：資料對回購與流失的資訊不足。`;
      }
    },
    'invalid-rule': (d) => {
      const r = d.rule;
      const at = r.position !== undefined ? `第 ${r.position} 個字元處` : r.path ? `在 ${r.path} ` : '';
      return `規則不正確：${RULE[r.problem](r.token ?? '', at, String(r.limit ?? ''))}。`;
    },
    'needs-transactions': (d) =>
      `「${d.dataset}」是預先算好的顧客彙總表（每位顧客一列，沒有交易明細）：${d.analysis ? `${d.analysis} 在這些選項下` : '這項分析'}需要原始交易資料（顧客歷史中的日期：時間窗、其他基準日、兩個日期間的生命週期轉移、KPI 期間、顧客卡的時間軸、預測價值、標籤）。請改為提供交易資料，或使用彙總表就能算的分析（金字塔、RFM、帕累托、矩陣、名單）。`,
    'invalid-row-rule': (d) => {
      const r = d.rowRule;
      const rule = r.index !== undefined ? `第 ${r.index + 1} 條列規則${r.text ? `（${r.text}）` : ''}` : '列規則';
      if (r.problem === 'bad-shape' && !r.path) return '列規則必須是規則的清單（JSON 陣列）。';
      return ROW_RULE[r.problem](r, d.file === undefined ? '' : f(d), rule);
    },
  },
};
