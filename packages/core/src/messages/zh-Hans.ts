/**
 * Simplified Chinese (zh-Hans): every code's headline and message, built
 * from the code's facts. Facts from the input (file and column names, values)
 * are put in as text; render the result as text, never as HTML.
 */
import type { ErrorCatalogue, OptionAccepts, SegmentProblem, RowRuleFacts, RowRuleProblem, RuleProblem, TiersProblem } from '../error-types.js';
import { formatBytes } from '../loaders/bytes.js';
import { badValue, clip, dateLayout, fileName, headerList, valueHint, zh, type Vocabulary } from './zh-text.js';

const v: Vocabulary = {
  q: (s) => `“${s}”`,
  list: (items) => items.join('、'),
  or: (items) => (items.length > 1 ? `${items.slice(0, -1).join('、')}或${items[items.length - 1]}` : items.join('')),
  unnamed: { 'the transactions': '交易数据', 'the customers': '顾客数据', 'the events': '事件数据', 'the data': '数据' },
  none: '（无）',
  more: (n) => zh`，另有${n}个`,
  rows: (rows) => zh`第${rows.join('、')}行`,
  system: (reason) => `系统信息：${reason}`,
};
const f = (d: { file?: string }) => fileName(v, d.file);
const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');

/** "屬性 X 的值「v」不正確：" */
const refused = (option: string, value: string) => zh`属性${option}的值${v.q(clip(value, 60))}不正确：`;

function accepts(a: OptionAccepts): string {
  switch (a.kind) {
    case 'choice':
      return a.many ? zh`下列一个或多个（以逗号分隔）：${v.list(a.allowed.map((x) => v.q(x)))}` : zh`下列其中之一：${v.or(a.allowed.map((x) => v.q(x)))}`;
    case 'date':
      return ' YYYY-MM-DD 格式的日期，例如 2024-03-31';
    case 'days':
      return zh`${a.min}到${a.max}之间的整数天数`;
    case 'time-zone':
      return '时区名称，例如 "Asia/Shanghai"、"America/New_York" 或 "UTC"';
    case 'number': {
      const range = [
        a.min !== undefined ? (a.exclusiveMin ? zh`大于 ${a.min}` : zh`至少 ${a.min}`) : '',
        a.max !== undefined ? (a.exclusiveMax ? zh`小于 ${a.max}` : zh`至多 ${a.max}`) : '',
      ].filter(Boolean);
      return zh`${a.integer ? '整数' : '数字'}${range.length ? `（${range.join('，')}）` : ''}`;
    }
    case 'text':
      return a.min ? zh`${a.min}到${a.max}个字符的文本` : zh`最多${a.max}个字符的文本`;
    case 'url':
      return ' http(s) 网址';
    case 'column-name':
      return '字段名称：以小写英文字母开头，其后为小写英文字母、数字或 _（最多 31 个字符），且不能与列表已有的字段同名';
    case 'event-steps':
      return a.distinct ? 'order="any" 时各步骤的事件名称不能重复' : zh`以逗号分隔的${a.min}到${a.max}个事件名称，例如 visit,add_to_cart,purchase`;
    case 'duration':
      return zh`时间长度，例如 30m、24h、7d 或 2w，最长${a.maxDays}天`;
    case 'step':
      return zh`第${a.min}到第${a.max}个步骤`;
    case 'rank-range':
      return '排名范围';
    case 'load-option':
      return a.allowed ? zh`下列其中之一：${v.or(a.allowed.map((x) => v.q(x)))}` : v.system(a.issue);
  }
}

function tiers(t: TiersProblem): string {
  switch (t.problem) {
    case 'too-few':
      return '至少需要两个等级。';
    case 'no-name':
      return zh`第${t.tier}个等级没有名称。`;
    case 'bad-name':
      return `${v.q(t.name)}不是等级名称（可用文字、数字、空格、- 和 _，最多 40 个字符）。`;
    case 'twice':
      return `${v.q(t.name)}出现了两次。`;
    case 'last-has-percentage':
      return `最后一个等级（${v.q(t.name)}）包含其余顾客，不要给它百分比。`;
    case 'no-percentage':
      return zh`${v.q(t.name)}需要百分比，例如 ${t.name}:5。`;
    case 'not-a-percentage':
      return `${v.q(t.percent)}（${v.q(t.name)}的）不是大于 0 的百分比。`;
    case 'decimals':
      return zh`${t.percent}%（${v.q(t.name)}的）超过两位小数。`;
    case 'no-rest':
      return zh`百分比加起来是${t.total}%，最后一个等级没有顾客了。`;
  }
}
const TIERS_EXAMPLE = '正确的写法例如 "diamond:5,gold:15,regular"：从上到下写出每个等级的名称和百分比，最后一个等级不写百分比，包含其余顾客。';

