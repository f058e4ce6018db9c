/** `<crm-kpis>` alone (with `<crm-source>`): `import 'crmkit/kpis'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/kpis';

export { CrmKpis } from '@crmkit/elements';
