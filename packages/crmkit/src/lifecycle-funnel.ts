/** `<crm-lifecycle-funnel>` alone (with `<crm-source>`): `import 'crmkit/lifecycle-funnel'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/lifecycle-funnel';

export { CrmLifecycleFunnel } from '@crmkit/elements';
