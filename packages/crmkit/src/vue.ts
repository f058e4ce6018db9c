/** Vue's GlobalComponents for the crmkit elements: `import type {} from 'crmkit/vue'` once. */
export type { CrmkitVueElements } from '@crmkit/elements/vue';