const SEGMENT: Record<SegmentProblem, string> = {
  'not-a-segment': '这不是保存的细分',
  'too-long': '保存的细分太长',
  'no-name': '保存的细分没有名称',
  'bad-tags': '细分的标签列表不正确（需要 1 到 50 个名称）',
  'bad-mode': '细分的匹配方式不正确',
  'bad-rule': '细分的规则不正确',
  'bad-condition': '细分的条件不正确（可能来自旧版本或被改动的链接）',
  'unknown-widget': '细分的条件指向无法识别的组件',
};

const RULE: Record<RuleProblem, (t: string, at: string, n: string) => string> = {
  empty: () => '规则是空的',
  'too-long': (_t, _a, n) => `规则超过 ${n} 个字符`,
  'too-deep': (_t, at, n) => `规则${at}嵌套超过 ${n} 层`,
  'too-many': (_t, _a, n) => `规则的条件超过 ${n} 个`,
  'bad-character': (t, at) => `${at}有无法识别的字符「${t}」`,
  'unclosed-string': (_t, at) => `${at}的引号没有结束`,
  'unexpected-token': (t, at) => `${at}出现不该有的「${t}」`,
  'unexpected-end': () => '规则提前结束（缺少条件或右括号）',
  'unknown-field': (t, at) => `${at}的字段「${t}」不存在（可用字段：orders、lines、revenue、cost、profit、quantity、first_order、last_order、days_since_last、tenure_days、average_order）`,
  'bad-operator': (t, at) => `${at}的运算符「${t}」不正确（可用：> >= < <= = !=）`,
  'bad-value': (t, at) => `${at}的值「${t}」不符合字段（数值字段需要小于 10^15 的数字，日期字段需要 YYYY-MM-DD）`,
  'bad-shape': (t, at) => `${at}${t ? `有不该有的键「${t}」` : '不是规则'}（需要 all、any、not，或 field + op + value）`,
};

const ROW_RULE: Record<RowRuleProblem, (r: RowRuleFacts, file: string, rule: string) => string> = {
  syntax: (_f, _file, r) => `${r}无法解读：请写成“字段 运算 值”，例如 order_id starts-with C；日期范围写成 between YYYY-MM-DD and YYYY-MM-DD，引号要成对。`,
  'unknown-op': (x, _file, r) => `${r}的“${x.token}”不是可用的运算；请使用 =、in、starts-with、between、from 或 to。`,
  'empty-value': (x, _file, r) => `${r}在“${x.token}”之后没有值。`,
  'bad-date': (x, _file, r) => `${r}的“${x.token}”不是以 YYYY-MM-DD 写成的日期。`,
  'empty-range': (x, _file, r) => `${r}的日期范围是空的（${x.token}）：开始日期在结束日期之后。`,
  'bad-shape': (x, _file, r) => `${r}不是有效的规则（${x.path}）。规则的格式为 { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }。`,
  'too-many': (x) => `行规则太多（${x.token} 条）；最多 ${x.limit ?? 50} 条。`,
  'unknown-column': (x, file, r) => `${r}：${file ? `${file} ` : ''}没有“${x.column}”字段。找到的字段：${(x.columns ?? []).slice(0, 20).join('、')}。`,
  'removes-all': (x, file) => `${file ? `${file}：` : ''}行规则排除了所有的行（各规则排除的行数：${(x.removed ?? []).join('、')}）。`,
};

const ENGINE_REFUSAL: Record<string, string> = {
  remote: '这份数据由 crmkit 服务器提供：页面不发送 SQL，这项分析目前只能在页面内的数据上运行。',
  'not-remote': '这份数据不是由 crmkit 服务器提供。',
  'remote-filter': '这个筛选不是这份数据上的 crmkit 组件创建的，无法发送到服务器（服务器只接受条件，不接受 SQL）。',
  url: '服务器只读取配置文件列出的文件，不会下载网址。',
  arrow: '服务器的引擎读取 CSV、Parquet 和 DuckDB 文件；Arrow 和 JSON 数据请在页面中加载。',
};

