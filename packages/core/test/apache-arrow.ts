/**
 * Apache Arrow (the version the engine uses) for tests outside this package that build Arrow IPC
 * inputs, e.g. the browser tests: `apache-arrow` is a dependency of @crmkit/core only.
 */
export { Table, TimestampMillisecond, makeData, makeVector, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
