import type { CrmError } from '../src/index.js';

/** The error `f` throws (a test fails when it throws none). */
export function refusal(f: () => unknown): CrmError {
  try {
    f();
  } catch (e) {
    return e as CrmError;
  }
  throw new Error('expected an error, and none was thrown');
}
