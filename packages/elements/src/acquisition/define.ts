import { define } from '../internal/crm-element.js';
import { CrmAcquisition } from './acquisition.js';

define('crm-acquisition', CrmAcquisition);

declare global {
  interface HTMLElementTagNameMap {
    'crm-acquisition': CrmAcquisition;
  }
}
