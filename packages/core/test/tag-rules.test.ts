import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { queryRows, sql } from '../src/index.js';
import { CrmError } from '../src/errors.js';
import { checkRule, evalRule, parseRule, ruleSQL, ruleText, toRule, MAX_RULE_CONDITIONS, MAX_RULE_DEPTH, MAX_RULE_LENGTH, type Rule } from '../src/metrics/tag-rules.js';
import { ruleFactsQuery } from '../src/metrics/tags.js';

/** The refusal's detail (fails the test when the rule is accepted). */
function refused(input: unknown): NonNullable<CrmError['detail']['rule']> & { message: string } {
  try {
    toRule(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    expect((e as CrmError).code).toBe('invalid-rule');
    return { ...(e as CrmError).detail.rule!, message: (e as CrmError).message };
  }
  throw new Error(`accepted: ${String(input)}`);
}

describe('rule language', () => {
  it('parses and/or/not with precedence into the JSON form', () => {
    expect(parseRule('orders >= 5 and days_since_last > 120')).toEqual({
      all: [
        { field: 'orders', op: '>=', value: 5 },
        { field: 'days_since_last', op: '>', value: 120 },
      ],
    });
    // and binds tighter than or
    expect(parseRule("revenue > 1000 or orders >= 3 and not (first_order < '2024-01-01')")).toEqual({
      any: [
        { field: 'revenue', op: '>', value: 1000 },
        { all: [{ field: 'orders', op: '>=', value: 3 }, { not: { field: 'first_order', op: '<', value: '2024-01-01' } }] },
      ],
    });
    expect(parseRule('profit <> -2.5')).toEqual({ field: 'profit', op: '!=', value: -2.5 });
    expect(ruleText(parseRule('orders>=5 AND (revenue<10 OR revenue>100)'))).toBe('orders >= 5 and (revenue < 10 or revenue > 100)');
  });

  it('the JSON form is checked and the same rule as the expression', () => {
    const json = { all: [{ field: 'orders', op: '>=', value: 5 }, { field: 'days_since_last', op: '>', value: 120 }] };
    expect(checkRule(json)).toEqual(parseRule('orders >= 5 and days_since_last > 120'));
    expect(toRule(JSON.stringify(json))).toEqual(json);
  });

  it('refuses hostile and broken rules, naming the place and the token', () => {
    let r = refused("orders >= 5; DROP TABLE s1_facts");
    expect([r.problem, r.position, r.token]).toEqual(['bad-character', 11, ';']);
    expect(r.message).toBe('Invalid rule: unexpected character ";" at position 11.');
    r = refused("orders >= '5' OR '1'='1'");
    expect([r.problem, r.position, r.token]).toEqual(['bad-value', 10, '5']);
    r = refused("revenue > 1 or 1 = 1");
    expect([r.problem, r.position, r.token]).toEqual(['unexpected-token', 15, '1']);
    r = refused('customer_id = 1');
    expect([r.problem, r.position, r.token]).toEqual(['unknown-field', 0, 'customer_id']);
    r = refused('orders >= 5 --');
    expect([r.problem, r.position, r.token]).toEqual(['bad-character', 12, '-']);
    r = refused("first_order > '2024-01-01");
    expect([r.problem, r.position]).toEqual(['unclosed-string', 14]);
    r = refused('orders =< 5');
    expect([r.problem, r.position, r.token]).toEqual(['bad-operator', 7, '=<']);
    r = refused('orders >= 5 and');
    expect(r.problem).toBe('unexpected-end');
    r = refused('(orders >= 5');
    expect(r.problem).toBe('unexpected-end');
    r = refused('orders >= 1e400');
    expect([r.problem, r.token]).toEqual(['bad-value', '1e400']);
    r = refused("first_order > '2024-02-30'");
    expect([r.problem, r.token]).toEqual(['bad-value', '2024-02-30']);
    r = refused('orders >= 5 ) or (revenue > 1');
    expect([r.problem, r.position, r.token]).toEqual(['unexpected-token', 12, ')']);
    expect(refused('   ').problem).toBe('empty');
  });

  it('refuses very long, deeply nested and very many conditions', () => {
    const long = `orders >= 1${' '.repeat(MAX_RULE_LENGTH)}`;
    expect([refused(long).problem, refused(long).limit]).toEqual(['too-long', MAX_RULE_LENGTH]);
    const deep = `${'('.repeat(MAX_RULE_DEPTH + 5)}orders > 1${')'.repeat(MAX_RULE_DEPTH + 5)}`;
    expect(refused(deep).problem).toBe('too-deep');
    const nots = `${'not '.repeat(MAX_RULE_DEPTH + 1)}orders > 1`;
    expect(refused(nots).problem).toBe('too-deep');
    const many = Array.from({ length: MAX_RULE_CONDITIONS + 1 }, () => 'orders > 1').join(' or ');
    expect([refused(many).problem, refused(many).limit]).toEqual(['too-many', MAX_RULE_CONDITIONS]);
    // Deep JSON
    let j: unknown = { field: 'orders', op: '>', value: 1 };
    for (let i = 0; i < MAX_RULE_DEPTH + 2; i++) j = { not: j };
    expect(refused(j).problem).toBe('too-deep');
  });

  it('refuses JSON rules with SQL in a field, an operator or a value, or extra keys', () => {
    let r = refused({ field: 'orders; DROP TABLE x', op: '>', value: 1 });
    expect([r.problem, r.path, r.token]).toEqual(['unknown-field', '$.field', 'orders; DROP TABLE x']);
    r = refused({ all: [{ field: 'orders', op: '> 0 OR 1=1 --', value: 1 }] });
    expect([r.problem, r.path]).toEqual(['bad-operator', '$.all[0].op']);
    r = refused({ any: [{ field: 'revenue', op: '>', value: "1' OR '1'='1" }] });
    expect([r.problem, r.path]).toEqual(['bad-value', '$.any[0].value']);
    r = refused({ field: 'orders', op: '>', value: 1, sql: 'TRUE' });
    expect([r.problem, r.token]).toEqual(['bad-shape', 'sql']);
    r = refused({ all: [] });
    expect([r.problem, r.path]).toEqual(['bad-shape', '$.all']);
    r = refused('{"all": [');
    expect(r.problem).toBe('unexpected-token');
  });

  it('runs on the real engine: the rule selects the customers a JS evaluation selects', async () => {
    // c1: 3 orders / 300 (last 2024-03-01), c2: 1 / 50 (2024-03-01), c3: 2 / 20 (last 2024-01-20); as-of 2024-03-02.
    const ds = await dataset([
      { customer_id: 'c1', order_date: '2024-01-01', amount: 100 },
      { customer_id: 'c1', order_date: '2024-02-01', amount: 100 },
      { customer_id: 'c1', order_date: '2024-03-01', amount: 100 },
      { customer_id: 'c2', order_date: '2024-03-01', amount: 50 },
      { customer_id: "c3'; --", order_date: '2024-01-15', amount: 10 },
      { customer_id: "c3'; --", order_date: '2024-01-20', amount: 10 },
    ]);
    const facts = await queryRows<Record<string, number | string>>(ds.engine, ruleFactsQuery(ds));
    const iso = (v: unknown) => new Date(v as number).toISOString().slice(0, 10);
    const js = facts.map((f) => ({ ...f, first_order: iso(f.first_order), last_order: iso(f.last_order) }));
    const rules: Rule[] = [
      parseRule('orders >= 2 and days_since_last > 30'), // c3: 42 days since
      parseRule("not (revenue > 100) or first_order >= '2024-03-01'"), // c2, c3
      parseRule('average_order = 100'), // c1
      parseRule('tenure_days >= 60'), // c1: 61
    ];
    for (const rule of rules) {
      const got = (await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM (${ruleFactsQuery(ds)}) AS f WHERE ${ruleSQL(rule)} ORDER BY customer_id`)).map((r) => r.customer_id);
      const want = js.filter((f) => evalRule(rule, f)).map((f) => f.customer_id as string).sort();
      expect(got).toEqual(want);
      expect(got.length).toBeGreaterThan(0);
    }
  });
});
