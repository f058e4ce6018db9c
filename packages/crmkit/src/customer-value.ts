/** `<crm-customer-value>` alone (with `<crm-source>`): `import 'crmkit/customer-value'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/customer-value';

export { CrmCustomerValue } from '@crmkit/elements';
