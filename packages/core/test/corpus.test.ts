/**
 * The bad-input corpus through the real loader (Node engine). Every case of
 * test/fixtures/corpus/manifest.ts: either the stated error (code, message,
 * row) or the stated rows, customers, revenue, returns, duplicates and rejects.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CrmError, buildDataset, loadData, queryRows, sql, ident, type ColumnMapping } from '../src/index.js';
import { CORPUS, isError } from '../../../test/fixtures/corpus/manifest.js';
import { engine } from './engine.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/corpus/', import.meta.url));
let n = 0;

describe('bad-input corpus through loadData', () => {
  for (const c of CORPUS.filter((c) => !c.browserOnly)) {
    it(`${c.name}: ${c.what}`, async () => {
      const e = await engine();
      const bytes = new Uint8Array(readFileSync(dir + c.file));
      const id = `corpus${++n}_`;
      const o = c.options ?? {};
      const run = loadData(e, bytes, {
        table: `${id}transactions`,
        name: c.file,
        onInvalid: o.onInvalid,
        onDuplicate: o.onDuplicate,
        encoding: o.encoding,
        dateFormat: o.dateFormat,
        mapping: o.mapping as ColumnMapping,
      });
      const x = c.expect;
      if (isError(x)) {
        const err = await run.then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(err, 'must fail').toBeInstanceOf(CrmError);
        const ce = err as CrmError;
        expect(ce.code).toBe(x.error);
        for (const m of x.message) expect(ce.message).toContain(m);
        expect(ce.message).toContain(c.file);
        if (x.row !== undefined) expect(ce.detail.row).toBe(x.row);
        if (x.column !== undefined) expect(ce.detail.column).toBe(x.column);
        return;
      }
      const r = await run;
      const ds = await buildDataset(e, { id, transactions: r.table, fields: r.fields });
      expect(r.rows).toBe(x.rows);
      expect(ds.rows).toBe(x.rows);
      expect(ds.customerCount).toBe(x.customers);
      const [{ revenue }] = await queryRows<{ revenue: number }>(e, sql`SELECT sum(revenue) AS revenue FROM ${ident(ds.facts)}`);
      expect(revenue).toBeCloseTo(x.revenue, 9);
      expect(r.returns).toBe(x.returns ?? 0);
      expect(r.duplicates).toBe(x.duplicates ?? 0);
      if (x.duplicateRows) expect(r.duplicateRows).toEqual(x.duplicateRows);
      expect({ count: r.rejected.count, rows: r.rejected.rows }).toEqual(x.rejected ?? { count: 0, rows: [] });
      // Nothing lost silently: every input row is loaded, rejected or a dropped duplicate.
      expect(r.rows + r.rejected.count + (c.options?.onDuplicate === 'drop' ? r.duplicates : 0)).toBe(r.inputRows);
      if (x.encoding) expect(r.encoding).toBe(x.encoding);
      if (x.minDate) expect(ds.minDate).toBe(x.minDate);
      if (x.maxDate) expect(ds.maxDate).toBe(x.maxDate);
      if (x.contains) {
        const got = (await queryRows<{ v: string }>(e, sql`SELECT DISTINCT ${ident(x.contains.column)} AS v FROM ${ident(r.table)}`)).map((row) => row.v);
        for (const v of x.contains.values) expect(got).toContain(v);
      }
    });
  }

  it('has at least 25 distinct files', () => {
    expect(new Set(CORPUS.map((c) => c.file)).size).toBeGreaterThanOrEqual(25);
  });
});
