import { define } from '../internal/crm-element.js';
import { CrmParetoCurve } from './pareto-curve.js';

define('crm-pareto-curve', CrmParetoCurve);

declare global {
  interface HTMLElementTagNameMap {
    'crm-pareto-curve': CrmParetoCurve;
  }
}
