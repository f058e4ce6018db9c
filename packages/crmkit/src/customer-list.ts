/** `<crm-customer-list>` alone (with `<crm-source>`): `import 'crmkit/customer-list'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/customer-list';

export { CrmCustomerList } from '@crmkit/elements';
