/**
 * crmkit in a Vue 3 app. With render functions Vue creates custom elements as they are; `onCrmLoad` listens
 * to the DOM event `crm-load`. (With templates and the SFC compiler, tell Vue the tags are custom elements:
 * `compilerOptions.isCustomElement = (tag) => tag.startsWith('crm-')`.)
 */
import { createApp, defineComponent, h, ref } from 'vue';
import '@crmkit/elements/bundle';
import type { CrmLoadDetail } from '@crmkit/elements';

const WIDGETS = ['crm-kpis', 'crm-pareto-curve', 'crm-lifecycle-funnel', 'crm-segment-pyramid', 'crm-profit-matrix'];

const App = defineComponent(() => {
  const loaded = ref<CrmLoadDetail | null>(null);
  const error = ref('');
  return () =>
    h('main', [
      h('h1', 'crmkit in Vue'),
      h(
        'p',
        { id: 'vue-status', role: 'status' },
        error.value
          ? `Could not load: ${error.value}`
          : loaded.value
            ? `Vue heard crm-load: ${loaded.value.rows.toLocaleString('en')} transactions, ${loaded.value.customers.toLocaleString('en')} customers.`
            : 'Loading…',
      ),
      h('crm-source', {
        id: 'shop',
        src: './cdnow/cdnow_transactions.csv',
        onCrmLoad: (e: CustomEvent<CrmLoadDetail>) => (loaded.value = e.detail),
        onCrmError: (e: CustomEvent<{ message: string }>) => (error.value = e.detail.message),
      }),
      h(
        'div',
        { class: 'crm-grid' },
        WIDGETS.filter((t) => customElements.get(t)).map((t) => h('section', { key: t, class: 'card' }, [h(t, { source: 'shop' })])),
      ),
    ]);
});

createApp(App).mount('#app');
