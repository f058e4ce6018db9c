/** Helpers shared by the browser tests (test/browser, test/browser-server). */
import { expect } from '@open-wc/testing';

/** Three rounds of: wait `ms`, then every widget's pending render; the widgets' answers have landed after it. */
export async function settle(widgets: Iterable<{ updateComplete: Promise<unknown> }>, ms = 30): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, ms));
    await Promise.all([...widgets].map((w) => w.updateComplete));
  }
}

/** Deep equality, numbers to 1e-9 relative (sums in another order); keys whose value is undefined are left out. */
export function close(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).to.equal(true);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
    expect(keys(a), path).to.deep.equal(keys(b));
    for (const k of keys(a)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).to.equal(b);
}
