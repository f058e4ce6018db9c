/**
 * Every analysis's option errors on zh-Hant and zh-Hans pages: a bad option value on each widget shows
 * the catalogue's headline and whole message in Chinese (written here by hand, word for word), and the
 * widget's `crm-error` event carries the code, the facts (option, value, what it takes) and the same
 * Chinese text as `localizedMessage`. The text comes from code and detail alone: the English message
 * is not read.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';
import { errorMessage, type CrmErrorData } from '@crmkit/core';
import type { CrmErrorEventDetail, CrmSource } from '@crmkit/elements';

/** Three customers, five orders, with cost and quantity columns. */
const ROWS = [
  { customer_id: 'a', order_date: '2024-01-02', amount: 100, cost: 10, quantity: 2 },
  { customer_id: 'a', order_date: '2024-03-01', amount: 200, cost: 30, quantity: 1 },
  { customer_id: 'b', order_date: '2024-01-10', amount: 60, cost: 50, quantity: 3 },
  { customer_id: 'c', order_date: '2024-02-01', amount: 15, cost: 1, quantity: 1 },
  { customer_id: 'c', order_date: '2024-02-20', amount: 25, cost: 2, quantity: 1 },
];

type Widget = HTMLElement & { updateComplete: Promise<boolean> };
type Lang = 'zh-Hant' | 'zh-Hans';

interface Case {
  tag: string;
  attribute: string;
  value: string;
  /** The facts the event must carry besides code. */
  facts: Record<string, unknown>;
  /** The message in each script, as a reader sees it. */
  text: Record<Lang, string>;
}

const X60 = 'x'.repeat(60);
const TIERS_EXAMPLE = {
  'zh-Hant': '正確的寫法例如 "diamond:5,gold:15,regular"：由上而下寫出每個等級的名稱與百分比，最後一個等級不寫百分比，包含其餘顧客。',
  'zh-Hans': '正确的写法例如 "diamond:5,gold:15,regular"：从上到下写出每个等级的名称和百分比，最后一个等级不写百分比，包含其余顾客。',
};

