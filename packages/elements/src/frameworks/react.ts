// Generated from custom-elements.json by scripts/manifest-outputs.mjs (run by `pnpm build`). Do not edit.

import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CrmAcquisition, CrmConversionFunnel, CrmCustomerCard, CrmCustomerList, CrmCustomerPickDetail, CrmCustomerValue, CrmDashboard, CrmDataQuality, CrmErrorEventDetail, CrmFile, CrmFilterChips, CrmKpis, CrmLifecycleFunnel, CrmLoadDetail, CrmParetoCurve, CrmProfitMatrix, CrmProgressDetail, CrmSegmentPyramid, CrmSelectDetail, CrmSource, CrmTags } from '../index.js';

/** React 19 sets properties and listens to `on<event>` props on custom elements: `<crm-source src="…" oncrm-load={…} />`. */
type Element<T extends HTMLElement, A> = DetailedHTMLProps<HTMLAttributes<T>, T> & A;

/** The crmkit elements as JSX intrinsic elements. */
export interface CrmkitJsxElements {
  'crm-acquisition': Element<CrmAcquisition, {
    'predicted-value'?: boolean;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-conversion-funnel': Element<CrmConversionFunnel, {
    steps?: string;
    window?: string;
    order?: string;
    breakdown?: string;
    purchases?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-customer-card': Element<CrmCustomerCard, {
    'customer-id'?: string;
    'mask-pii'?: boolean;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-customer-list': Element<CrmCustomerList, {
    sort?: string;
    dir?: 'asc' | 'desc' | '';
    'page-size'?: number | string;
    search?: string;
    'mask-pii'?: boolean;
    'cost-per-order'?: string;
    'cost-per-unit'?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-customer-pick'?: (event: CustomEvent<CrmCustomerPickDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-customer-value': Element<CrmCustomerValue, {
    'as-of'?: string;
    'calibration-end'?: string;
    unit?: string;
    days?: number | string;
    months?: number | string;
    discount?: number | string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-dashboard': Element<CrmDashboard, {
    heading?: string;
    currency?: string;
    theme?: string;
    'mask-pii'?: boolean;
    'cost-per-order'?: string;
    'cost-per-unit'?: string;
    src?: string;
    customers?: string;
    events?: string;
    format?: string;
    encoding?: string;
    delimiter?: string;
    'date-format'?: string;
    'time-zone'?: string;
    decimal?: string;
    'on-invalid'?: string;
    server?: string;
    dataset?: string;
    token?: string;
    lang?: string;
    'oncrm-load'?: (event: CustomEvent<CrmLoadDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
  }>;
  'crm-data-quality': Element<CrmDataQuality, {
    today?: string;
    'phone-region'?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-file': Element<CrmFile, {
    src?: string;
    name?: string;
    channel?: string;
    exclude?: string;
    keep?: string;
    'date-format'?: string;
  }>;
  'crm-filter-chips': Element<CrmFilterChips, {
    source?: string;
  }>;
  'crm-kpis': Element<CrmKpis, {
    days?: number;
    'as-of'?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-lifecycle-funnel': Element<CrmLifecycleFunnel, {
    'as-of'?: string;
    'compare-to'?: string;
    'new-days'?: number | string;
    'active-days'?: number | string;
    'half-asleep-days'?: number | string;
    'dormant-days'?: number | string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-pareto-curve': Element<CrmParetoCurve, {
    by?: 'revenue' | 'profit' | string;
    cut?: number | string;
    target?: number | string;
    points?: number | string;
    'cost-per-order'?: number | string;
    'cost-per-unit'?: number | string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-profit-matrix': Element<CrmProfitMatrix, {
    x?: 'revenue' | 'price' | string;
    'cost-per-order'?: number | string;
    'cost-per-unit'?: number | string;
    'x-split'?: number | string;
    'y-split'?: number | string;
    'profit-split'?: number | string;
    labels?: string;
    threshold?: number | string;
    bins?: number | string;
    scale?: 'symlog' | 'linear' | string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-segment-pyramid': Element<CrmSegmentPyramid, {
    by?: 'revenue' | 'profit' | 'orders' | string;
    window?: number | string;
    'as-of'?: string;
    tiers?: string;
    'tiers-by'?: 'customers' | 'value' | string;
    mode?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-source': Element<CrmSource, {
    src?: string;
    customers?: string;
    events?: string;
    format?: string;
    encoding?: string;
    delimiter?: string;
    'date-format'?: string;
    decimal?: string;
    'time-zone'?: string;
    'on-invalid'?: 'error' | 'skip';
    'on-duplicate'?: 'keep' | 'drop';
    'max-bytes'?: number | string;
    exclude?: string;
    keep?: string;
    droppable?: boolean;
    quiet?: boolean;
    facts?: string;
    server?: string;
    dataset?: string;
    token?: string;
    'merge-identities'?: boolean;
    'phone-region'?: string;
    'oncrm-load'?: (event: CustomEvent<CrmLoadDetail>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
    'oncrm-progress'?: (event: CustomEvent<CrmProgressDetail>) => void;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
  }>;
  'crm-tags': Element<CrmTags, {
    mode?: string;
    rules?: string;
    'loyal-days'?: string;
    'loyal-tenure'?: string;
    'loyal-max-gap'?: string;
    'price-band'?: string;
    'price-share'?: string;
    'premium-share'?: string;
    'min-lines'?: string;
    'high-spender-percent'?: string;
    'new-days'?: string;
    'at-risk-factor'?: string;
    'segment-param'?: string;
    'export-columns'?: string;
    'mask-pii'?: boolean;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    'oncrm-select'?: (event: CustomEvent<CrmSelectDetail>) => void;
    'oncrm-export'?: (event: CustomEvent<unknown>) => void;
    'oncrm-error'?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CrmkitJsxElements {}
  }
}
