/** Shared set-up for browser tests: engine files from the test server, every element registered. */
import { setAssetBase } from '@crmkit/elements';
import '@crmkit/elements/define';

setAssetBase('/__duckdb/');

/** URL of a file in the shared datasets folder beside the repo. */
export const shared = (path: string) => `/__shared/${path}`;