const CASES: Case[] = [
  {
    tag: 'crm-segment-pyramid',
    attribute: 'by',
    value: 'margin',
    facts: { option: 'by', value: 'margin', accepts: { kind: 'choice', allowed: ['revenue', 'profit', 'orders'] } },
    text: {
      'zh-Hant': '屬性 by 的值「margin」不正確：需要下列其中之一：「revenue」、「profit」或「orders」。',
      'zh-Hans': '属性 by 的值“margin”不正确：需要下列其中之一：“revenue”、“profit”或“orders”。',
    },
  },
  {
    tag: 'crm-segment-pyramid',
    attribute: 'tiers',
    value: 'gold',
    facts: { option: 'tiers', value: 'gold', tiers: { problem: 'too-few' } },
    text: {
      'zh-Hant': `屬性 tiers 的值「gold」不正確：至少需要兩個等級。${TIERS_EXAMPLE['zh-Hant']}`,
      'zh-Hans': `属性 tiers 的值“gold”不正确：至少需要两个等级。${TIERS_EXAMPLE['zh-Hans']}`,
    },
  },
  {
    tag: 'crm-segment-pyramid',
    attribute: 'tiers',
    value: 'gold:5,gold',
    facts: { option: 'tiers', value: 'gold:5,gold', tiers: { problem: 'twice', name: 'gold' } },
    text: {
      'zh-Hant': `屬性 tiers 的值「gold:5,gold」不正確：「gold」出現了兩次。${TIERS_EXAMPLE['zh-Hant']}`,
      'zh-Hans': `属性 tiers 的值“gold:5,gold”不正确：“gold”出现了两次。${TIERS_EXAMPLE['zh-Hans']}`,
    },
  },
  {
    tag: 'crm-segment-pyramid',
    attribute: 'mode',
    value: 'pie',
    facts: { option: 'mode', value: 'pie', accepts: { kind: 'choice', allowed: ['tiers', 'rfm'] } },
    text: {
      'zh-Hant': '屬性 mode 的值「pie」不正確：需要下列其中之一：「tiers」或「rfm」。',
      'zh-Hans': '属性 mode 的值“pie”不正确：需要下列其中之一：“tiers”或“rfm”。',
    },
  },
  {
    tag: 'crm-segment-pyramid',
    attribute: 'as-of',
    value: '2024-13-40',
    facts: { option: 'as-of', value: '2024-13-40', accepts: { kind: 'date' } },
    text: {
      'zh-Hant': '屬性 as-of 的值「2024-13-40」不正確：需要 YYYY-MM-DD 格式的日期，例如 2024-03-31。',
      'zh-Hans': '属性 as-of 的值“2024-13-40”不正确：需要 YYYY-MM-DD 格式的日期，例如 2024-03-31。',
    },
  },
  {
    tag: 'crm-segment-pyramid',
    attribute: 'window',
    value: '0',
    facts: { option: 'window', value: '0', accepts: { kind: 'days', min: 1, max: 36_500 } },
    text: {
      'zh-Hant': '屬性 window 的值「0」不正確：需要 1 到 36500 之間的整數天數。',
      'zh-Hans': '属性 window 的值“0”不正确：需要 1 到 36500 之间的整数天数。',
    },
  },
  {
    tag: 'crm-lifecycle-funnel',
    attribute: 'active-days',
    value: '400',
    facts: { thresholds: { newDays: 30, activeDays: 400, halfAsleepDays: 180, dormantDays: 365 } },
    text: {
      'zh-Hant': '生命週期的天數門檻順序不正確（new-days 30、active-days 400、half-asleep-days 180、dormant-days 365）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。',
      'zh-Hans': '生命周期的天数门槛顺序不正确（new-days 30、active-days 400、half-asleep-days 180、dormant-days 365）：需要 new-days ≤ active-days < half-asleep-days < dormant-days。',
    },
  },
  {
    tag: 'crm-lifecycle-funnel',
    attribute: 'new-days',
    value: 'soon',
    facts: { option: 'new-days', value: 'soon', accepts: { kind: 'days', min: 1, max: 36_500 } },
    text: {
      'zh-Hant': '屬性 new-days 的值「soon」不正確：需要 1 到 36500 之間的整數天數。',
      'zh-Hans': '属性 new-days 的值“soon”不正确：需要 1 到 36500 之间的整数天数。',
    },
  },
  {
    tag: 'crm-pareto-curve',
    attribute: 'points',
    value: '1',
    facts: { option: 'points', value: '1', accepts: { kind: 'number', min: 2, integer: true } },
    text: {
      'zh-Hant': '屬性 points 的值「1」不正確：需要整數（至少 2）。',
      'zh-Hans': '属性 points 的值“1”不正确：需要整数（至少 2）。',
    },
  },
  {
    tag: 'crm-profit-matrix',
    attribute: 'labels',
    value: 'one,two',
    facts: { option: 'labels', value: 'one,two', expectedForm: 'four-names' },
    text: {
      'zh-Hant': '屬性 labels 的值「one,two」不正確：需要以逗號分隔的四個名稱，依序為：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本。',
      'zh-Hans': '属性 labels 的值“one,two”不正确：需要以逗号分隔的四个名称，依次为：高 x 高成本、高 x 低成本、低 x 高成本、低 x 低成本。',
    },
  },
  {
    tag: 'crm-profit-matrix',
    attribute: 'x',
    value: 'margin',
    facts: { option: 'x', value: 'margin', accepts: { kind: 'choice', allowed: ['revenue', 'price'] } },
    text: {
      'zh-Hant': '屬性 x 的值「margin」不正確：需要下列其中之一：「revenue」或「price」。',
      'zh-Hans': '属性 x 的值“margin”不正确：需要下列其中之一：“revenue”或“price”。',
    },
  },
  {
    tag: 'crm-customer-list',
    attribute: 'page-size',
    value: '1000',
    facts: { option: 'page-size', value: '1000', accepts: { kind: 'number', min: 1, max: 500, integer: true } },
    text: {
      'zh-Hant': '屬性 page-size 的值「1000」不正確：需要整數（至少 1，至多 500）。',
      'zh-Hans': '属性 page-size 的值“1000”不正确：需要整数（至少 1，至多 500）。',
    },
  },
  {
    tag: 'crm-customer-list',
    attribute: 'search',
    value: 'x'.repeat(201),
    facts: { option: 'search', value: 'x'.repeat(80), accepts: { kind: 'text', max: 200 } },
    text: {
      'zh-Hant': `屬性 search 的值「${X60}…」不正確：需要最多 200 個字元的文字。`,
      'zh-Hans': `属性 search 的值“${X60}…”不正确：需要最多 200 个字符的文本。`,
    },
  },
  {
    tag: 'crm-kpis',
    attribute: 'days',
    value: '-3',
    facts: { option: 'days', value: '-3' },
    text: {
      'zh-Hant': '屬性 days 的值「-3」不正確：需要 1 到 36500 之間的整數天數。',
      'zh-Hans': '属性 days 的值“-3”不正确：需要 1 到 36500 之间的整数天数。',
    },
  },
  {
    tag: 'crm-kpis',
    attribute: 'as-of',
    value: 'soon',
    facts: { option: 'as-of', value: 'soon', accepts: { kind: 'date' } },
    text: {
      'zh-Hant': '屬性 as-of 的值「soon」不正確：需要 YYYY-MM-DD 格式的日期，例如 2024-03-31。',
      'zh-Hans': '属性 as-of 的值“soon”不正确：需要 YYYY-MM-DD 格式的日期，例如 2024-03-31。',
    },
  },
  {
    tag: 'crm-customer-value',
    attribute: 'months',
    value: '0',
    facts: { option: 'months', value: '0', accepts: { kind: 'number', min: 1, max: 600, integer: true } },
    text: {
      'zh-Hant': '屬性 months 的值「0」不正確：需要整數（至少 1，至多 600）。',
      'zh-Hans': '属性 months 的值“0”不正确：需要整数（至少 1，至多 600）。',
    },
  },
  {
    tag: 'crm-conversion-funnel',
    attribute: 'order',
    value: 'random',
    facts: { option: 'order', value: 'random', accepts: { kind: 'choice', allowed: ['sequential', 'strict', 'any'] } },
    text: {
      'zh-Hant': '屬性 order 的值「random」不正確：需要下列其中之一：「sequential」、「strict」或「any」。',
      'zh-Hans': '属性 order 的值“random”不正确：需要下列其中之一：“sequential”、“strict”或“any”。',
    },
  },
  {
    tag: 'crm-tags',
    attribute: 'mode',
    value: 'xor',
    facts: { option: 'mode', value: 'xor', accepts: { kind: 'choice', allowed: ['or', 'and', 'not'] } },
    text: {
      'zh-Hant': '屬性 mode 的值「xor」不正確：需要下列其中之一：「or」、「and」或「not」。',
      'zh-Hans': '属性 mode 的值“xor”不正确：需要下列其中之一：“or”、“and”或“not”。',
    },
  },
];

