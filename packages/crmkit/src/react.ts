/** JSX typings for React 19: `import type {} from 'crmkit/react'` once (or list it in tsconfig "types"). */
export type { CrmkitJsxElements } from '@crmkit/elements/react';
