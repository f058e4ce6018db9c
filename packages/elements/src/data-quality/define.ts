import { define } from '../internal/crm-element.js';
import { CrmDataQuality } from './data-quality.js';

define('crm-data-quality', CrmDataQuality);

declare global {
  interface HTMLElementTagNameMap {
    'crm-data-quality': CrmDataQuality;
  }
}
