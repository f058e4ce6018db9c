/**
 * `<crm-customer-list>` described once: the customers of the others' selection (customer-list.ts), sorted,
 * paged and searched in SQL, with the labels the page's analyses lend (tier, stage, RFM, predicted value).
 */
import { analysis, option } from '../analysis.js';
import type { LabelSource, ListSort } from '../metrics/customer-list.js';
import { runCustomerList } from '../remote/runners.js';

/** What the page adds to a run: the page shown and the labels to join. */
export interface ListContext {
  page?: number;
  labels?: LabelSource[];
}

export const CUSTOMER_LIST = analysis({
  name: 'customer-list',
  options: {
    sort: option<ListSort>({ default: 'revenue', effect: 'query', reflect: true }),
    dir: option<'asc' | 'desc' | ''>({ default: '', effect: 'query', reflect: true }),
    pageSize: option<number>({ default: 10, effect: 'query', kind: 'number' }),
    search: option<string>({ default: '', effect: 'query' }),
    maskPii: option<boolean>({ default: false, effect: 'query', kind: 'boolean', reflect: true }),
    /** Cost to serve when the data has no cost column (as on the profit matrix): the Profit column is revenue − this estimate. */
    costPerOrder: option<string>({ default: '', effect: 'query' }),
    costPerUnit: option<string>({ default: '', effect: 'query' }),
  },
  run: (ds, o: { sort?: ListSort; dir?: 'asc' | 'desc' | ''; pageSize?: number; search?: string; maskPii?: boolean; costPerOrder?: string; costPerUnit?: string } & ListContext, filter) =>
    runCustomerList(
      ds,
      {
        sort: o.sort,
        dir: o.dir || undefined,
        search: o.search,
        page: o.page,
        pageSize: o.pageSize,
        labels: o.labels,
        maskPii: o.maskPii,
        // The cost-to-serve estimate, when set.
        ...(o.costPerOrder ? { costPerOrder: o.costPerOrder } : {}),
        ...(o.costPerUnit ? { costPerUnit: o.costPerUnit } : {}),
      },
      filter,
    ),
});
