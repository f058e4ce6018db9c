import { define } from '../internal/crm-element.js';
import { CrmCustomerList } from './customer-list.js';

define('crm-customer-list', CrmCustomerList);

declare global {
  interface HTMLElementTagNameMap {
    'crm-customer-list': CrmCustomerList;
  }
}
