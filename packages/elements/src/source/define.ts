import { define } from '../internal/crm-element.js';
import { CrmSource } from './source.js';

define('crm-source', CrmSource);

declare global {
  interface HTMLElementTagNameMap {
    'crm-source': CrmSource;
  }
}
