/** A day-first date's hint names the layout with the date's own separator (31.12.2024 → %d.%m.%Y), and that layout reads it. */
import { describe, expect, it } from 'vitest';
import { CrmError, loadData, queryRows, sql, ident } from '../src/index.js';
import { engine } from './engine.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('date-format hint', () => {
  for (const [date, sep] of [
    ['31.12.2024', '.'],
    ['31/12/2024', '/'],
    ['31-12-2024', '-'],
  ] as const) {
    it(`"${date}" suggests %d${sep}%m${sep}%Y, which then loads it`, async () => {
      const csv = text(`customer_id,order_date,amount\nA,${date},219.97\n`);
      const e = await loadData(await engine(), csv, { table: `dh${sep.charCodeAt(0)}` }).then(
        () => undefined,
        (x: unknown) => x as CrmError,
      );
      expect(e).toBeInstanceOf(CrmError);
      expect(e!.message).toContain(`date-format="%d${sep}%m${sep}%Y" (day first) or "%m${sep}%d${sep}%Y" (month first)`);
      expect(e!.detail.hint).toEqual({ kind: 'date-format', example: date });
      // the suggested layout reads the date: 31 December 2024
      const r = await loadData(await engine(), csv, { table: `dhok${sep.charCodeAt(0)}`, dateFormat: `%d${sep}%m${sep}%Y` });
      const rows = await queryRows<{ order_date: number }>(await engine(), sql`SELECT order_date FROM ${ident(r.table)}`);
      expect(rows.map((x) => x.order_date)).toEqual([Date.parse('2024-12-31T00:00:00Z')]);
    });
  }
});
