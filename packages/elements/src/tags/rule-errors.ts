import type { CrmErrorDetail, RuleProblem } from '@crmkit/core';

type Zh = 'zh-Hant' | 'zh-Hans';

/** What each rule problem reads as in Chinese: `t` is the bad token, `at` the position, `n` the limit. */
const WORDS: Record<Zh, Record<RuleProblem, (t: string, at: string, n: string) => string>> = {
  'zh-Hant': {
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
  },
  'zh-Hans': {
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
  },
};

/** An invalid-rule error in Chinese, from its detail; undefined when the detail lacks the facts. */
export function ruleSentence(d: CrmErrorDetail, lang: Zh): string | undefined {
  const r = d.rule;
  if (!r || !(r.problem in WORDS[lang])) return undefined;
  const hant = lang === 'zh-Hant';
  const at = r.position !== undefined ? (hant ? `第 ${r.position} 個字元處` : `第 ${r.position} 个字符处`) : r.path ? (hant ? `在 ${r.path} ` : `在 ${r.path} `) : '';
  const text = WORDS[lang][r.problem](r.token ?? '', at, String(r.limit ?? ''));
  return `${hant ? '規則不正確' : '规则不正确'}：${text}。`;
}
