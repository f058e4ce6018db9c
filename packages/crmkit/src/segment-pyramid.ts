/** `<crm-segment-pyramid>` alone (with `<crm-source>`): `import 'crmkit/segment-pyramid'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/segment-pyramid';

export { CrmSegmentPyramid } from '@crmkit/elements';
