/**
 * The twenty planted customers of the cross-filter tests worked out ahead, and the comparison of two results to
 * 1e-9, shared by the Node tests (packages/core/test) and the browser tests (test/browser): no Node or DOM imports here.
 *
 * c01..c20: c<i> spends 200 − 10·(i − 1) (c01 = 200 … c20 = 10; total 2100) at a cost of i, and by (i − 1) mod 4 is
 *   0 → one order on 2024-06-30 (new: tenure 1 day, as-of 2024-07-01),
 *   1 → two orders, 2024-05-01 and 2024-06-20, half the amount each (core: recency 11, 2 orders),
 *   2 → one order on 2024-02-01 (dozing: 151 days ago),
 *   3 → one order on 2023-08-01 (half-asleep: 335 days ago).
 */
export function planted(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 1; i <= 20; i++) {
    const id = `c${String(i).padStart(2, '0')}`;
    const amount = 200 - 10 * (i - 1);
    const cost = i;
    const k = (i - 1) % 4;
    if (k === 1) {
      rows.push({ customer_id: id, order_id: `${id}a`, order_date: '2024-05-01', amount: amount / 2, cost: cost / 2 });
      rows.push({ customer_id: id, order_id: `${id}b`, order_date: '2024-06-20', amount: amount / 2, cost: cost / 2 });
    } else rows.push({ customer_id: id, order_id: `${id}a`, order_date: ['2024-06-30', '', '2024-02-01', '2023-08-01'][k], amount, cost });
  }
  return rows;
}

/** Numbers to 1e-9 (relative to their size, at least absolute), everything else exactly: the paths where `a` and `b` differ. */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length ? [`${path}: ${a.length} vs ${b.length} items`] : a.flatMap((x, i) => differences(x, b[i], `${path}[${i}]`));
  if (a && b && typeof a === 'object' && typeof b === 'object') return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => differences((a as never)[k], (b as never)[k], `${path}.${k}`));
  return a === b ? [] : [`${path}: ${String(a)} vs ${String(b)}`];
}

/** Equal, numbers to 1e-9 as in `differences`; throws, naming every path where `a` and `b` differ. */
export function close(a: unknown, b: unknown, path = ''): void {
  const d = differences(a, b, path);
  if (d.length) throw new Error(d.join('; '));
}
