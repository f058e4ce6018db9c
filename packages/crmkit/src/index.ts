/**
 * crmkit: every element registered, and the whole public API of
 * `@crmkit/elements`. One element only: `import 'crmkit/pareto-curve'` (each
 * element's module also registers `<crm-source>`).
 */
import './engine-files.js';
import '@crmkit/elements/define';

export * from '@crmkit/elements';
