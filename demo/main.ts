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
if (params.get('src')) source.setAttribute('src', params.get('src')!);
if (params.get('customers')) source.setAttribute('customers', params.get('customers')!);

mountNav(document.querySelector('nav.site')!);
mountDashboard(document.getElementById('dashboard')!, source.id, document.documentElement.lang === 'zh-Hant' ? 'zh-Hant' : 'en', true);
// CDNOW has no cost column: the profit matrix estimates cost to serve at $5 an order (?cost-per-order=N to change;
// a file with its own cost column ignores it).
const dashboard = document.querySelector('crm-dashboard');
if (dashboard && !params.get('src')) dashboard.setAttribute('cost-per-order', params.get('cost-per-order') ?? '5');
else if (dashboard && params.get('cost-per-order')) dashboard.setAttribute('cost-per-order', params.get('cost-per-order')!);
