import { expect } from '@open-wc/testing';
import { queryRows, sql, type Engine, type SelectionClause } from '@crmkit/core';
import { getEngine } from '@crmkit/elements';
import { byteSize } from '../../packages/core/src/prefetch.js';
import { differences, planted } from '../../packages/core/test/planted.js';
import { coordinated, type Name } from '../../packages/core/test/coordinated.js';
import './setup.js';

/**
 * The groups a widget offers to a click are worked out ahead only while DuckDB-WASM's memory in use plus those
 * groups stays within a share of its memory limit (prefetch.ts `GROUP_MEMORY_SHARE`): the limit as the page's
 * engine states it is read, and beyond the share a click takes the general path with the same figures.
 *
 * Data: `planted()` (packages/core/test/planted.ts): c<i> (i = 1 … 20) spends 200 − 10·(i − 1) at a cost of i; by
 * (i − 1) mod 4: new (one order on 2024-06-30), core (2024-05-01 and 2024-06-20, half each), dozing (2024-02-01),
 * half-asleep (2023-08-01). As-of 2024-07-01.
 */
let n = 0;

/** A coordinator on the page's engine with the planted data and one client per analysis (default options). */
async function setup(groupMemoryShare?: number) {
  const base = await getEngine();
  let statements = 0;
  const e = Object.assign(Object.create(base) as Engine, {
    query: (q: never) => (statements++, base.query(q)),
    exec: (q: never) => (statements++, base.exec(q)),
  });
  const prefix = `gmb${++n}_`;
  const { coord, shown, all, general: generalOf, pickOf } = await coordinated(e, planted(), prefix, groupMemoryShare === undefined ? {} : { groupMemoryShare });
  await all();
  const groupTables = async () =>
    Number((await queryRows<{ n: number }>(base, sql`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE ${prefix + 'selection_g%'}`))[0].n);
  const general = (name: Name, predicate: SelectionClause['predicate']) => generalOf(name, [predicate]);
  const core = pickOf('lifecycle-funnel', { key: 'core', compare: false });
  const clickCore = async () => {
    await coord.select({ client: 'lifecycle-funnel', predicate: core.predicate, kind: core.kind, label: 'core', basis: 'computed' });
    await all();
  };
  return { base, coord, shown, all, groupTables, general, core, clickCore, count: () => statements, teardown: () => coord.teardown() };
}

describe('groups worked out ahead within the engine\'s memory', () => {
  it('reads the memory limit DuckDB-WASM states', async () => {
    const e = await getEngine();
    const [{ lim }] = await queryRows<{ lim: string }>(e, sql`SELECT current_setting('memory_limit') AS lim`);
    const bytes = byteSize(lim);
    expect(bytes, lim).to.be.a('number');
    // Set to 10^9 bytes, it reads back as 953.6 MiB (1e9 / 1024² = 953.67, one decimal): within 0.1 %.
    try {
      await e.exec(sql`SET memory_limit = '1000000000B'`);
      const [{ set }] = await queryRows<{ set: string }>(e, sql`SELECT current_setting('memory_limit') AS set`);
      expect(Math.abs(byteSize(set)! - 1e9), set).to.be.lessThan(1e6);
    } finally {
      await e.exec(sql`SET memory_limit = ${lim}`);
    }
  });

  it('beyond the share nothing is kept and a click takes the general path; within it the groups are kept and a click sends nothing; the same figures either way', async () => {
    // A share of 10⁻¹²: below any memory in use, so no widget has room.
    const tight = await setup(1e-12);
    try {
      await tight.coord.prefetch('lifecycle-funnel');
      await tight.coord.prefetch('profit-matrix');
      expect(await tight.groupTables()).to.equal(0);
      const before = tight.count();
      await tight.clickCore();
      expect(tight.count()).to.be.greaterThan(before);
      // Core = c02, c06, c10, c14, c18: 190 + 150 + 110 + 70 + 30 = 550.
      expect((tight.shown['pareto-curve'] as { summary: { n: number; total: number } }).summary).to.include({ n: 5, total: 550 });
      for (const other of ['segment-pyramid', 'pareto-curve', 'profit-matrix'] as const) expect(differences(tight.shown[other], await tight.general(other, tight.core.predicate)), other).to.deep.equal([]);
    } finally {
      tight.teardown();
    }
    // The default share: 20 customers' groups fit. The funnel's four stages with customers (new, core, dozing,
    // half-asleep; none dormant) are kept, and the click on core sends no statement.
    const roomy = await setup();
    try {
      await roomy.coord.prefetch('lifecycle-funnel');
      expect(await roomy.groupTables()).to.equal(4);
      const before = roomy.count();
      await roomy.clickCore();
      expect(roomy.count()).to.equal(before);
      expect((roomy.shown['pareto-curve'] as { summary: { n: number; total: number } }).summary).to.include({ n: 5, total: 550 });
      for (const other of ['segment-pyramid', 'pareto-curve', 'profit-matrix'] as const) expect(differences(roomy.shown[other], await roomy.general(other, roomy.core.predicate)), other).to.deep.equal([]);
    } finally {
      roomy.teardown();
    }
  });
});