/** "orders.csv：" / "导出：" … the context the English message starts with, in Chinese when known. */
function context(d: { context?: string; file?: string }): string {
  if (d.context === undefined) return '';
  if (d.context === d.file) return `${f(d)}：`;
  if (d.context === 'Export') return '导出：';
  const filter = /^The filter "(.*)" cannot be applied$/s.exec(d.context);
  if (filter) return `无法应用筛选${v.q(filter[1])}：`;
  return `${d.context}：`;
}

export const zhHans: ErrorCatalogue = {
  lang: 'zh-Hans',
  headline: {
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
    'needs-transactions': '这项分析需要原始交易数据',
  },
  message: {
    'empty-file': (d) => (d.size === 0 ? zh`${f(d)}是空的（0 字节）。请确认导出的文件包含数据。` : zh`${f(d)}是空的。请确认导出的文件包含数据。`),
    'no-rows': (d) => (d.columns ? zh`${f(d)}只有字段名称（${d.columns.slice(0, 6).join('、')}），没有任何数据行。` : zh`${f(d)}没有任何数据行。`),
    'not-data': (d) => {
      switch (d.looksLike) {
        case 'image':
          return zh`${f(d)}是图片，不是数据文件。请使用 CSV、Parquet、JSON 或 Arrow 文件。`;
        case 'pdf':
          return zh`${f(d)}是 PDF 文档，不是数据文件。请将数据导出为 CSV。`;
        case 'gzip':
          return zh`${f(d)}经过两次 gzip 压缩（.gz 里面还有 .gz）。请先解压缩一次，再加载。`;
        case 'json-without-rows':
          return zh`${f(d)}是 JSON，但不是数据行的列表。格式应为 [{"customer_id": …}, …] 或 {"data": [...]}。`;
        case 'row-not-object':
          return zh`${f(d)}：第${d.row}行不是带有字段名称的对象。`;
      }
    },
    'html-page': (d) => zh`${f(d)}是网页（HTML），不是数据。链接可能指向错误页面或登录页面，请检查网址。`,
    spreadsheet: (d) => zh`${f(d)}是 Excel 工作簿或 zip 压缩文件，不是 CSV。请在 Excel 中用“另存为”→“CSV UTF-8”保存，再加载那个文件。`,
    binary: (d) => zh`${f(d)}不是文本（CSV）文件：其中包含二进制数据。请使用 CSV、Parquet、JSON 或 Arrow 文件。`,
    unreadable: (d) => {
      if ('encoding' in d) return zh`此浏览器无法解码${v.q(d.encoding)}文本编码。`;
      if (!('format' in d)) return zh`无法读取${f(d)}（${v.system(d.reason)}）。请重新选择文件；如果文件很大，请导出较小的文件（较少的月份或字段）。`;
      switch (d.format) {
        case 'csv':
          if ('size' in d)
            return zh`${f(d)}无法按 CSV 格式读取：第${d.line}行长${n(d.size)}字节，CSV 每行最多${n(d.limit)}字节。请确认文件是 CSV 导出文件，而不是一个非常长的值。`;
          return zh`${f(d)}无法按 CSV 格式读取${d.line ? zh`（第${d.line}行附近）` : ''}。${v.system(d.reason)}`;
        case 'json':
          return zh`${f(d)}不是有效的 JSON：第${d.line}行无法读取（${v.q(d.value.slice(0, 60))}）。`;
        case 'parquet':
          return zh`${f(d)}无法作为 Parquet 文件读取（${v.system(d.reason)}）。`;
        case 'arrow':
          return zh`${f(d)}不是可读取的 Arrow IPC 文件（${v.system(d.reason)}）。`;
        case 'gzip':
          return d.unsupported
            ? zh`${f(d)}经过 gzip 压缩，而此浏览器无法解压缩（没有 DecompressionStream）。请先解压缩，或改用较新的浏览器。`
            : zh`${f(d)}不是可读取的 gzip 文件（${v.system(d.reason)}）。文件可能已损坏或不完整，请重新下载或导出。`;
      }
    },
    'fetch-failed': (d) => {
      if ('status' in d) {
        const status = d.statusText ? `${d.status} ${d.statusText}` : String(d.status);
        return d.server ? zh`crmkit 服务器返回${status}。` : zh`无法下载${f(d)}：服务器返回${status}。`;
      }
      if (d.server) return zh`无法连接到${d.server}的 crmkit 服务器（${v.system(d.reason)}）。`;
      if (d.interrupted) return zh`${f(d)}下载到一半中断了（${v.system(d.reason)}）。`;
      return zh`无法下载${f(d)}（${v.system(d.reason)}）。请检查网址，并确认服务器允许此页面读取它。`;
    },
    'missing-column': (d) => {
      if ('missing' in d)
        return zh`${f(d)}没有${v.or(d.missing.map(v.q))}字段。找到的字段：${headerList(v, d.columns ?? [])}。请重命名字段，或设置映射，例如${d.attributes.map((a) => `${a}="…"`).join(' ')}。`;
      if ('option' in d) return 'by="profit" 需要成本字段，但加载的数据没有。请在 <crm-source> 上映射成本字段（例如 map-cost="Cost"），或改用 by="revenue"。';
      return zh`${d.file === undefined ? '顾客汇总表' : f(d)}没有${v.q(d.column)}字段。找到的字段：${headerList(v, d.columns ?? [])}。`;
    },
    'mapped-column-missing': (d) =>
      zh`映射设置${`${d.attributes[0]}="${d.column}"`}指定的字段，${f(d)}中没有。找到的字段：${headerList(v, d.columns ?? [])}。请把${d.attributes[0]}设为其中一个字段名称。`,
    'unknown-mapping': (d) => zh`${v.q(d.column)}不是 crmkit 的字段。可用的字段：${d.known.join('、')}。`,
    'invalid-value': (d) => {
      if ('total' in d) return zh`页面上${d.count}位顾客的${d.total === 'profit' ? '利润' : d.total === 'orders' ? '订单数' : '营收'}总和是${d.value}，不是正数，无法计算占比：帕累托曲线需要正的总和。`;
      if (!('row' in d)) return zh`${f(d)}的字段${v.q(d.column)}：${n(d.rowCount)}行中有${n(d.count)}行是空的或无法读取。`;
      const bad = badValue(d, v, {
        empty: '单元格为空',
        number: '不是数字',
        forAmount: '不是数字（计算金额需要此字段）',
        date: '不是日期',
        text: '无法读取',
        notId: '不能作为编号',
        tooLarge: '太大（crmkit 只读取绝对值小于 10^15 的数字）',
        beyondHeader: (k) => zh`位于标题行的${k}个字段之后：这一行的字段比标题行多（包含分隔符的值需要加上引号）`,
        id: {
          'control-character': '含有控制字符，编号不能包含控制字符（通常表示导出的文件已损坏）',
          fraction: '不能作为编号：作为编号的数字必须是整数',
          duplicate: '出现在不止一行：客户汇总表每位客户只有一行',
          inexact: '不能作为编号：这是大于 9007199254740991（2^53 − 1）的浮点数，最后几位数字可能已与文件中的不同。请以文本或 64 位整数存储编号',
          boolean: '不能作为编号：true／false 不是编号',
        },
      });
      const hint = valueHint(d, {
        dateFormat: (ex) => zh`像${v.q(ex)}这样的日期需要设置 date-format="${dateLayout(ex, 'dmy')}"（日在前）或 "${dateLayout(ex, 'mdy')}"（月在前）。`,
        delimiter: (row, del) => zh`第${row}行似乎使用了与标题行不同的分隔符（${del === '\t' ? '制表符 Tab' : v.q(del)}）。`,
        decimal: (ex) => zh`像${v.q(ex)}这样以逗号为小数点的金额需要设置 decimal=","。`,
      });
      if (d.noRowReadable) return zh`${f(d)}：没有任何一行可以读取。字段${v.q(d.column)}，第${d.row}行：${bad}。${hint}`;
      const others = (d.count ?? 1) > 1 ? zh`此字段共有${d.count!}行无法读取${d.rows?.length ? zh`（前几行：${v.rows(d.rows)}）` : ''}。` : '';
      if (d.unskippable) return zh`${f(d)}，字段${v.q(d.column)}，第${d.row}行：${bad}。${others}请修正数据：此字段混用了文本和数字，无法跳过个别的行。`;
      return zh`${f(d)}，字段${v.q(d.column)}，第${d.row}行：${bad}。${others}${hint}请修正文件，或设置 on-invalid="skip" 以加载其他行。`;
    },
    'invalid-option': (d) => {
      if ('thresholds' in d) {
        const h = d.thresholds;
        return zh`生命周期的天数门槛顺序不正确（new-days ${h.newDays}、active-days ${h.activeDays}、half-asleep-days ${h.halfAsleepDays}、dormant-days ${h.dormantDays}）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。`;
      }
      if ('tiers' in d) return zh`${refused('tiers', d.value)}${tiers(d.tiers)}${TIERS_EXAMPLE}`;
      if ('needs' in d) {
        const x = d.needs;
        switch (x.kind) {
          case 'customer':
            return `这份数据中没有编号为${v.q(clip(x.id, 60))}的顾客。`;
          case 'cost':
            return '服务成本未知：数据没有成本字段。请在组件上设置 cost-per-order（或 cost-per-unit），例如 cost-per-order="5"，或在 <crm-source> 上映射成本字段（map-cost="…"）。';
          case 'quantity':
            return x.for === 'price'
              ? 'x="price"（平均实收单价）需要数量字段，但数据没有：请在 <crm-source> 上映射一个（map-quantity="…"），或改用 x="revenue"。'
              : 'cost-per-unit 需要数量字段，但数据没有：请在 <crm-source> 上映射一个（map-quantity="…"），或改用 cost-per-order。';
          case 'events':
            return '没有加载事件数据：转化漏斗需要事件文件（<crm-source events="…">）。';
        }
      }
      if ('expectedForm' in d) {
        switch (d.expectedForm) {
          case 'four-names':
            return zh`${refused(d.option, d.value)}需要以逗号分隔的四个名称，依次为：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本。`;
          case 'date-other-than-as-of':
            return zh`${refused(d.option, d.value)}需要与 as-of 不同的日期（这个日期就是 as-of，请选另一个日期来比较）。`;
          case 'customer-id':
            return zh`${refused(d.option, d.value)}需要 1 到 256 个字符的顾客编号。`;
          case 'compare-to':
            return '显示转换（transitions）需要设置 compare-to：一个用来和 as-of 比较的日期。';
        }
      }
      if ('why' in d) return zh`细分${v.q(clip(d.value, 60))}无法使用：${SEGMENT[d.reason]}。`;
      if ('accepts' in d) {
        if (d.accepts.kind === 'load-option' && !d.accepts.allowed) return zh`加载设置${d.option}不正确（${accepts(d.accepts)}）。`;
        return zh`${refused(d.option, d.value)}需要${accepts(d.accepts)}。`;
      }
      return zh`${refused(d.option, d.value)}${v.system(d.reason)}。`;
    },
    'too-large': (d) => {
      const advice = '请加载较小的导出文件（较少的月份或字段），或改用服务器端的引擎。';
      if (d.format === 'json' && d.size !== undefined)
        return zh`${f(d)}（${formatBytes(d.size)}）超过此页面可读取的 JSON 大小（${formatBytes(d.limit)}）：读取 JSON 需要文件数倍大小的内存。请改为导出 CSV 或 Parquet，或较小的文件。`;
      if (d.decompressed) return zh`${f(d)}解压缩后超过此页面可接受的大小（${formatBytes(d.limit)}）。${advice}`;
      if (d.decoded && d.size !== undefined && d.rowCount !== undefined)
        return zh`${f(d)}有${n(d.rowCount)}行，解码后约${formatBytes(d.size)}，超过此页面可接受的大小（${formatBytes(d.limit)}）。${advice}`;
      const what = d.size !== undefined ? zh`${f(d)}（${formatBytes(d.size)}）` : f(d);
      return zh`${what}超过此页面可接受的大小（${formatBytes(d.limit)}）。${advice}`;
    },
    'out-of-memory': (d) => {
      const advice = '请使用较小的文件或较少的字段。';
      if (d.file && d.size !== undefined) return zh`${f(d)}（${formatBytes(d.size)}）太大，此浏览器标签页的内存容纳不下。${advice}`;
      return zh`${context(d)}数据太大，此浏览器标签页的内存容纳不下。${advice}`;
    },
    cancelled: (d) => {
      if (d.server !== undefined) return '已取消发往服务器的请求。';
      if (d.context !== undefined) return zh`${context(d)}已取消加载。`;
      return d.file ? zh`已取消加载${f(d)}。` : '已取消加载。';
    },
    engine: (d) => {
      if ('configured' in d)
        return '分析引擎（DuckDB）的文件尚未设置。请导入 "crmkit"（包内附带这些文件，并会自动找到），或调用 setAssetBase(url) 指定存放 duckdb-eh.wasm 和 duckdb-browser-eh.worker.js 的文件夹。';
      if ('stopped' in d) return zh`分析引擎已停止运行（${v.system(d.reason)}）。数据需要重新加载。`;
      if ('asset' in d) return zh`DuckDB 分析引擎无法启动（${v.system(d.reason)}）。请确认服务器提供了${d.asset}。`;
      if (d.reason === 'file-name') return zh`文件名${v.q(d.value)}不正确。`;
      if (d.reason === 'page-only')
        return d.analysis === 'data-quality'
          ? '数据质量报告检查的是页面加载文件时的结果（重复、错误的值、被排除的行）；这份数据由 crmkit 服务器提供，并未加载到页面。要检查文件，请在页面中加载它：<crm-source src="…">。'
          : '转化漏斗读取在页面中加载的事件文件；这份数据由 crmkit 服务器提供，服务器不提供事件数据。请在页面中加载订单和事件：<crm-source src="…" events="…">。';
      return ENGINE_REFUSAL[d.reason] ?? zh`分析引擎发生错误（${v.system(d.reason)}）。`;
    },
    query: (d) => (d.during === 'events' ? zh`${f(d)}：无法准备事件数据（${v.system(d.reason)}）。` : zh`${context(d)}查询失败（${v.system(d.reason)}）。`),
    'model-fit': (d) => {
      const m = d.model;
      const name = m.name === 'bgnbd' ? '购买次数模型（BG/NBD）' : '客单价模型（Gamma-Gamma）';
      switch (m.problem) {
        case 'too-few-customers':
          return `${name}在校准期内至少需要 ${n(m.needed)} 位顾客，目前只有 ${n(m.count)} 位。`;
        case 'too-few-repeat':
          return `${name}在校准期内至少需要 ${n(m.needed)} 位回购的顾客，目前只有 ${n(m.count)} 位。`;
        case 'no-first-purchase':
          return `${name}需要在校准期结束前已首次购买的顾客。`;
        case 'no-holdout':
          return d.first && d.last
            ? zh`校准期结束后没有数据可供验证：请把 calibration-end 设在第一个订单日（${d.first}）与最后一天的前一天（${d.last}）之间${d.value ? zh`，目前是 ${d.value}` : ''}。`
            : '校准期结束后没有数据可供验证：请把 calibration-end 设在最后一笔订单之前。';
        case 'degenerate':
          return m.name === 'gamma-gamma'
            ? `${name}的估计没有收敛到可用的参数${m.reason ? `（${m.reason}）` : ''}：顾客之间回购金额的差异太小或太大。`
            : `${name}的估计没有收敛到可用的参数${m.reason ? `（${m.reason}）` : ''}：数据对回购与流失的信息不足。`;
      }
    },
    'invalid-rule': (d) => {
      const r = d.rule;
      const at = r.position !== undefined ? `第 ${r.position} 个字符处` : r.path ? `在 ${r.path} ` : '';
      return `规则不正确：${RULE[r.problem](r.token ?? '', at, String(r.limit ?? ''))}。`;
    },
    'needs-transactions': (d) =>
      `“${d.dataset}”是预先算好的客户汇总表（每位客户一行，没有交易明细）：${d.analysis ? `${d.analysis} 在这些选项下` : '这项分析'}需要原始交易数据（客户历史中的日期：时间窗、其他基准日、两个日期间的生命周期转移、KPI 期间、客户卡的时间轴、预测价值、标签）。改为提供交易数据，或使用汇总表就能算的分析（金字塔、RFM、帕累托、矩阵、名单）。`,
    'invalid-row-rule': (d) => {
      const r = d.rowRule;
      const rule = r.index !== undefined ? `第 ${r.index + 1} 条行规则${r.text ? `（${r.text}）` : ''}` : '行规则';
      if (r.problem === 'bad-shape' && !r.path) return '行规则必须是规则的列表（JSON 数组）。';
      return ROW_RULE[r.problem](r, d.file === undefined ? '' : f(d), rule);
    },
  },
};
