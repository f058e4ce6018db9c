import { define } from '../internal/crm-element.js';
import { CrmCustomerValue } from './customer-value.js';

define('crm-customer-value', CrmCustomerValue);

declare global {
  interface HTMLElementTagNameMap {
    'crm-customer-value': CrmCustomerValue;
  }
}