const HEADLINE: Record<Lang, string> = { 'zh-Hant': '設定值不正確', 'zh-Hans': '设置值不正确' };

/** A source holding ROWS and one widget in `lang`, loaded and drawn once. */
async function mount(tag: string, lang: Lang): Promise<Widget> {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: 600px"><crm-source></crm-source></div>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const el = document.createElement(tag) as Widget;
  el.setAttribute('lang', lang);
  wrap.append(el);
  const loaded = oneEvent(src, 'crm-load');
  src.data = ROWS;
  await loaded;
  await el.updateComplete;
  return el;
}

describe('option errors in zh-Hant and zh-Hans, from code and detail', () => {
  for (const lang of ['zh-Hant', 'zh-Hans'] as const) {
    for (const c of CASES) {
      it(`${lang}: <${c.tag} ${c.attribute}="${c.value.length > 20 ? c.value.slice(0, 20) + '…' : c.value}">`, async () => {
        const el = await mount(c.tag, lang);
        const got = oneEvent(el, 'crm-error') as Promise<CustomEvent<CrmErrorEventDetail>>;
        el.setAttribute(c.attribute, c.value);
        await el.updateComplete;
        const d = (await got).detail;
        expect(d.code).to.equal('invalid-option');
        expect(d.source).to.equal(c.tag);
        for (const [k, v] of Object.entries(c.facts)) expect((d as unknown as Record<string, unknown>)[k], k).to.deep.equal(v);
        expect(d.localizedMessage).to.equal(c.text[lang]);
        // The catalogue writes the same text from the event's code and facts alone (no English in).
        const { message: _english, localizedMessage: _shown, source: _src, code, ...detail } = d;
        expect(errorMessage(lang, { code, detail } as CrmErrorData)).to.equal(c.text[lang]);
        // The widget's box: the headline, then the message; the English original folded away.
        await el.updateComplete;
        const box = el.shadowRoot!.querySelector('[part="error"]')!;
        expect(box, 'error box').to.exist;
        expect(box.getAttribute('data-code')).to.equal('invalid-option');
        expect(box.querySelector('[part="error-headline"]')!.textContent).to.equal(HEADLINE[lang]);
        expect(box.querySelector('[part="error-message"]')!.textContent).to.equal(c.text[lang]);
        expect(box.querySelector('details[part="error-original"]')!.textContent).to.contain(d.message);
      });
    }
  }
});
