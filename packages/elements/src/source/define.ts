import { define } from '../internal/crm-element.js';
import { CrmSource } from './source.js';
import { CrmFile } from './file.js';

define('crm-source', CrmSource);
if (!customElements.get('crm-file')) customElements.define('crm-file', CrmFile);

declare global {
  interface HTMLElementTagNameMap {
    'crm-source': CrmSource;
    'crm-file': CrmFile;
  }
}
