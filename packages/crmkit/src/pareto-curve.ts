/** `<crm-pareto-curve>` alone (with `<crm-source>`): `import 'crmkit/pareto-curve'`. */
import './engine-files.js';
import '@crmkit/elements/define/source';
import '@crmkit/elements/define/pareto-curve';

export { CrmParetoCurve } from '@crmkit/elements';
