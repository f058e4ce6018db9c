import { define } from '../internal/crm-element.js';
import { CrmProfitMatrix } from './profit-matrix.js';

define('crm-profit-matrix', CrmProfitMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'crm-profit-matrix': CrmProfitMatrix;
  }
}
