/** The SQL helper: quoting, literals, allow-lists, and injection strings that stay inert in the real engine. */
import { beforeAll, describe, expect, it } from 'vitest';
import { SQL, and, dateLit, ident, join, keyword, lit, qualified, queryRows, raw, sql } from '../src/index.js';
import { engine } from './engine.js';

const HOSTILE = [
  `x"; DROP TABLE victim; --`,
  `'; DROP TABLE victim; --`,
  `1' OR '1'='1`,
  `"); DELETE FROM victim; --`,
  `\\'; DROP TABLE victim; --`,
  `$$; DROP TABLE victim; $$`,
  `x" UNION SELECT 42 --`,
  `/* */ DROP TABLE victim`,
  `客戶"; DROP TABLE victim;--`,
];

async function victimRows(): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(await engine(), 'SELECT count(*) AS n FROM victim');
  return n;
}

describe('sql helper', () => {
  beforeAll(async () => {
    const e = await engine();
    await e.exec('CREATE OR REPLACE TABLE victim AS SELECT * FROM range(3) t(i)');
  });

  it('quotes identifiers by doubling quotes', () => {
    expect(ident('order "date"').text).toBe('"order ""date"""');
    expect(qualified('s', 'a"b').text).toBe('"s"."a""b"');
    expect(() => ident('')).toThrow(/invalid identifier/);
    expect(() => ident('a\u0000b')).toThrow(/NUL/);
  });

  it('writes literals for every JS value', () => {
    expect(lit("O'Brien").text).toBe("'O''Brien'");
    expect(lit(3).text).toBe('3');
    expect(lit(2.5).text).toBe('2.5::DOUBLE');
    expect(lit(null).text).toBe('NULL');
    expect(lit(true).text).toBe('TRUE');
    expect(lit(10n).text).toBe('10');
    expect(lit(new Date('2024-03-05T12:00:00Z')).text).toBe("DATE '2024-03-05'");
    expect(lit(['a', 1]).text).toBe("['a', 1]");
    expect(() => lit(Number.NaN)).toThrow(/invalid number/);
    expect(() => lit(Infinity)).toThrow(/invalid number/);
    expect(() => lit('a\u0000')).toThrow(/NUL/);
    expect(() => lit(new Date('nope'))).toThrow(/invalid date/);
  });

  it('interpolates values as literals and SQL fragments as written', () => {
    const q = sql`SELECT ${'a'} AS ${ident('x y')}, ${raw('1 + 1')} AS two`;
    expect(q).toBeInstanceOf(SQL);
    expect(q.text).toBe(`SELECT 'a' AS "x y", 1 + 1 AS two`);
    // The tag keeps template text raw: regex backslashes reach SQL as written.
    expect(sql`regexp_matches(x, '\d+')`.text).toBe(`regexp_matches(x, '\\d+')`);
    expect(join([1, 'b', sql`c`]).text).toBe(`1, 'b', c`);
  });

  it('and() skips empty predicates and is TRUE when none', () => {
    expect(and().text).toBe('TRUE');
    expect(and(undefined, sql`a = 1`, false, sql``, sql`b = 2`).text).toBe('(a = 1) AND (b = 2)');
  });

  it('dateLit accepts only real ISO dates', () => {
    expect(dateLit('2024-02-29').text).toBe("DATE '2024-02-29'");
    expect(() => dateLit('2023-02-29')).toThrow(/invalid date/);
    expect(() => dateLit('2024-01-01\'; DROP TABLE victim; --')).toThrow(/invalid date/);
    expect(() => dateLit('2024/01/01')).toThrow(/expected YYYY-MM-DD/);
  });

  it('keyword() allows only listed values', () => {
    expect(keyword(' Revenue ', 'measure', ['revenue', 'profit'])).toBe('revenue');
    expect(() => keyword('revenue; DROP TABLE victim', 'measure', ['revenue', 'profit'])).toThrow('invalid measure: revenue; DROP TABLE victim (expected one of revenue, profit)');
    expect(() => keyword(1, 'measure', ['revenue'])).toThrow(/invalid measure/);
  });

  for (const s of HOSTILE) {
    it(`an injection string is inert as a literal and as an identifier: ${s}`, async () => {
      const e = await engine();
      const rows = await queryRows<Record<string, unknown>>(e, sql`SELECT ${s} AS v, 1 AS ${ident(s)}`);
      // One row, two columns: the value comes back verbatim, the alias is the whole string.
      expect(rows).toEqual([{ v: s, [s]: 1 }]);
      const filtered = await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM victim WHERE CAST(i AS VARCHAR) = ${s}`);
      expect(filtered[0].n).toBe(0);
      // As a table name it is refused by the engine as unknown (quoted), not executed.
      await expect(e.query(sql`SELECT * FROM ${ident(s)}`)).rejects.toThrow(/does not exist|not found/i);
      expect(await victimRows()).toBe(3);
    });
  }

  it('built queries pass EXPLAIN', async () => {
    const e = await engine();
    const q = sql`SELECT i FROM victim WHERE ${and(sql`i >= ${1}`, sql`CAST(i AS VARCHAR) <> ${HOSTILE[1]}`)} AND ${raw('TRUE')}`;
    await expect(e.query(sql`EXPLAIN ${q}`)).resolves.toBeDefined();
    expect((await queryRows<{ i: number }>(e, q)).map((r) => r.i)).toEqual([1, 2]);
  });
});
