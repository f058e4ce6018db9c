/** `<crm-filter-chips>` alone (with `<crm-source>`): `import 'crmkit/filter-chips'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/filter-chips';

export { CrmFilterChips } from '@crmkit/elements';
