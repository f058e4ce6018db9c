import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, VISITORS_PER_BUYER } from './generate.js';
import { engine } from '../packages/core/test/engine.js';
import { buildDataset, loadData } from '../packages/core/src/index.js';
import { loadEvents } from '../packages/core/src/events.js';
import { runConversionFunnel } from '../packages/core/src/metrics/conversion-funnel.js';
import { runAcquisition } from '../packages/core/src/metrics/acquisition.js';
import { scoreCustomerValue } from '../packages/core/src/metrics/customer-value.js';
import { queryRows } from '../packages/core/src/engine.js';

const csvRows = (file: string) => {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  // the generated names and addresses may hold commas (quoted): only the unquoted tail columns are read here
  return lines.map((l) => {
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"'));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
  });
};

describe('generator: events with a planted funnel and payback', () => {
  it('the funnel per channel is exactly the planted one, and payback matches an independent computation', async () => {
    const g = await generate({ customers: 2000, seed: 11, out: mkdtempSync(join(tmpdir(), 'crmkit-ev-')), events: true, chunk: 5000 });
    expect(g.eventsFile).toBeDefined();
    const e = await engine();
    const tx = await loadData(e, new Uint8Array(readFileSync(g.transactionsFile)), { kind: 'transactions', table: 'gev_tx', name: 'tx.csv' });
    const cu = await loadData(e, new Uint8Array(readFileSync(g.customersFile)), { kind: 'customers', table: 'gev_cu', name: 'cu.csv' });
    const ds = await buildDataset(e, { id: 'gev_', transactions: tx.table, fields: tx.fields, customers: cu.table, customerFields: cu.fields });
    ds.events = (await loadEvents(e, new Uint8Array(readFileSync(g.eventsFile!)), { table: 'gev_events', name: 'events.csv' })).table;

    // Independent: customers per acquisition channel from the customers file.
    const customers = csvRows(g.customersFile);
    const B = new Map<string, number>();
    for (const c of customers) B.set(c.acquisition_channel, (B.get(c.acquisition_channel) ?? 0) + 1);
    const r = await runConversionFunnel(ds, { steps: 'visit,add_to_cart,purchase', window: '7d', breakdown: 'channel' });
    expect(r.purchasesFromTransactions).toBe(true);
    for (const [ch, b] of B) {
      const m = VISITORS_PER_BUYER[ch];
      const got = r.groups.find((x) => x.value === ch)!;
      // step 1 = B·m, step 2 = B·(1 + [m ≥ 2]), step 3 = B: conversion 1/m
      expect(got.steps.map((s) => s.people)).toEqual([b * m, b * (m >= 2 ? 2 : 1), b]);
      expect(got.steps[2].conversion).toBeCloseTo(1 / m, 12);
    }
    const total = [...B].reduce((a, [ch, b]) => a + b * VISITORS_PER_BUYER[ch], 0);
    expect(r.steps[0].people).toBe(total);
    expect(r.steps[2].people).toBe(2000);

    // Payback: unit cost = mean acquisition_cost; value = profit (Σ amount − Σ cost) per customer, by channel.
    const channelOf = new Map(customers.map((c) => [c.customer_id, c.acquisition_channel]));
    const profit = new Map<string, number>();
    for (const t of csvRows(g.transactionsFile)) profit.set(channelOf.get(t.customer_id)!, (profit.get(channelOf.get(t.customer_id)!) ?? 0) + Number(t.amount) - Number(t.cost));
    const cost = new Map<string, number>();
    for (const c of customers) cost.set(c.acquisition_channel, (cost.get(c.acquisition_channel) ?? 0) + Number(c.acquisition_cost));
    const a = await runAcquisition(ds);
    expect(a.source).toBe('register');
    for (const ch of a.channels) {
      const b = B.get(ch.channel!)!;
      expect(ch.customers).toBe(b);
      expect(ch.unitCost!).toBeCloseTo(cost.get(ch.channel!)! / b, 6);
      expect(ch.valuePerCustomer).toBeCloseTo(profit.get(ch.channel!)! / b, 6);
      expect(ch.netPerCustomer!).toBeCloseTo(profit.get(ch.channel!)! / b - cost.get(ch.channel!)! / b, 6);
    }
    // Predicted value: the mean CLV per channel, grouped here in JS by the customers file's channels.
    const withClv = await runAcquisition(ds, { predictedValue: true });
    expect(withClv.clvError).toBeUndefined();
    const scores = await queryRows<{ customer_id: string; clv: number }>(e, (await scoreCustomerValue(ds)).assignment);
    const clvSum = new Map<string, number>();
    for (const x of scores) clvSum.set(channelOf.get(x.customer_id)!, (clvSum.get(channelOf.get(x.customer_id)!) ?? 0) + Number(x.clv));
    for (const ch of withClv.channels) expect(ch.clvPerCustomer!).toBeCloseTo(clvSum.get(ch.channel!)! / B.get(ch.channel!)!, 6);
    // The planted unit costs are ordered as their medians: affiliate (40) and social ads (35) cost most, organic search (4) least.
    const unit = Object.fromEntries(a.channels.map((c) => [c.channel, c.unitCost!]));
    expect(unit['organic search']).toBeLessThan(unit.email + 2);
    expect(unit.affiliate).toBeGreaterThan(unit['paid search']);
  }, 120_000);
});
