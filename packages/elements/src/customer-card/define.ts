import { define } from '../internal/crm-element.js';
import { CrmCustomerCard } from './customer-card.js';

define('crm-customer-card', CrmCustomerCard);

declare global {
  interface HTMLElementTagNameMap {
    'crm-customer-card': CrmCustomerCard;
  }
}
