/** `<crm-source>` alone: `import 'crmkit/source'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';

export { CrmSource } from '@crmkit/elements';
