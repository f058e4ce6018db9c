/** `<crm-profit-matrix>` alone (with `<crm-source>`): `import 'crmkit/profit-matrix'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/profit-matrix';

export { CrmProfitMatrix } from '@crmkit/elements';
