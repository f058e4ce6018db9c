/**
 * Statements every DuckDB engine runs once after opening. Extensions are never
 * installed or autoloaded: crmkit must work on networks with no internet, and
 * in Node an autoload attempt hangs instead of failing.
 */
export const ENGINE_SETUP = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
] as const;

/** Result conversion used by every engine: plain JS numbers, not BigInt or Decimal objects. */
export const QUERY_CONFIG = { castBigIntToDouble: true, castDecimalToDouble: true } as const;
