/**
 * Dashboard pages (index.html, zh-Hant.html): every element registered, the dashboard bound to the page's
 * <crm-source>. `?src=URL` (and `?customers=URL`) load another file, e.g. a set made by `pnpm gen` served
 * by `pnpm demo` at ./generated/….
 */
import '@crmkit/elements/bundle';
import { mountDashboard } from './lib/dashboard';
import { mountNav } from './lib/nav';

const source = document.querySelector('crm-source')!;
const params = new URLSearchParams(location.search);
// ?lang=de-DE (any BCP 47 tag): numbers and money in that locale, labels in the nearest catalogue (else English);
// ?currency=EUR to set the currency (default: the locale's).
if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
if (params.get('src')) source.setAttribute('src', params.get('src')!);
if (params.get('customers')) source.setAttribute('customers', params.get('customers')!);
// ?events=URL: an events file for the conversion funnel (e.g. ./shop/crm-1500c-s5-events.csv with ?src and ?customers of the same set).
if (params.get('events')) source.setAttribute('events', params.get('events')!);
// ?server=URL&dataset=NAME: the same dashboard on a crmkit server's data set (`pnpm server` serves CDNOW as `cdnow`).
if (params.get('server')) {
  source.removeAttribute('src');
  source.setAttribute('dataset', params.get('dataset') ?? 'cdnow');
  source.setAttribute('server', params.get('server')!);
  const lede = document.querySelector('p.lede');
  if (lede) {
    const where = `${params.get('dataset') ?? 'cdnow'} @ ${params.get('server')}`;
    lede.textContent =
      document.documentElement.lang === 'zh-Hant'
        ? `資料集 ${where}：以下所有數字都由 crmkit 伺服器計算；本頁只送出分析名稱、選項與篩選條件，不送 SQL。`
        : `The data set ${where}: everything below is computed by a crmkit server; this page sends it only the analyses' names, options and filters, never SQL.`;
  }
}

mountNav(document.querySelector('nav.site')!);
mountDashboard(document.getElementById('dashboard')!, source.id, document.documentElement.lang === 'zh-Hant' ? 'zh-Hant' : 'en', true);
// CDNOW's amounts are US dollars: say so, whatever the page's language (another file takes the locale's currency).
const currency = params.get('currency') ?? (params.get('src') || (params.get('server') && params.get('dataset') !== 'cdnow') ? '' : 'USD');
if (currency) document.querySelector('crm-dashboard')?.setAttribute('currency', currency);
// CDNOW has no cost column: the profit matrix estimates cost to serve at $5 an order (?cost-per-order=N to change;
// a file with its own cost column ignores it).
const dashboard = document.querySelector('crm-dashboard');
if (dashboard && !params.get('src')) dashboard.setAttribute('cost-per-order', params.get('cost-per-order') ?? '5');
else if (dashboard && params.get('cost-per-order')) dashboard.setAttribute('cost-per-order', params.get('cost-per-order')!);
