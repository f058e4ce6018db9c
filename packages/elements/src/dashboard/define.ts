import { define } from '../internal/crm-element.js';
import { CrmDashboard } from './dashboard.js';

define('crm-dashboard', CrmDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'crm-dashboard': CrmDashboard;
  }
}
