/** CDNOW parsed in plain TypeScript: an independent path to check what the SQL computes. */
import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { CrmSource } from '@crmkit/elements';
import { dataset } from './setup.js';

export interface Row {
  customer_id: string;
  order_date: string;
  quantity: number;
  amount: number;
}

let cache: Promise<Row[]> | undefined;
export const CDNOW_URL = dataset('cdnow/cdnow_transactions.csv');

export function cdnowRows(): Promise<Row[]> {
  return (cache ??= fetch(CDNOW_URL)
    .then((r) => r.text())
    .then((text) =>
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [customer_id, order_date, quantity, amount] = line.split(',');
          return { customer_id, order_date, quantity: Number(quantity), amount: Number(amount) };
        }),
    ));
}

/**
 * A `<crm-source>` loading CDNOW and a widget `<tag attrs>` beside it in a container `width` px wide;
 * resolves once the widget has its data or shows an error.
 */
export async function mountOnCdnow<T extends HTMLElement & { value?: unknown; updateComplete: Promise<boolean> }>(
  tag: string,
  attrs: string,
  width: number,
): Promise<{ el: T; src: CrmSource }> {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"><crm-source></crm-source></div>`);
  wrap.insertAdjacentHTML('beforeend', `<${tag} ${attrs}></${tag}>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const el = wrap.querySelector(tag) as T;
  const loaded = oneEvent(src, 'crm-load');
  src.src = CDNOW_URL;
  await loaded;
  await waitUntil(() => el.value !== undefined || el.shadowRoot!.querySelector('[part="error"]'), `${tag} did not finish`, { timeout: 60_000 });
  await el.updateComplete;
  return { el, src };
}
