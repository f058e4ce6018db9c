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
