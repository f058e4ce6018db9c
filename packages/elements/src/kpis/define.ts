import { define } from '../internal/crm-element.js';
import { CrmKpis } from './kpis.js';

define('crm-kpis', CrmKpis);

declare global {
  interface HTMLElementTagNameMap {
    'crm-kpis': CrmKpis;
  }
}
