import { define } from '../internal/crm-element.js';
import { CrmConversionFunnel } from './conversion-funnel.js';

define('crm-conversion-funnel', CrmConversionFunnel);

declare global {
  interface HTMLElementTagNameMap {
    'crm-conversion-funnel': CrmConversionFunnel;
  }
}
