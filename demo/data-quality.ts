/** The data-quality demo: the multi-channel sample loaded as three files and a register, built in the page. */
import '@crmkit/elements/bundle';
import type { CrmLoadDetail, CrmSource } from '@crmkit/elements';
import { mountNav } from './lib/nav.js';
import { multiChannelSample } from '../datasets/multi-channel.js';

mountNav(document.querySelector('nav.site')!);
const sample = multiChannelSample();
const src = document.querySelector('crm-source') as CrmSource;
const report = document.querySelector('#report')!;
src.addEventListener('crm-load', (e) => {
  const d = (e as CustomEvent<CrmLoadDetail>).detail;
  const shared = (d.overlaps ?? []).reduce((n, o) => n + o.rows, 0);
  const id = d.identity ? `; ${d.identity.merges.length} merges, ${d.identity.conflicts.length} conflict(s): ${d.identity.records} records → ${d.identity.customers} customers` : '';
  report.textContent = `${d.rows} rows from ${d.files?.length ?? 1} files, ${shared} shared across files, ${d.customers} customers${id}`;
});
src.customersData = sample.register;
src.files = sample.files.map((f) => ({ input: f.rows, name: f.name, channel: f.channel }));
const merge = document.querySelector<HTMLInputElement>('#merge')!;
merge.addEventListener('change', () => src.toggleAttribute('merge-identities', merge.checked));
const lang = document.querySelector<HTMLSelectElement>('#lang')!;
lang.addEventListener('change', () => {
  for (const w of document.querySelectorAll('crm-data-quality, crm-kpis, crm-customer-list')) w.setAttribute('lang', lang.value);
});
