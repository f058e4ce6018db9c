import type { CrmErrorDetail, RowRuleProblem } from '@crmkit/core';

type Zh = 'zh-Hant' | 'zh-Hans';
type Facts = NonNullable<CrmErrorDetail['rowRule']>;

/** `rule` is "第 2 條規則（…）", `q` quotes a fact from the input. */
const WORDS: Record<Zh, { rule: (n: number, text?: string) => string; q: (s: string) => string; say: Record<RowRuleProblem, (f: Facts, file: string, rule: string) => string> }> = {
  'zh-Hant': {
    rule: (n, text) => `第 ${n} 條列規則${text ? `（${text}）` : ''}`,
    q: (s) => `「${s}」`,
    say: {
      syntax: (_f, _file, r) => `${r}無法解讀：請寫成「欄位 運算 值」，例如 order_id starts-with C；日期範圍寫成 between YYYY-MM-DD and YYYY-MM-DD，引號要成對。`,
      'unknown-op': (f, _file, r) => `${r}的「${f.token}」不是可用的運算；請使用 =、in、starts-with、between、from 或 to。`,
      'empty-value': (f, _file, r) => `${r}在「${f.token}」之後沒有值。`,
      'bad-date': (f, _file, r) => `${r}的「${f.token}」不是以 YYYY-MM-DD 寫成的日期。`,
      'empty-range': (f, _file, r) => `${r}的日期範圍是空的（${f.token}）：開始日期在結束日期之後。`,
      'bad-shape': (f, _file, r) => `${r}不是有效的規則（${f.path}）。規則的格式為 { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }。`,
      'too-many': (f) => `列規則太多（${f.token} 條）；最多 50 條。`,
      'unknown-column': (f, file, r) => `${r}：${file ? `${file} ` : ''}沒有「${f.column}」欄位。找到的欄位：${(f.columns ?? []).slice(0, 20).join('、')}。`,
      'removes-all': (f, file) => `${file ? `${file}：` : ''}列規則排除了所有的列（各規則排除的列數：${(f.removed ?? []).join('、')}）。`,
    },
  },
  'zh-Hans': {
    rule: (n, text) => `第 ${n} 条行规则${text ? `（${text}）` : ''}`,
    q: (s) => `“${s}”`,
    say: {
      syntax: (_f, _file, r) => `${r}无法解读：请写成“字段 运算 值”，例如 order_id starts-with C；日期范围写成 between YYYY-MM-DD and YYYY-MM-DD，引号要成对。`,
      'unknown-op': (f, _file, r) => `${r}的“${f.token}”不是可用的运算；请使用 =、in、starts-with、between、from 或 to。`,
      'empty-value': (f, _file, r) => `${r}在“${f.token}”之后没有值。`,
      'bad-date': (f, _file, r) => `${r}的“${f.token}”不是以 YYYY-MM-DD 写成的日期。`,
      'empty-range': (f, _file, r) => `${r}的日期范围是空的（${f.token}）：开始日期在结束日期之后。`,
      'bad-shape': (f, _file, r) => `${r}不是有效的规则（${f.path}）。规则的格式为 { action: "exclude" | "keep", column, op: "equals" | "in" | "starts-with" | "between", value | values | from/to }。`,
      'too-many': (f) => `行规则太多（${f.token} 条）；最多 50 条。`,
      'unknown-column': (f, file, r) => `${r}：${file ? `${file} ` : ''}没有“${f.column}”字段。找到的字段：${(f.columns ?? []).slice(0, 20).join('、')}。`,
      'removes-all': (f, file) => `${file ? `${file}：` : ''}行规则排除了所有的行（各规则排除的行数：${(f.removed ?? []).join('、')}）。`,
    },
  },
};

/** The whole message of an invalid-row-rule error in Chinese, or undefined when the detail lacks a fact it needs. */
export function rowRuleSentence(d: CrmErrorDetail, file: string, lang: Zh): string | undefined {
  const f = d.rowRule;
  if (!f) return undefined;
  const w = WORDS[lang];
  const needs: Partial<Record<RowRuleProblem, (keyof Facts)[]>> = {
    'unknown-op': ['token'],
    'empty-value': ['token'],
    'bad-date': ['token'],
    'empty-range': ['token'],
    'bad-shape': ['path'],
    'too-many': ['token'],
    'unknown-column': ['column'],
    'removes-all': ['removed'],
  };
  if ((needs[f.problem] ?? []).some((k) => f[k] === undefined)) return undefined;
  const rule = f.index !== undefined ? w.rule(f.index + 1, f.text) : '';
  return w.say[f.problem](f, file, rule);
}
