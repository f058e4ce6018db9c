import { define } from '../internal/crm-element.js';
import { CrmFilterChips } from './filter-chips.js';

define('crm-filter-chips', CrmFilterChips);

declare global {
  interface HTMLElementTagNameMap {
    'crm-filter-chips': CrmFilterChips;
  }
}
