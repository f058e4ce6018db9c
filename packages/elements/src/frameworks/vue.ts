// Generated from custom-elements.json by scripts/manifest-outputs.mjs (run by `pnpm build`). Do not edit.

import type { DefineComponent } from 'vue';
import type { CrmCustomerPickDetail, CrmErrorEventDetail, CrmLoadDetail, CrmProgressDetail, CrmSelectDetail } from '../index.js';

/** Props (attributes) and events of each crmkit element, for Vue templates (Volar) and `h()`. */
export interface CrmkitVueElements {
  'crm-acquisition': DefineComponent<{
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-conversion-funnel': DefineComponent<{
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
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-customer-card': DefineComponent<{
    'customer-id'?: string;
    'mask-pii'?: boolean;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-customer-list': DefineComponent<{
    sort?: string;
    dir?: 'asc' | 'desc' | '';
    'page-size'?: number | string;
    search?: string;
    'mask-pii'?: boolean;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmCustomerPick?: (event: CustomEvent<CrmCustomerPickDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-customer-value': DefineComponent<{
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
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-dashboard': DefineComponent<{
    heading?: string;
    currency?: string;
    theme?: string;
    'mask-pii'?: boolean;
    'cost-per-order'?: string;
    'cost-per-unit'?: string;
    src?: string;
    customers?: string;
    format?: string;
    encoding?: string;
    delimiter?: string;
    'date-format'?: string;
    'time-zone'?: string;
    'on-invalid'?: string;
    server?: string;
    dataset?: string;
    token?: string;
    lang?: string;
    onCrmLoad?: (event: CustomEvent<CrmLoadDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
  }>;
  'crm-data-quality': DefineComponent<{
    today?: string;
    'phone-region'?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-file': DefineComponent<{
    src?: string;
    name?: string;
    channel?: string;
    exclude?: string;
    keep?: string;
    'date-format'?: string;
  }>;
  'crm-filter-chips': DefineComponent<{
    source?: string;
  }>;
  'crm-kpis': DefineComponent<{
    days?: number;
    'as-of'?: string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-lifecycle-funnel': DefineComponent<{
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
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-pareto-curve': DefineComponent<{
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
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-profit-matrix': DefineComponent<{
    x?: 'revenue' | 'price' | string;
    labels?: string;
    threshold?: number | string;
    bins?: number | string;
    'cost-per-order'?: number | string;
    'cost-per-unit'?: number | string;
    'x-split'?: number | string;
    'y-split'?: number | string;
    'profit-split'?: number | string;
    scale?: 'symlog' | 'linear' | string;
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-segment-pyramid': DefineComponent<{
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
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
  'crm-source': DefineComponent<{
    src?: string;
    customers?: string;
    events?: string;
    format?: string;
    encoding?: string;
    delimiter?: string;
    'date-format'?: string;
    'time-zone'?: string;
    'on-invalid'?: 'error' | 'skip';
    'on-duplicate'?: 'keep' | 'drop';
    'max-bytes'?: number | string;
    exclude?: string;
    keep?: string;
    droppable?: boolean;
    quiet?: boolean;
    server?: string;
    dataset?: string;
    token?: string;
    'merge-identities'?: boolean;
    'phone-region'?: string;
    onCrmLoad?: (event: CustomEvent<CrmLoadDetail>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
    onCrmProgress?: (event: CustomEvent<CrmProgressDetail>) => void;
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
  }>;
  'crm-tags': DefineComponent<{
    mode?: string;
    rules?: string;
    'segment-param'?: string;
    'export-columns'?: string;
    'mask-pii'?: boolean;
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
    source?: string;
    lang?: string;
    currency?: string;
    height?: number;
    theme?: '' | 'auto' | 'light' | 'dark';
    'no-export'?: boolean;
    'heading-level'?: number | string;
    onCrmSelect?: (event: CustomEvent<CrmSelectDetail>) => void;
    onCrmExport?: (event: CustomEvent<unknown>) => void;
    onCrmError?: (event: CustomEvent<CrmErrorEventDetail>) => void;
  }>;
}

declare module 'vue' {
  interface GlobalComponents extends CrmkitVueElements {}
}
