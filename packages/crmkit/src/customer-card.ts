/** `<crm-customer-card>` alone (with `<crm-source>`): `import 'crmkit/customer-card'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/customer-card';

export { CrmCustomerCard } from '@crmkit/elements';
