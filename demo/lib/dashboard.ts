/**
 * The demo's dashboard: `<crm-dashboard>` when this build has it, otherwise a
 * responsive grid of every analysis widget that is registered. A widget that
 * is not in the build is listed as such rather than leaving an empty box.
 */
export interface WidgetInfo {
  tag: string;
  title: { en: string; 'zh-Hant': string };
  /** Grid columns the card spans (1 or 2). */
  span?: 1 | 2;
  /** Extra attributes for the demo. */
  attrs?: Record<string, string>;
}

export const WIDGETS: readonly WidgetInfo[] = [
  { tag: 'crm-kpis', title: { en: 'Key figures', 'zh-Hant': '關鍵指標' }, span: 2 },
  { tag: 'crm-segment-pyramid', title: { en: 'Customer segments', 'zh-Hant': '顧客分群' } },
  { tag: 'crm-lifecycle-funnel', title: { en: 'Lifecycle', 'zh-Hant': '生命週期' } },
  { tag: 'crm-pareto-curve', title: { en: 'Revenue concentration (Pareto)', 'zh-Hant': '營收集中度（帕雷托）' } },
  { tag: 'crm-profit-matrix', title: { en: 'Customer profitability', 'zh-Hant': '顧客獲利矩陣' } },
  { tag: 'crm-conversion-funnel', title: { en: 'Conversion funnel', 'zh-Hant': '轉換漏斗' } },
  { tag: 'crm-acquisition', title: { en: 'Acquisition by channel', 'zh-Hant': '各通路獲客' } },
  { tag: 'crm-customer-list', title: { en: 'Customers', 'zh-Hant': '顧客名單' }, span: 2 },
];

type Lang = 'en' | 'zh-Hant';

const TEXT = {
  en: { missing: 'Not in this build:', widgetPages: 'One page per widget' },
  'zh-Hant': { missing: '此版本未包含：', widgetPages: '各元件頁面' },
} as const;

/** Widgets registered right now (call after the bundle is imported). */
export const registered = () => WIDGETS.filter((w) => customElements.get(w.tag));

/**
 * Fill `container` with the dashboard for the `<crm-source>` with id `source`. With `whole` and a build that has
 * `<crm-dashboard>` (which holds its own source), the page's source is replaced by the dashboard element,
 * given the same file and mapping.
 */
export function mountDashboard(container: HTMLElement, source: string, lang: Lang = 'en', whole = false): void {
  container.replaceChildren();
  const src = document.getElementById(source);
  if (whole && src && customElements.get('crm-dashboard')) {
    const d = document.createElement('crm-dashboard');
    for (const a of Array.from(src.attributes)) if (a.name !== 'id') d.setAttribute(a.name, a.value);
    src.replaceWith(d);
    container.append(d);
    return;
  }
  const grid = document.createElement('div');
  grid.className = 'crm-grid';
  for (const w of registered()) {
    const card = document.createElement('section');
    card.className = `card span-${w.span ?? 1}`;
    card.setAttribute('aria-label', w.title[lang]);
    const el = document.createElement(w.tag);
    el.setAttribute('source', source);
    for (const [k, v] of Object.entries(w.attrs ?? {})) el.setAttribute(k, v);
    card.append(el);
    grid.append(card);
  }
  container.append(grid);
  const missing = WIDGETS.filter((w) => !customElements.get(w.tag));
  if (missing.length) {
    const p = document.createElement('p');
    p.className = 'missing';
    p.textContent = `${TEXT[lang].missing} ${missing.map((w) => `<${w.tag}>`).join(', ')}`;
    container.append(p);
  }
}
