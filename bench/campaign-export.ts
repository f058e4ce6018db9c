/**
 * Campaign export and tags on generated data, in the Node engine (the same DuckDB-WASM as the page):
 *
 *   pnpm gen --transactions 1000000 --format csv --out <dir>
 *   tsx bench/campaign-export.ts <dir>/crm-182103c-s1-transactions.csv <dir>/crm-182103c-s1-customers.csv
 *
 * Prints the time to load, to work the tags out, and to export every customer (the whole data set
 * selected) as rows and CSV, with and without the tags column and masking.
 */
import { readFileSync } from 'node:fs';
import { createNodeEngine } from '../packages/core/src/engines/node.js';
import { buildDataset, loadData, runCampaignExport, runTags, tagPredicate } from '../packages/core/src/index.js';

const [txPath, customersPath] = process.argv.slice(2);
if (!txPath) {
  console.error('usage: tsx bench/campaign-export.ts transactions.csv [customers.csv]');
  process.exit(2);
}
const ms = (t0: number) => `${Math.round(performance.now() - t0)} ms`;
const engine = await createNodeEngine();
let t0 = performance.now();
const tx = await loadData(engine, new Uint8Array(readFileSync(txPath)), { kind: 'transactions', table: 'b_transactions' });
const c = customersPath ? await loadData(engine, new Uint8Array(readFileSync(customersPath)), { kind: 'customers', table: 'b_customers' }) : undefined;
const ds = await buildDataset(engine, { id: 'b_', transactions: tx.table, fields: tx.fields, customers: c?.table, customerFields: c?.fields });
console.log(`load: ${tx.rows} rows, ${ds.customerCount} customers, ${ms(t0)}`);
t0 = performance.now();
const tags = await runTags(ds);
console.log(`tags: ${tags.tags.map((t) => `${t.tag} ${t.customers}`).join(', ')} — ${ms(t0)}`);
for (const [name, opts] of [
  ['export, default columns, every customer', {}],
  ['export, default columns, masked', { maskPii: true }],
  ['export with tags column', { columns: ['customer_id', 'email', 'orders', 'revenue', 'last_order', 'tags'] }],
] as const) {
  t0 = performance.now();
  const r = await runCampaignExport(ds, opts);
  console.log(`${name}: ${r.rows.length} rows, ${(r.csv.length / 1e6).toFixed(1)} MB CSV, ${ms(t0)}`);
}
t0 = performance.now();
const r = await runCampaignExport(ds, { filter: tagPredicate(ds, {}, ['at-risk', 'high-spender'], 'and') });
console.log(`export, at-risk and high-spender: ${r.rows.length} rows, ${ms(t0)}`);
await engine.close();
