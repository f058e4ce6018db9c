import { define } from '../internal/crm-element.js';
import { CrmTags } from './tags.js';

define('crm-tags', CrmTags);

declare global {
  interface HTMLElementTagNameMap {
    'crm-tags': CrmTags;
  }
}
