/**
 * crmkit in a React app. React 19 passes properties and attributes to custom elements as they are; events
 * are plain DOM events, listened to through a ref. (Written with createElement so no JSX build step is needed;
 * in a JSX project the same is <crm-source id="shop" src="…" ref={ref} />.)
 */
import { createElement as h, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '@crmkit/elements/bundle';
import type { CrmLoadDetail } from '@crmkit/elements';

const WIDGETS = ['crm-kpis', 'crm-pareto-curve', 'crm-lifecycle-funnel', 'crm-segment-pyramid', 'crm-profit-matrix'];

function App() {
  const ref = useRef<HTMLElement>(null);
  const [loaded, setLoaded] = useState<CrmLoadDetail | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const el = ref.current!;
    const onLoad = (e: Event) => setLoaded((e as CustomEvent<CrmLoadDetail>).detail);
    const onError = (e: Event) => setError((e as CustomEvent<{ message: string }>).detail.message);
    el.addEventListener('crm-load', onLoad);
    el.addEventListener('crm-error', onError);
    return () => {
      el.removeEventListener('crm-load', onLoad);
      el.removeEventListener('crm-error', onError);
    };
  }, []);
  return h(
    'main',
    null,
    h('h1', null, 'crmkit in React'),
    h(
      'p',
      { id: 'react-status', role: 'status' },
      error ? `Could not load: ${error}` : loaded ? `React heard crm-load: ${loaded.rows.toLocaleString('en')} transactions, ${loaded.customers.toLocaleString('en')} customers.` : 'Loading…',
    ),
    h('crm-source', { id: 'shop', src: './cdnow/cdnow_transactions.csv', ref }),
    h(
      'div',
      { className: 'crm-grid' },
      WIDGETS.filter((t) => customElements.get(t)).map((t) => h('section', { key: t, className: 'card' }, h(t, { source: 'shop' }))),
    ),
  );
}

createRoot(document.getElementById('root')!).render(h(App));
