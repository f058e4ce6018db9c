import { createNodeEngine, type NodeEngine } from '../src/engines/node.js';
import { buildDataset, loadData, type Dataset, type LoadOptions } from '../src/index.js';

let shared: Promise<NodeEngine> | undefined;
/** One real DuckDB engine per test file. */
export function engine(): Promise<NodeEngine> {
  return (shared ??= createNodeEngine());
}

let n = 0;
/**
 * Load JS rows (or bytes) as transactions through the real loader and build the
 * per-customer table, as `<crm-source>` does. Each call gets its own tables.
 */
export async function dataset(
  input: readonly Record<string, unknown>[] | Uint8Array,
  opts: Partial<LoadOptions> & { customers?: readonly Record<string, unknown>[] } = {},
): Promise<Dataset> {
  const e = await engine();
  const id = `t${++n}_`;
  const tx = await loadData(e, input, { ...opts, kind: 'transactions', table: `${id}transactions` });
  let customers: string | undefined;
  let customerFields: string[] = [];
  if (opts.customers) {
    const c = await loadData(e, opts.customers, { kind: 'customers', table: `${id}customers` });
    customers = c.table;
    customerFields = c.fields;
  }
  return buildDataset(e, { id, transactions: tx.table, fields: tx.fields, customers, customerFields });
}
