/** `<crm-dashboard>` alone (it lays out every element): `import 'crmkit/dashboard'`. */
import './engine-files.js';
import '@crmkit/elements/define';
import '@crmkit/elements/define/dashboard';

export { CrmDashboard } from '@crmkit/elements';
