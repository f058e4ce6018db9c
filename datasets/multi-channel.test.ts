/**
 * The multi-channel sample through the real loaders on the Node engine: three files with their own
 * headers and a channel each, the register, the data-quality report and identity merging. Every
 * planted count is found exactly.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset, combineTransactions, loadData, mergeIdentities, runDataQuality } from '../packages/core/src/index.js';
import { engine } from '../packages/core/test/engine.js';
import { multiChannelSample } from './multi-channel.js';

async function load(merge: boolean) {
  const e = await engine();
  const s = multiChannelSample();
  const id = merge ? 'mcm_' : 'mc_';
  const parts = [];
  let duplicates = 0;
  for (const [i, f] of s.files.entries()) {
    const r = await loadData(e, f.rows, { table: `${id}f${i}`, keysTable: `${id}k${i}`, name: f.name });
    duplicates += r.duplicates;
    parts.push({ table: r.table, keys: `${id}k${i}`, fields: r.fields, file: r.file, channel: f.channel });
  }
  const { fields, overlaps } = await combineTransactions(e, parts, `${id}tx`);
  const cu = await loadData(e, s.register, { table: `${id}cu`, kind: 'customers' });
  const identity = merge ? await mergeIdentities(e, { transactions: `${id}tx`, customers: cu.table, customerFields: cu.fields, mappingTable: `${id}map` }) : undefined;
  const ds = await buildDataset(e, { id, transactions: `${id}tx`, fields, customers: cu.table, customerFields: cu.fields });
  return { s, ds, duplicates, overlaps, identity };
}

describe('the multi-channel sample', () => {
  it('data quality finds exactly the planted errors', async () => {
    const { s, ds, duplicates, overlaps } = await load(false);
    const p = s.planted;
    expect(overlaps.map((o) => o.rows)).toEqual([0, p.acrossFiles, 0]); // web–app, web–store, app–store
    const q = await runDataQuality(ds, { today: '2025-06-30', duplicates, acrossFiles: overlaps.reduce((n, o) => n + o.rows, 0), idsTable: 'mc_dq' });
    const got = Object.fromEntries(q.lines.map((l) => [l.key, l.count]));
    expect(got).toEqual({
      'completeness:name': 0,
      'completeness:email': p.missingEmail,
      'completeness:phone': 0,
      'completeness:birthday': p.missingBirthday,
      'completeness:signup_date': 0,
      'completeness:acquisition_channel': 0,
      'invalid-email': p.invalidEmail,
      'invalid-phone': p.invalidPhone,
      'impossible-birthday': p.impossibleBirthday,
      'future-order': p.futureOrders,
      'duplicate-rows': p.duplicateRows,
      'across-files': p.acrossFiles,
      'orphan-transactions': p.orphanRows,
      'no-purchase': p.noPurchase,
      'outlier-shop': p.outlierShop,
      'outlier-customer': p.outlierCustomer,
    });
    expect(q.lines.find((l) => l.key === 'orphan-transactions')!.customers).toBe(p.orphanCustomers);
    expect(q.register).toBe(p.registerRows);
    expect(q.transactions).toBe(p.transactionRows);
    expect(q.channels.map((c) => c.channel)).toEqual(['app', 'store', 'web']);
  });

  it('identity merging finds exactly the planted two-channel people and the shared phone', async () => {
    const { s, ds, identity } = await load(true);
    const p = s.planted;
    expect(identity!.merges.length).toBe(p.twoChannel);
    expect(identity!.merges.every((m) => m.by === 'email')).toBe(true);
    expect(identity!.conflicts).toEqual([{ ids: ['S5', 'W6'], by: 'phone', key: identity!.conflicts[0].key, reason: 'different-email' }]);
    // Customers: the register's people less those without a purchase, plus X999 (not in the register).
    expect(ds.customerCount).toBe(p.people - p.noPurchase + p.orphanCustomers);
  });
});
