/** Shared set-up for browser tests: engine files from the test server, every element registered. */
import { setAssetBase } from '@crmkit/elements';
import '@crmkit/elements/define';

setAssetBase('/__duckdb/');

/** URL of a file under the repository's `datasets/` folder (served as raw bytes by the test server). */
export const dataset = (path: string) => `/datasets/${path}`;
